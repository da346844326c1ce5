import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { Locale } from '../common/locale';
import { formatInstant } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { mayAttend } from '../events/who-may-attend';
import { MemberProfile } from '../members/members.service';
import { EventView, EventViews } from '../pages/event-views';
import { closedError } from '../registrations/answer-window';
import { RegistrationStatus, Response } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { TemplatesService } from '../templates/templates.service';

/** How far ahead the member's space lists events (their feed holds a year). */
const COMING = { days: 90 };
/** The latest events they came to; the whole history is in "download my data". */
const ATTENDED_SHOWN = 20;

/** A coming event as the member's space shows it: the event, their answer in words, and whether it takes answers. */
export interface ComingEvent {
  event: EventView;
  response: Response | null;
  answer: string;
  quorum: string | null;
  open: boolean;
}

export interface AttendedEvent {
  title: string;
  when: string;
  how: string;
}

/**
 * The events of one member: those coming that they may attend (public, members-only, their cohort's sessions) with
 * their answer, and those they came to. What they may attend is what their private feed shows.
 */
@Injectable()
export class MyEvents {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
    private readonly clock: Clock,
  ) {}

  async coming(member: MemberProfile, locale: Locale): Promise<ComingEvent[]> {
    const now = this.clock.now();
    const events = await this.events.inWindow(now, DateTime.fromJSDate(now).plus(COMING).toJSDate());
    const statuses = await this.registrations.statusesOf(
      member.id,
      events.map((event) => event.id),
    );
    // A cancelled event matters only to who had answered.
    const mine = events.filter(
      (event) =>
        mayAttend(member, event, statuses.has(event.id)) && (statuses.has(event.id) || event.status !== 'cancelled'),
    );
    return Promise.all(mine.map((event) => this.show(event, member, statuses.get(event.id), locale)));
  }

  /** The event, if the member may answer it; 404 for another cohort's session, or a guest's members-only event. */
  async answerable(eventId: string, member: MemberProfile): Promise<EventResponse> {
    const event = await this.events.get(eventId);
    if (!mayAttend(member, event, !!(await this.registrations.find(eventId, member)))) throw notFound('Event', eventId);
    return event;
  }

  /** The member's answer to one event, in words ("waitlisted, 2nd in line"). */
  async answerText(eventId: string, member: MemberProfile, locale: Locale): Promise<string | null> {
    const registration = await this.registrations.find(eventId, member);
    return registration && this.statusText(registration.status, registration.position, locale);
  }

  async attended(memberId: string, locale: Locale): Promise<AttendedEvent[]> {
    const now = this.clock.now();
    const history = await this.registrations.attendance(memberId);
    return history
      .filter((entry) => entry.startsAt < now && (entry.checkedInAt || entry.status === 'going'))
      .slice(0, ATTENDED_SHOWN)
      .map((entry) => ({
        title: entry.title,
        when: formatInstant(entry.startsAt, this.settings.timezone, locale),
        how: this.templates.text(locale, entry.checkedInAt ? 'me.attended.checkedIn' : 'me.attended.going'),
      }));
  }

  private async show(
    event: EventResponse,
    member: MemberProfile,
    status: RegistrationStatus | undefined,
    locale: Locale,
  ): Promise<ComingEvent> {
    const registration = status ? await this.registrations.find(event.id, member) : null;
    return {
      event: await this.views.of(event, locale),
      response: registration?.response ?? null,
      answer: registration
        ? this.statusText(registration.status, registration.position, locale)
        : this.templates.text(locale, 'me.events.noAnswer'),
      quorum: this.quorum(event, locale),
      open: closedError(event, this.clock.now()) === null,
    };
  }

  private statusText(status: RegistrationStatus, position: number | null, locale: Locale): string {
    return this.templates.text(locale, `status.${status}`, { position });
  }

  /** Where a training that needs enough "yes" stands. */
  private quorum(event: EventResponse, locale: Locale): string | null {
    if (!event.minAttendees || event.status === 'cancelled') return null;
    if (event.status === 'confirmed') return this.templates.text(locale, 'me.quorum.reached');
    const deadline = event.quorumDeadline ?? event.startsAt;
    return this.templates.text(locale, 'me.quorum.pending', {
      needed: event.minAttendees,
      going: event.counts.going,
      deadline: formatInstant(deadline, this.settings.timezone, locale),
    });
  }
}
