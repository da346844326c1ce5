import { DateTime } from 'luxon';
import { Frequency, Options, RRule } from 'rrule';

/** A series never holds more occurrences than this (a weekly colunch for almost four years). */
export const MAX_OCCURRENCES = 200;

const ALLOWED_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'BYMONTHDAY',
  'BYMONTH',
  'BYSETPOS',
  'BYWEEKNO',
  'BYYEARDAY',
  'WKST',
]);
const ALLOWED_FREQUENCIES = [Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY];

export class RecurrenceError extends Error {}

/** Checks an RFC 5545 RRULE value (without DTSTART: the first occurrence gives it) and returns its options. */
export function parseRule(rule: string): Partial<Options> {
  const text = rule.trim().replace(/^RRULE:/i, '');
  for (const part of text.split(';')) {
    const [key, value] = part.split('=');
    if (!value || !ALLOWED_PARTS.has(key.toUpperCase())) {
      throw new RecurrenceError(`"${part}" is not a supported RRULE part (${[...ALLOWED_PARTS].join(', ')})`);
    }
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    throw new RecurrenceError((error as Error).message);
  }
  const lists = [options.byweekday, options.bymonthday, options.bymonth, options.bysetpos, options.byweekno];
  if (lists.some((list) => Array.isArray(list) && list.some((item) => item === undefined || Number.isNaN(item)))) {
    throw new RecurrenceError('has an invalid BY... value');
  }
  if (options.freq === undefined || !ALLOWED_FREQUENCIES.includes(options.freq)) {
    throw new RecurrenceError('needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
  }
  if (!options.count && !options.until) throw new RecurrenceError('must end: add COUNT= or UNTIL=');
  if (options.interval !== undefined && !(options.interval >= 1))
    throw new RecurrenceError('INTERVAL must be 1 or more');
  return options;
}

/** Rewrites COUNT/UNTIL of a rule; used to extend a series. */
export function withEnd(rule: string, end: { count?: number; until?: DateTime }): string {
  const parts = rule
    .replace(/^RRULE:/i, '')
    .split(';')
    .filter((part) => !/^(COUNT|UNTIL)=/i.test(part));
  if (end.count) parts.push(`COUNT=${end.count}`);
  if (end.until) parts.push(`UNTIL=${end.until.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
  return parts.join(';');
}

/**
 * The start of every occurrence, as instants. rrule's own time-zone handling depends on the process's zone, so the
 * rule is expanded in floating wall-clock time (a Date whose UTC fields are the local time) and the zone is applied
 * with luxon: a lunch at 12:30 stays at 12:30 local across daylight-saving changes.
 */
export function occurrenceStarts(rule: string, firstStart: DateTime): DateTime[] {
  const options = parseRule(rule);
  const zone = firstStart.zone;
  const floating = (local: DateTime) =>
    new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
  if (options.until && /UNTIL=\d{8}T\d{6}Z/i.test(rule)) {
    // A UTC UNTIL is an instant: bring it to the zone's wall clock, like the floating starts.
    options.until = floating(DateTime.fromJSDate(options.until).setZone(zone));
  }
  const expanded = new RRule({ ...options, dtstart: floating(firstStart) }).all(
    (_date, index) => index <= MAX_OCCURRENCES,
  );
  if (expanded.length > MAX_OCCURRENCES) {
    throw new RecurrenceError(`yields more than ${MAX_OCCURRENCES} occurrences; lower COUNT or bring UNTIL closer`);
  }
  return expanded.map((date) =>
    DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
      },
      { zone },
    ),
  );
}
