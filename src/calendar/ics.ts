import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendar,
  ICalCalendarMethod,
  ICalEventData,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { EventResponse } from '../events/event.dto';

/** What a calendar entry needs of an event; the same for feeds and invitations, so the UID and SEQUENCE agree. */
export interface CalendarEntry {
  uid: string;
  sequence: number;
  status: 'scheduled' | 'confirmed' | 'cancelled' | 'tentative';
  title: string;
  description: string | null;
  location: string | null;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  createdAt: Date;
  updatedAt: Date;
  url: string;
}

export interface CalendarOptions {
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  name?: string;
  organizer: { name: string; email: string };
  /** Only in invitations (iTIP): a feed with ATTENDEE lines is taken for an invitation by clients. */
  attendee?: { name: string; email: string };
  /** Feeds: how often clients should come back (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
  refreshSeconds?: number;
}

const STATUS = {
  scheduled: ICalEventStatus.CONFIRMED,
  confirmed: ICalEventStatus.CONFIRMED,
  tentative: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

const METHOD = {
  PUBLISH: ICalCalendarMethod.PUBLISH,
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
} as const;

/** Percent-encodes what RFC 5545 would otherwise read as separators in a URI value. */
const safeUrl = (url: string) => url.replace(/;/g, '%3B').replace(/,/g, '%2C');

/**
 * An iCalendar text (RFC 5545) of events with stored UIDs and SEQUENCEs, times in their own zone with a VTIMEZONE,
 * DTSTAMP and LAST-MODIFIED from the stored update time (an unchanged event gives the same bytes).
 */
export function calendarText(entries: CalendarEntry[], options: CalendarOptions): string {
  const calendar = newCalendar(options);
  for (const entry of entries) calendar.createEvent({ ...eventData(entry), ...people(options) });
  return calendar.toString();
}

/**
 * The iTIP part of each member's mail about one event, the same bytes as calendarText: the calendar and the event's
 * times are made once, and only the ORGANIZER (the member's reply address) and the ATTENDEE change from one to the next.
 */
export function invitationTexts(
  entry: CalendarEntry,
  method: 'REQUEST' | 'CANCEL',
): (people: Pick<CalendarOptions, 'organizer' | 'attendee'>) => string {
  const calendar = newCalendar({ method });
  const data = eventData(entry);
  return (options) => {
    calendar.clear();
    calendar.createEvent({ ...data, ...people(options) });
    return calendar.toString();
  };
}

/**
 * A zone's VTIMEZONE, read from the package's files once per zone: the package reads its file from disk at every call,
 * and the generator runs for every calendar written (each mail's iTIP part, each feed). Zones are the few a space
 * uses, checked when they are set.
 */
const vtimezones = new Map<string, string | null>();

function vtimezone(zone: string): string | null {
  if (!vtimezones.has(zone)) vtimezones.set(zone, getVtimezoneComponent(zone));
  return vtimezones.get(zone) ?? null;
}

function newCalendar(options: Pick<CalendarOptions, 'method' | 'name' | 'refreshSeconds'>): ICalCalendar {
  const calendar = ical({
    prodId: { company: 'Rencontres', product: 'Rencontres', language: 'FR' },
    method: METHOD[options.method],
    name: options.name,
    ttl: options.refreshSeconds,
  });
  calendar.timezone({ name: null, generator: vtimezone });
  return calendar;
}

function eventData(entry: CalendarEntry): ICalEventData {
  const at = (date: Date) => DateTime.fromJSDate(date, { zone: entry.timezone });
  const stamp = DateTime.fromJSDate(entry.updatedAt, { zone: 'utc' });
  return {
    id: entry.uid,
    sequence: entry.sequence,
    stamp,
    lastModified: stamp,
    created: DateTime.fromJSDate(entry.createdAt, { zone: 'utc' }),
    start: at(entry.startsAt),
    end: at(entry.endsAt),
    timezone: entry.timezone,
    summary: entry.title,
    description: entry.description,
    location: entry.location,
    url: safeUrl(entry.url),
    status: STATUS[entry.status],
  };
}

function people({
  organizer,
  attendee,
}: Pick<CalendarOptions, 'organizer' | 'attendee'>): Pick<ICalEventData, 'organizer' | 'attendees'> {
  return {
    organizer,
    attendees: attendee
      ? [{ ...attendee, rsvp: true, status: ICalAttendeeStatus.NEEDSACTION, role: ICalAttendeeRole.REQ }]
      : [],
  };
}

/** "Name <address>" → its parts, for ORGANIZER. */
export function mailbox(from: string): { name: string; email: string } {
  const match = /^\s*"?([^"<]*)"?\s*<([^>]+)>\s*$/.exec(from);
  return match ? { name: match[1].trim() || match[2], email: match[2] } : { name: from, email: from };
}

/** The calendar entry of an event as the API answers it; a quorum still open is TENTATIVE. */
export function entryOf(event: EventResponse, publicUrl: string): CalendarEntry {
  const open = event.minAttendees && event.status === 'scheduled';
  return {
    uid: event.uid,
    sequence: event.sequence,
    status: open ? 'tentative' : event.status,
    title: event.title,
    description: event.description ?? null,
    location: event.location ?? null,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone!,
    createdAt: event.createdAt,
    updatedAt: event.updatedAt,
    url: `${publicUrl}/events/${event.id}`,
  };
}
