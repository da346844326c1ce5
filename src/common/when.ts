import { DateTime } from 'luxon';

/**
 * When an event takes place, in its own zone and the reader's language:
 * "mardi 24 mars 2026, 12:30 – 14:00" / "Tuesday 24 March 2026, 12:30 – 14:00".
 */
export function formatWhen(startsAt: Date, endsAt: Date, timezone: string, locale: string): string {
  const start = wallClock(startsAt, timezone, locale);
  const end = wallClock(endsAt, timezone, locale);
  return start.day === end.day
    ? `${start.day}, ${start.time} – ${end.time}`
    : `${start.day}, ${start.time} – ${end.day}, ${end.time}`;
}

/** One formatter per language and zone: a page of 500 events formats 1,000 instants, and making one is slow. */
const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The day ("mardi 24 mars 2026", as luxon's 'cccc d LLLL yyyy') and the time ("12:30") of an instant. */
function wallClock(at: Date, timezone: string, locale: string): { day: string; time: string } {
  const key = `${locale} ${timezone}`;
  let format = FORMATS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: timezone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(key, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(at)) parts[type] = value;
  return { day: `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`, time: `${parts.hour}:${parts.minute}` };
}

/** An instant in the space's zone and the reader's language: "1 déc. 2026, 19:55" / "1 Dec 2026, 19:55". */
export function formatInstant(at: Date, timezone: string, locale: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).setLocale(locale).toFormat('d LLL yyyy, HH:mm');
}
