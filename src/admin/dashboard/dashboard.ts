import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CohortsService } from '../../cohorts/cohorts.service';
import { Clock } from '../../common/clock';
import { Locale } from '../../common/locale';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { EventQuery } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { Quorums } from '../../events/quorums';
import { MembersService } from '../../members/members.service';
import { OutboxService } from '../../outbox/outbox.service';
import { recipientsOf } from '../../outbox/outbox-message.entity';

const DAY_MS = 86_400_000;
/** The dashboard looks this far ahead. */
export const AHEAD_DAYS = 14;
/** A series whose last occurrence comes within this many days is about to run out. */
export const SERIES_ENDING_DAYS = 28;
/** Failed mails listed (the mail page shows them all). */
const FAILED_SHOWN = 5;
/** Events listed in the next 14 days; a busier fortnight links to the events page for the rest. */
const UPCOMING_SHOWN = 200;

/**
 * What an organiser must see first: the next two weeks with their answers, quorums still open, mails that failed,
 * cohorts running, and what needs fixing. A handful of queries whatever the number of events.
 */
@Injectable()
export class Dashboard {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly quorums: Quorums,
    private readonly outbox: OutboxService,
    private readonly members: MembersService,
    private readonly cohorts: CohortsService,
    private readonly clock: Clock,
  ) {}

  async of(locale: Locale) {
    const now = this.clock.now();
    const ahead = new Date(now.getTime() + AHEAD_DAYS * DAY_MS);
    const window = { from: now.toISOString(), to: ahead.toISOString(), limit: UPCOMING_SHOWN, offset: 0 };
    const [upcoming, quorums, [failed, failedTotal], running, ending] = await Promise.all([
      this.events.list(window as EventQuery),
      this.quorums.waiting(),
      this.outbox.list('failed', FAILED_SHOWN, 0),
      this.cohorts.list('running'),
      this.events.seriesEnding(now, new Date(now.getTime() + SERIES_ENDING_DAYS * DAY_MS)),
    ]);
    const names = new Map((await this.members.profiles(recipientsOf(failed))).map((m) => [m.id, m.name]));
    const when = (at: Date) =>
      DateTime.fromJSDate(at, { zone: this.settings.timezone }).setLocale(locale).toFormat('ccc d LLL, HH:mm');
    const day = (date: string) => DateTime.fromISO(date).setLocale(locale).toFormat('d LLL yyyy');
    return {
      upcoming: upcoming.events.map((event) => ({
        id: event.id,
        title: event.title,
        when: when(event.startsAt),
        cancelled: event.status === 'cancelled',
        counts: event.counts,
        seatsLeft: event.seatsLeft,
        limited: event.seatsLeft !== null,
      })),
      moreUpcoming: upcoming.total > upcoming.events.length,
      quorums: quorums.map((event) => ({
        id: event.id,
        title: event.title,
        when: when(event.startsAt),
        going: event.goingCount,
        minimum: event.minAttendees,
        deadline: event.quorumDeadline ? when(event.quorumDeadline) : '',
        short: event.goingCount < event.minAttendees!,
      })),
      failed: failed.map((mail) => ({
        id: mail.id,
        kind: mail.kind,
        to: (mail.memberId && names.get(mail.memberId)) || mail.recipient || '',
        reason: mail.lastError ?? '',
      })),
      failedTotal,
      cohorts: running.map((cohort) => ({
        id: cohort.id,
        title: cohort.title,
        from: day(cohort.startsOn),
        to: day(cohort.endsOn),
        members: cohort.members.filter((place) => place.status === 'accepted').length,
        applications: cohort.members.filter((place) => place.status === 'applied').length,
      })),
      // Workclub sessions have no host by design: the cohort runs them together.
      withoutHost: upcoming.events
        .filter((event) => event.status !== 'cancelled' && event.kind !== 'workclub-session' && !event.hostIds?.length)
        .map((event) => ({ id: event.id, title: event.title, when: when(event.startsAt) })),
      seriesEnding: ending.map((event) => ({
        id: event.id,
        seriesId: event.seriesId,
        title: event.title,
        when: when(event.startsAt),
      })),
    };
  }
}
