import { DateTime } from 'luxon';

/**
 * When an event takes place, in its own zone and the reader's language:
 * "mardi 24 mars 2026, 12:30 – 14:00" / "Tuesday 24 March 2026, 12:30 – 14:00".
 */
export function formatWhen(startsAt: Date, endsAt: Date, timezone: string, locale: string): string {
  const start = DateTime.fromJSDate(startsAt, { zone: timezone }).setLocale(locale);
  const end = DateTime.fromJSDate(endsAt, { zone: timezone }).setLocale(locale);
  const day = (at: DateTime) => at.toFormat('cccc d LLLL yyyy');
  const time = (at: DateTime) => at.toFormat('HH:mm');
  return start.hasSame(end, 'day')
    ? `${day(start)}, ${time(start)} – ${time(end)}`
    : `${day(start)}, ${time(start)} – ${day(end)}, ${time(end)}`;
}

/** An instant in the space's zone and the reader's language: "1 déc. 2026, 19:55" / "1 Dec 2026, 19:55". */
export function formatInstant(at: Date, timezone: string, locale: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).setLocale(locale).toFormat('d LLL yyyy, HH:mm');
}
