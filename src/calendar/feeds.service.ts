import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventResponse } from '../events/event.dto';
import { EventKind } from '../events/event.entity';
import { EventsService, MAX_FEED_EVENTS } from '../events/events.service';
import { mayAttend } from '../events/who-may-attend';
import { Locale } from '../common/locale';
import { MembersService } from '../members/members.service';
import { RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { TemplatesService } from '../templates/templates.service';
import { BuiltFeed, FeedCache } from './feed-cache';
import { FeedRenderer } from './feed-renderer';
import { CalendarEntry, CalendarOptions, calendarText, entryOf, mailbox } from './ics';

/** Feeds hold events from 60 days back to 12 months ahead: small enough for every client. */
const WINDOW = { back: { days: 60 }, ahead: { months: 12 } };
/** How much of the window one read takes (see `inWindow`). */
const READ_AT_ONCE = { weeks: 2 };
/** Clients are asked to come back every 6 hours (Google does as it likes: urgent news goes by mail too). */
const REFRESH_SECONDS = 6 * 3600;

/** Statuses shown as not (yet) sure in a member's own feed, with a prefix in the summary. */
const TENTATIVE: RegistrationStatus[] = ['waitlisted', 'maybe'];

/** The ChangeLog scope of what every feed shows of events. */
const EVENTS = 'events';

@Injectable()
export class FeedsService {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly registrations: RegistrationsService,
    private readonly templates: TemplatesService,
    private readonly cache: FeedCache,
    private readonly renderer: FeedRenderer,
    private readonly clock: Clock,
  ) {}

  /** Public events, or those of one kind ("just the colunches"). */
  publicFeed(kind?: EventKind): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`public:${kind ?? ''}`, async (scopes) => {
      scopes.watch(EVENTS);
      const events = await this.inWindow({ visibility: 'public', kind });
      return this.render(
        this.publicTitle(kind),
        events.map((event) => this.entry(event)),
      );
    });
  }

  /** Every event the member may attend, with their own answer; null for an unknown (or rotated) token. */
  memberFeed(feedToken: string): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`member:${feedToken}`, async (scopes) => {
      scopes.watch(EVENTS);
      const owner = await this.members.byFeedToken(feedToken);
      if (!owner) return null;
      scopes.guard(`member:${owner.id}`);
      // Read again now that the member's scope is guarded: a rotation committed in between is never missed.
      const member = await this.members.byFeedToken(feedToken);
      if (!member) return null;
      const events = await this.inWindow();
      const answers = await this.registrations.statusesOf(
        member.id,
        events.map((event) => event.id),
      );
      const mine = events.filter((event) => mayAttend(member, event, answers.has(event.id)));
      const entries = mine.map((event) => this.withAnswer(this.entry(event), answers.get(event.id), member.locale));
      return this.render(this.memberTitle(member), entries);
    });
  }

  /** The sessions of a workclub cohort, behind the cohort's own feed token. */
  cohortFeed(feedToken: string, find: (token: string) => Promise<{ id: string; title: string } | null>) {
    return this.cache.get(`cohort:${feedToken}`, async (scopes) => {
      scopes.watch(EVENTS);
      const cohort = await find(feedToken);
      if (!cohort) return null;
      scopes.watch(`cohort:${cohort.id}`);
      const events = await this.inWindow({ cohortId: cohort.id });
      return this.render(
        this.cohortTitle(cohort),
        events.map((event) => this.entry(event)),
      );
    });
  }

  /** The name of the public feed, or of one kind's, as calendars show it. */
  publicTitle(kind?: EventKind): string {
    const name = this.templates.text('fr', 'feed.public');
    return kind ? `${name} · ${this.templates.text('fr', `kind.${kind}`)}` : name;
  }

  memberTitle(member: { name: string; locale: Locale }): string {
    return this.templates.text(member.locale, 'feed.member', { name: member.name });
  }

  cohortTitle(cohort: { title: string }, locale: Locale = 'fr'): string {
    return this.templates.text(locale, 'feed.cohort', { title: cohort.title });
  }

  /** Events as one downloadable .ics (the event page's link, a cohort's schedule). */
  eventsFile(name: string, events: EventResponse[]): string {
    return calendarText(
      events.map((event) => this.entry(event)),
      this.options(name),
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

  private options(name: string): CalendarOptions {
    return { method: 'PUBLISH', name, organizer: mailbox(this.settings.mailFrom), refreshSeconds: REFRESH_SECONDS };
  }

  /** A feed's bytes, rendered off the event loop. */
  private render(name: string, entries: CalendarEntry[]): Promise<BuiltFeed> {
    return this.renderer.render(entries, this.options(name));
  }

  /**
   * The events of the feed's window, read two weeks at a time with a turn of the event loop between: on SQLite a read
   * and its mapping run without yielding, and 1,000 events at once would hold every other request (a month of them
   * at a time held it 19 to 21 ms).
   */
  private async inWindow(filter: Parameters<EventsService['inWindow']>[2] = {}): Promise<EventResponse[]> {
    const now = DateTime.fromJSDate(this.clock.now());
    const to = now.plus(WINDOW.ahead);
    const events: EventResponse[] = [];
    for (let from = now.minus(WINDOW.back); from < to; from = from.plus(READ_AT_ONCE)) {
      const until = DateTime.min(from.plus(READ_AT_ONCE), to);
      const part = await this.events.inWindow(from.toJSDate(), until.toJSDate(), filter);
      // Both ends are included: an event starting on a boundary belongs to the later part.
      events.push(...(until < to ? part.filter((event) => event.startsAt < until.toJSDate()) : part));
      await new Promise(setImmediate);
    }
    return events.slice(0, MAX_FEED_EVENTS);
  }
}
