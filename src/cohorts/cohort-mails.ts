import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { IsNull, LessThan, Repository } from 'typeorm';
import { FeedsService } from '../calendar/feeds.service';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Transactions } from '../database/transactions';
import { MemberProfile } from '../members/members.service';
import { OutboxService } from '../outbox/outbox.service';
import { TemplatesService } from '../templates/templates.service';
import { CohortMember } from './cohort-member.entity';
import { Cohort } from './cohort.entity';
import { CohortViews } from './cohort-views';

/** A cohort mail's content; the composer adds the envelope. */
export interface CohortMail {
  subject: string;
  template: 'cohort';
  context: Record<string, unknown>;
  attachments?: { filename: string; contentType: string; content: string }[];
}

/** What a workclub writes to its members: the welcome (the whole schedule) and the closing summary. */
@Injectable()
export class CohortMails {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly places: Repository<CohortMember>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly views: CohortViews,
    private readonly feeds: FeedsService,
    private readonly outbox: OutboxService,
    private readonly templates: TemplatesService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** After a cohort's last day, a summary of every project to each of its members; once. */
  async queueSummaries(): Promise<void> {
    const today = DateTime.fromJSDate(this.clock.now(), { zone: this.settings.timezone }).toISODate()!;
    for (const cohort of await this.cohorts.findBy({ endsOn: LessThan(today), summaryQueuedAt: IsNull() })) {
      const members = await this.places.findBy({ cohortId: cohort.id, status: 'accepted' });
      await this.transactions.run(
        async (manager) => {
          const result = await manager.update(
            Cohort,
            { id: cohort.id, summaryQueuedAt: IsNull() },
            { summaryQueuedAt: this.clock.now() },
          );
          if (!result.affected) return;
          const orders = members.map((place) => ({
            kind: 'cohort-summary' as const,
            memberId: place.memberId,
            eventId: null,
            details: { cohortId: cohort.id },
          }));
          await this.outbox.enqueue(manager, orders);
        },
        { touches: [] },
      );
    }
  }

  /** The welcome: the whole schedule, as text and as one .ics. */
  async welcome(cohortId: string, member: MemberProfile): Promise<CohortMail | { skip: string }> {
    return this.content(cohortId, member, 'welcome');
  }

  /** The closing summary: every project and its notes. */
  async summary(cohortId: string, member: MemberProfile): Promise<CohortMail | { skip: string }> {
    return this.content(cohortId, member, 'summary');
  }

  private async content(
    cohortId: string,
    member: MemberProfile,
    which: 'welcome' | 'summary',
  ): Promise<CohortMail | { skip: string }> {
    const cohort = await this.cohorts.findOneBy({ id: cohortId });
    if (!cohort) return { skip: 'the cohort no longer exists' };
    const [view] = await this.views.of([cohort]);
    const locale = member.locale;
    const { sessions: schedule, projects } = this.views.schedule(view, locale);
    return {
      subject: this.templates.text(locale, `mail.cohort-${which}.subject`, { title: cohort.title }),
      template: 'cohort',
      context: {
        intro: this.templates.text(locale, `mail.cohort-${which}.intro`, {
          name: member.name,
          title: cohort.title,
          days: cohort.durationDays,
        }),
        sessions: which === 'welcome' ? schedule : null,
        projects,
        feedUrl: view.response.feedUrl,
        pageUrl: view.response.pageUrl,
      },
      attachments:
        which === 'welcome'
          ? [
              {
                filename: 'workclub.ics',
                contentType: 'text/calendar; charset=utf-8',
                content: this.feeds.eventsFile(this.feeds.cohortTitle(cohort, locale), view.sessions),
              },
            ]
          : undefined,
    };
  }
}
