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

/** One numeric formatter per zone, for `localIso`. */
const NUMERIC = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as an ISO 8601 local time with its offset in a zone ("2026-12-08T12:30:00+01:00"; milliseconds only
 * when there are some), the text luxon's `toISO({ suppressMilliseconds: true })` gives, without building a DateTime:
 * a listing of 500 events writes 1,000 of them.
 */
export function localIso(at: Date, timezone: string): string {
  let format = NUMERIC.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    NUMERIC.set(timezone, format);
  }
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value } of format.formatToParts(at)) parts[type] = value;
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const millis = at.getUTCMilliseconds();
  const offsetMinutes = Math.round((wall - (at.getTime() - millis)) / 60_000);
  const fraction = millis ? `.${String(millis).padStart(3, '0')}` : '';
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${fraction}`;
  // Luxon writes the zone named UTC as Z, every other zone as an offset (+00:00 in London's winter).
  if (timezone.toUpperCase() === 'UTC') return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
