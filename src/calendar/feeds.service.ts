import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventResponse } from '../events/event.dto';
import { EventKind } from '../events/event.entity';
import { EventsService } from '../events/events.service';
import { Locale } from '../common/locale';
import { MembersService } from '../members/members.service';
import { RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { TemplatesService } from '../templates/templates.service';
import { BuiltFeed, FeedCache } from './feed-cache';
import { CalendarEntry, calendarText, entryOf, mailbox } from './ics';

/** Feeds hold events from 60 days back to 12 months ahead: small enough for every client. */
const WINDOW = { back: { days: 60 }, ahead: { months: 12 } };
/** Clients are asked to come back every 6 hours (Google does as it likes: urgent news goes by mail too). */
const REFRESH_SECONDS = 6 * 3600;

/** Statuses shown as not (yet) sure in a member's own feed, with a prefix in the summary. */
const TENTATIVE: RegistrationStatus[] = ['waitlisted', 'maybe'];

@Injectable()
export class FeedsService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly templates: TemplatesService,
    private readonly cache: FeedCache,
    private readonly clock: Clock,
  ) {}

  /** Public events, or those of one kind ("just the colunches"). */
  publicFeed(kind?: EventKind): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`public:${kind ?? ''}`, async () => {
      const events = await this.events.inWindow(...this.window(), { visibility: 'public', kind });
      const name = kind
        ? `${this.templates.text('fr', 'feed.public')} · ${this.templates.text('fr', `kind.${kind}`)}`
        : this.templates.text('fr', 'feed.public');
      return this.text(
        name,
        events.map((event) => this.entry(event)),
      );
    });
  }

  /** Every event the member may attend, with their own answer; null for an unknown (or rotated) token. */
  memberFeed(feedToken: string): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`member:${feedToken}`, async () => {
      const member = await this.members.byFeedToken(feedToken);
      if (!member) return null;
      const events = await this.events.inWindow(...this.window());
      const answers = await this.registrations.statusesOf(
        member.id,
        events.map((event) => event.id),
      );
      // A workclub session is for its cohort: it shows only to the members registered to it.
      const mine = events.filter((event) => !event.cohortId || answers.has(event.id));
      const entries = mine.map((event) => this.withAnswer(this.entry(event), answers.get(event.id), member.locale));
      return this.text(this.templates.text(member.locale, 'feed.member', { name: member.name }), entries);
    });
  }

  /** The sessions of a workclub cohort, behind the cohort's own feed token. */
  cohortFeed(feedToken: string, find: (token: string) => Promise<{ id: string; title: string } | null>) {
    return this.cache.get(`cohort:${feedToken}`, async () => {
      const cohort = await find(feedToken);
      if (!cohort) return null;
      const [from, to] = this.window();
      const events = await this.events.inWindow(from, to, { cohortId: cohort.id });
      return this.text(
        `Workclub · ${cohort.title}`,
        events.map((event) => this.entry(event)),
      );
    });
  }

  /** Events as one downloadable .ics (the event page's link, a cohort's schedule). */
  eventsFile(name: string, events: EventResponse[]): string {
    return this.text(
      name,
      events.map((event) => this.entry(event)),
    );
  }

  private entry(event: EventResponse): CalendarEntry {
    return entryOf(event, this.settings.publicUrl);
  }

  /** The member's answer, without ATTENDEE (that would make clients take the feed for an invitation). */
  private withAnswer(entry: CalendarEntry, status: RegistrationStatus | undefined, locale: Locale): CalendarEntry {
    if (!status || status === 'going' || entry.status === 'cancelled') return entry;
    const prefix = this.templates.text(locale, `feed.prefix.${status}`);
    return {
      ...entry,
      title: `${prefix} ${entry.title}`,
      status: TENTATIVE.includes(status) ? 'tentative' : entry.status,
    };
  }

  private text(name: string, entries: CalendarEntry[]): string {
    return calendarText(entries, {
      method: 'PUBLISH',
      name,
      organizer: mailbox(this.settings.mailFrom),
      refreshSeconds: REFRESH_SECONDS,
    });
  }

  private window(): [Date, Date] {
    const now = DateTime.fromJSDate(this.clock.now());
    return [now.minus(WINDOW.back).toJSDate(), now.plus(WINDOW.ahead).toJSDate()];
  }
}
