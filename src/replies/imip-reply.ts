import type { ParsedMail } from 'mailparser';
import { Response } from '../registrations/registration.entity';

/** What a calendar's Yes / Maybe / No button says, as read from its METHOD:REPLY. */
export interface CalendarReply {
  uid: string;
  sequence: number;
  /** DTSTAMP: when the member pressed the button; null when the client left it out. */
  stamp: Date | null;
  partstat: string;
  /** The ATTENDEE address as the client wrote it (any case, maybe an alias): shown, never trusted. */
  attendee: string | null;
}

export type ReadReply =
  { found: 'reply'; reply: CalendarReply } | { found: 'other-calendar'; method: string } | { found: 'nothing' };

/** RFC 5546 participation statuses that are an answer; NEEDS-ACTION, DELEGATED and the rest change nothing. */
const ANSWERS: Record<string, Response> = { ACCEPTED: 'yes', TENTATIVE: 'maybe', DECLINED: 'no' };

export function responseOf(partstat: string): Response | null {
  return ANSWERS[partstat] ?? null;
}

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

const CALENDAR_TYPES = ['text/calendar', 'application/ics', 'text/x-vcalendar'];

/**
 * Finds the iTIP reply in a mail, in the shapes clients send: a `text/calendar; method=REPLY` alternative (Gmail,
 * Outlook in base64), an attached `.ics` (Gmail's invite.ics, Apple's iCal-*.ics), or a message that is only a
 * calendar. The first part whose METHOD is REPLY wins.
 */
export function readReply(mail: ParsedMail): ReadReply {
  const calendars = mail.attachments
    .filter((part) => CALENDAR_TYPES.includes(part.contentType.toLowerCase()) || /\.ics$/i.test(part.filename ?? ''))
    .map((part) => part.content.toString('utf8'));
  let otherMethod: string | null = null;
  for (const text of calendars) {
    const properties = unfold(text)
      .map(property)
      .filter((p): p is Property => p !== null);
    const method =
      properties
        .find((p) => p.name === 'METHOD')
        ?.value.trim()
        .toUpperCase() ?? '';
    if (method !== 'REPLY') {
      otherMethod ??= method || 'none';
      continue;
    }
    const reply = firstEventReply(properties);
    if (reply) return { found: 'reply', reply };
  }
  return otherMethod ? { found: 'other-calendar', method: otherMethod } : { found: 'nothing' };
}

/** The first VEVENT with a UID and an ATTENDEE that has a PARTSTAT. */
function firstEventReply(properties: Property[]): CalendarReply | null {
  let event: Partial<CalendarReply> | null = null;
  for (const { name, params, value } of properties) {
    if (name === 'BEGIN' && value.toUpperCase() === 'VEVENT') event = { sequence: 0, stamp: null };
    else if (!event) continue;
    else if (name === 'UID') event.uid = value.trim();
    else if (name === 'SEQUENCE') event.sequence = /^\d+$/.test(value.trim()) ? Number(value.trim()) : 0;
    else if (name === 'DTSTAMP') event.stamp = utc(value.trim());
    else if (name === 'ATTENDEE' && params.PARTSTAT && !event.partstat) {
      event.partstat = params.PARTSTAT.toUpperCase();
      event.attendee =
        value
          .replace(/^mailto:/i, '')
          .trim()
          .toLowerCase() || null;
    } else if (name === 'END' && value.toUpperCase() === 'VEVENT') {
      if (event.uid && event.partstat) return event as CalendarReply;
      event = null;
    }
  }
  return null;
}

/** Joins folded lines (a line break then a space or tab, RFC 5545 3.1), whatever the line endings. */
function unfold(text: string): string[] {
  return text
    .replace(/\r*\n[ \t]/g, '')
    .split(/\r*\n/)
    .filter((line) => line.trim() !== '');
}

/** `NAME;PARAM=value;PARAM="quoted:value":the value` → its parts; null for a line that is not a property. */
function property(line: string): Property | null {
  const params: Record<string, string> = {};
  const nameMatch = /^[A-Za-z0-9-]+/.exec(line);
  if (!nameMatch) return null;
  const name = nameMatch[0].toUpperCase();
  let i = name.length;
  while (line[i] === ';') {
    const key = /^[A-Za-z0-9-]+/.exec(line.slice(i + 1))?.[0];
    if (!key || line[i + 1 + key.length] !== '=') return null;
    i += key.length + 2;
    let value: string;
    if (line[i] === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      value = line.slice(i + 1, end);
      i = end + 1;
    } else {
      const end = line.slice(i).search(/[;:]/);
      if (end < 0) return null;
      value = line.slice(i, i + end);
      i += end;
    }
    params[key.toUpperCase()] = value;
  }
  if (line[i] !== ':') return null;
  return { name, params, value: line.slice(i + 1) };
}

/** A DATE-TIME in UTC (`...Z`); a floating one is read as UTC too (clients put DTSTAMP in UTC). */
function utc(value: string): Date | null {
  const parts = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(value);
  if (!parts) return null;
  const [, year, month, day, hour, minute, second] = parts.map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? null : date;
}
