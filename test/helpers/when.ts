import { DateTime } from 'luxon';

/** An event as the API answers it (the factories type it loosely): its startsAt, endsAt and timezone. */
type EventBody = Record<string, any>;

/** An instant as a reader of `locale` sees it in `zone`, in a luxon format: 'cccc d LLLL, HH:mm' → "mardi 4 mai, 12:30". */
export function wallClock(iso: string, zone: string, locale: string, format: string): string {
  return DateTime.fromISO(iso, { zone }).setLocale(locale).toFormat(format);
}

/** When a same-day event takes place, in its zone: "mardi 4 mai 2027, 12:30 – 14:00" / "Tuesday 4 May 2027, …". */
export function whenText(event: EventBody, locale: string): string {
  const start = wallClock(event.startsAt, event.timezone, locale, 'cccc d LLLL yyyy, HH:mm');
  return `${start} – ${wallClock(event.endsAt, event.timezone, locale, 'HH:mm')}`;
}

/** The start of an event as a luxon time in its own zone, to place other times relative to it. */
export function localStart(event: EventBody): DateTime {
  return DateTime.fromISO(event.startsAt, { zone: event.timezone });
}

/** An instant as the API answers it: "2027-05-04T10:30:00.000Z". */
export function utc(at: DateTime): string {
  return at.toUTC().toISO()!;
}
