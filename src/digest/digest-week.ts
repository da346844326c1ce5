import { DateTime } from 'luxon';

/** The digest leaves on Monday at this hour, in the space's zone. */
export const SEND_HOUR = 8;

/** A week from Monday 00:00 to the next Monday 00:00 in the space's zone, named as ISO 8601 names it ("2026-W50"). */
export interface DigestWeek {
  key: string;
  startsAt: Date;
  endsAt: Date;
  /** Monday at SEND_HOUR. */
  sendsAt: Date;
}

const weekStarting = (monday: DateTime): DigestWeek => ({
  key: monday.toFormat("kkkk-'W'WW"),
  startsAt: monday.toJSDate(),
  endsAt: monday.plus({ weeks: 1 }).toJSDate(),
  sendsAt: monday.set({ hour: SEND_HOUR }).toJSDate(),
});

/** The week that holds `at`. */
export function weekOf(at: Date, zone: string): DigestWeek {
  return weekStarting(DateTime.fromJSDate(at, { zone }).startOf('week'));
}

/** The week a key names, or null for a key that names none. */
export function weekNamed(key: string, zone: string): DigestWeek | null {
  const monday = DateTime.fromISO(key, { zone });
  return /^\d{4}-W\d{2}$/.test(key) && monday.isValid ? weekStarting(monday.startOf('week')) : null;
}

/**
 * Whether the week's digest is to be queued at `at`: from Monday at SEND_HOUR to the end of that Monday. A server
 * that was down at 08:00 still sends it that morning; a week's news is not sent on a Wednesday.
 */
export function isDue(week: DigestWeek, at: Date, zone: string): boolean {
  const mondayEnds = DateTime.fromJSDate(week.startsAt, { zone }).plus({ days: 1 }).toJSDate();
  return at >= week.sendsAt && at < mondayEnds;
}
