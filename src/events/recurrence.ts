import { DateTime } from 'luxon';

/** A series never holds more occurrences than this (a weekly colunch for almost four years). */
export const MAX_OCCURRENCES = 200;

/** Occurrences are looked for this far after the first one, and no further: no rule can hold the event loop. */
export const HORIZON_YEARS = 50;

const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
type Frequency = (typeof FREQUENCIES)[number];

/** The longest step between two periods: about ten years, whatever the frequency. */
const MAX_INTERVAL: Record<Frequency, number> = { DAILY: 3660, WEEKLY: 520, MONTHLY: 120, YEARLY: 10 };

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The parts that pick days within a period, among which BYSETPOS chooses. */
const CHOOSING_PARTS = ['BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYYEARDAY', 'BYWEEKNO'];
const PARTS = ['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', ...CHOOSING_PARTS, 'BYSETPOS', 'WKST'];

export class RecurrenceError extends Error {}

interface WeekdayRule {
  /** 1 = Monday ... 7 = Sunday, as luxon counts. */
  weekday: number;
  /** The nth such day of the month or year, from the end when negative; undefined for every one. */
  nth?: number;
}

/** A rule checked against the RECUR grammar of RFC 5545 (section 3.3.10), parts the product supports. */
export interface Rule {
  freq: Frequency;
  interval: number;
  count?: number;
  /** A UTC instant (`Z`), or a wall-clock time in the event's zone. */
  until?: { at: DateTime; utc: boolean };
  byDay?: WeekdayRule[];
  byMonthDay?: number[];
  byMonth?: number[];
  byYearDay?: number[];
  byWeekNo?: number[];
  bySetPos?: number[];
  /** The first day of a week, 1 = Monday ... 7 = Sunday. */
  weekStart: number;
}

const fail = (message: string): never => {
  throw new RecurrenceError(message);
};

/** A list of signed whole numbers, each within 1..max or -max..-1 (or 1..max only when unsigned). */
function numbers(name: string, value: string, max: number, signed = true): number[] {
  const range = signed ? `1 to ${max} or -${max} to -1` : `1 to ${max}`;
  return value.split(',').map((item) => {
    const match = (signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item);
    const number = Number(item);
    if (!match || number === 0 || Math.abs(number) > max) fail(`${name}=${value}: each value must be ${range}`);
    return number;
  });
}

function whole(name: string, value: string, max: number): number {
  const number = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(number >= 1 && number <= max)) fail(`${name}=${value}: must be a whole number from 1 to ${max}`);
  return number;
}

function weekday(name: string, value: string): number {
  const index = WEEKDAYS.indexOf(value);
  if (index < 0) fail(`${name}=${value}: days are written ${WEEKDAYS.join(', ')}`);
  return index + 1;
}

function byDay(value: string): WeekdayRule[] {
  return value.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
    if (!match) fail(`BYDAY=${value}: each day is written like MO, 1TU or -1FR`);
    const nth = match![1] === undefined ? undefined : Number(match![1]);
    if (nth !== undefined && (nth === 0 || Math.abs(nth) > 53)) {
      fail(`BYDAY=${value}: the number before a day must be 1 to 53 or -53 to -1`);
    }
    return { weekday: weekday('BYDAY', match![2]), nth };
  });
}

function until(value: string): { at: DateTime; utc: boolean } {
  const match = /^(\d{8})(?:T(\d{6})(Z?))?$/.exec(value);
  const at = match && DateTime.fromFormat(`${match[1]}${match[2] ?? '235959'}`, 'yyyyMMddHHmmss', { zone: 'utc' });
  if (!match || !at!.isValid) fail(`UNTIL=${value}: must be a date-time such as 20270630T120000Z, or a date 20270630`);
  return { at: at!, utc: match![3] === 'Z' };
}

/** Checks an RFC 5545 RRULE value (without DTSTART: the first occurrence gives it); messages name the part at fault. */
export function parseRule(text: string): Rule {
  const parts = new Map<string, string>();
  for (const part of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    if (!part) fail('has an empty part: remove the extra ";"');
    const match = /^([A-Za-z]+)=([^=]+)$/.exec(part);
    if (!match) fail(`"${part}" is not a part written NAME=VALUE`);
    const name = match![1].toUpperCase();
    if (parts.has(name)) fail(`${name} is given twice`);
    parts.set(name, match![2].toUpperCase());
  }
  for (const name of parts.keys()) {
    if (!PARTS.includes(name)) fail(`${name} is not a supported part (${PARTS.join(', ')})`);
  }
  const get = (name: string) => parts.get(name);
  const freq = get('FREQ') as Frequency | undefined;
  if (!freq || !FREQUENCIES.includes(freq)) fail('needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY');
  const rule: Rule = {
    freq: freq!,
    interval: get('INTERVAL') ? whole('INTERVAL', get('INTERVAL')!, MAX_INTERVAL[freq!]) : 1,
    weekStart: get('WKST') ? weekday('WKST', get('WKST')!) : 1,
  };
  if (get('COUNT') && get('UNTIL')) fail('COUNT and UNTIL cannot both be given: keep one');
  if (get('COUNT')) rule.count = whole('COUNT', get('COUNT')!, MAX_OCCURRENCES);
  else if (get('UNTIL')) rule.until = until(get('UNTIL')!);
  else fail('must end: add COUNT= or UNTIL=');
  if (get('BYMONTH')) rule.byMonth = numbers('BYMONTH', get('BYMONTH')!, 12, false);
  if (get('BYMONTHDAY')) rule.byMonthDay = numbers('BYMONTHDAY', get('BYMONTHDAY')!, 31);
  if (get('BYYEARDAY')) rule.byYearDay = numbers('BYYEARDAY', get('BYYEARDAY')!, 366);
  if (get('BYWEEKNO')) rule.byWeekNo = numbers('BYWEEKNO', get('BYWEEKNO')!, 53);
  if (get('BYSETPOS')) rule.bySetPos = numbers('BYSETPOS', get('BYSETPOS')!, 366);
  if (get('BYDAY')) rule.byDay = byDay(get('BYDAY')!);
  if (rule.byMonthDay && freq === 'WEEKLY') fail('BYMONTHDAY cannot be used with FREQ=WEEKLY');
  if (rule.byYearDay && freq !== 'YEARLY') fail('BYYEARDAY can only be used with FREQ=YEARLY');
  if (rule.byWeekNo && freq !== 'YEARLY') fail('BYWEEKNO can only be used with FREQ=YEARLY');
  if (rule.byDay?.some((day) => day.nth !== undefined)) {
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') fail(`BYDAY: a numbered day (1MO) needs FREQ=MONTHLY or YEARLY`);
    if (rule.byWeekNo) fail('BYDAY: a numbered day (1MO) cannot be used with BYWEEKNO');
    const inMonth = freq === 'MONTHLY' || rule.byMonth !== undefined;
    if (inMonth && rule.byDay.some((day) => Math.abs(day.nth ?? 0) > 5)) {
      fail(`BYDAY=${get('BYDAY')}: a month has at most 5 of each day (1MO to 5MO, -5MO to -1MO)`);
    }
  }
  if (rule.bySetPos && !CHOOSING_PARTS.some((name) => parts.has(name))) {
    fail('BYSETPOS needs another BY... part (such as BYDAY) to choose among');
  }
  return rule;
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

const DAY_MS = 86_400_000;

/** A calendar day, as a number of days since 1970-01-01, with what the BY... parts look at. */
interface Day {
  number: number;
  year: number;
  month: number;
  day: number;
  /** 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Day of the year, from 1. */
  ordinal: number;
  daysInMonth: number;
  daysInYear: number;
}

const dayNumber = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day) / DAY_MS;

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) => (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]);

function dayOf(number: number): Day {
  const date = new Date(number * DAY_MS);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  return {
    number,
    year,
    month,
    day: date.getUTCDate(),
    weekday: date.getUTCDay() || 7,
    ordinal: number - dayNumber(year, 1, 1) + 1,
    daysInMonth: daysIn(year, month),
    daysInYear: isLeap(year) ? 366 : 365,
  };
}

// Plain arithmetic in place, not luxon nor Date: the search walks up to ~18,000 days and must take milliseconds.
function advance(day: Day): void {
  if (day.day === day.daysInMonth) {
    Object.assign(day, dayOf(day.number + 1));
    return;
  }
  day.number += 1;
  day.day += 1;
  day.weekday = (day.weekday % 7) + 1;
  day.ordinal += 1;
}

/** The first day of week 1 of a year (RFC 5545: the first week with at least four days of the year). */
function firstWeekStart(year: number, weekStart: number): number {
  const january4 = dayNumber(year, 1, 4);
  const weekday = new Date(january4 * DAY_MS).getUTCDay() || 7;
  return january4 - ((weekday - weekStart + 7) % 7);
}

/** 1-based position of a day in a span of `length` days, or its negative counted from the end. */
const matches = (list: number[], position: number, length: number) =>
  list.includes(position) || list.includes(position - length - 1);

function inWeeks(rule: Rule, weeks: number[], day: Day): boolean {
  let year = day.year;
  if (day.number >= firstWeekStart(year + 1, rule.weekStart)) year += 1;
  else if (day.number < firstWeekStart(year, rule.weekStart)) year -= 1;
  const start = firstWeekStart(year, rule.weekStart);
  const weeksInYear = (firstWeekStart(year + 1, rule.weekStart) - start) / 7;
  return matches(weeks, Math.floor((day.number - start) / 7) + 1, weeksInYear);
}

/** Does a candidate day pass the rule's BY... parts within its period? */
function keeps(rule: Rule, day: Day, first: Day): boolean {
  if (rule.byMonth && !rule.byMonth.includes(day.month)) return false;
  if (rule.byWeekNo && !inWeeks(rule, rule.byWeekNo, day)) return false;
  if (rule.byYearDay && !matches(rule.byYearDay, day.ordinal, day.daysInYear)) return false;
  if (rule.byMonthDay && !matches(rule.byMonthDay, day.day, day.daysInMonth)) return false;
  if (rule.byDay) {
    // A numbered day counts within the month for MONTHLY (or YEARLY with BYMONTH), else within the year.
    const inMonth = rule.freq === 'MONTHLY' || rule.byMonth !== undefined;
    const position = inMonth ? day.day : day.ordinal;
    const length = inMonth ? day.daysInMonth : day.daysInYear;
    const nth = Math.floor((position - 1) / 7) + 1;
    const fromEnd = -(Math.floor((length - position) / 7) + 1);
    const kept = rule.byDay.some(
      (wanted) => wanted.weekday === day.weekday && (wanted.nth === undefined || [nth, fromEnd].includes(wanted.nth)),
    );
    if (!kept) return false;
  }
  // Without a day part, the first occurrence gives the day: its weekday, day of the month, or date.
  if (!rule.byDay && !rule.byMonthDay && !rule.byYearDay && !rule.byWeekNo) {
    if (rule.freq === 'WEEKLY' && day.weekday !== first.weekday) return false;
    if ((rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && day.day !== first.day) return false;
    if (rule.freq === 'YEARLY' && !rule.byMonth && day.month !== first.month) return false;
  }
  return true;
}

/** The first and past-the-last day numbers of the `index`th period after the one holding `first`. */
function period(rule: Rule, first: Day, index: number): [number, number] {
  const step = index * rule.interval;
  switch (rule.freq) {
    case 'DAILY':
      return [first.number + step, first.number + step + 1];
    case 'WEEKLY': {
      const start = first.number - ((first.weekday - rule.weekStart + 7) % 7) + 7 * step;
      return [start, start + 7];
    }
    case 'MONTHLY':
      return [dayNumber(first.year, first.month + step, 1), dayNumber(first.year, first.month + step + 1, 1)];
    case 'YEARLY':
      return [dayNumber(first.year + step, 1, 1), dayNumber(first.year + step + 1, 1, 1)];
  }
}

/**
 * The start of every occurrence, as instants. The rule is expanded on wall-clock dates and the zone is applied at the
 * end: a lunch at 12:30 stays at 12:30 local across daylight-saving changes. Periods are walked one by one up to
 * HORIZON_YEARS after the first occurrence, and no further.
 */
export function occurrenceStarts(text: string, firstStart: DateTime): DateTime[] {
  const rule = parseRule(text);
  const zone = firstStart.zone;
  const first = dayOf(dayNumber(firstStart.year, firstStart.month, firstStart.day));
  // From the fields, not a difference of instants: on a daylight-saving day, 12:30 is not 12.5 hours after midnight.
  const timeOfDay = ((firstStart.hour * 60 + firstStart.minute) * 60 + firstStart.second) * 1000;
  // Instants compared as wall-clock milliseconds (the UTC fields standing for the local time).
  const wall = (at: DateTime) => Date.UTC(at.year, at.month - 1, at.day, at.hour, at.minute, at.second);
  const start = first.number * DAY_MS + timeOfDay;
  const last = rule.until && wall(rule.until.utc ? rule.until.at.setZone(zone) : rule.until.at);
  if (last !== undefined && last < start) {
    fail(`UNTIL=${rule.until!.at.toFormat('yyyyMMdd')} is before the first occurrence`);
  }
  const horizon = dayNumber(first.year + HORIZON_YEARS, first.month, first.day) * DAY_MS;
  if (last !== undefined && last > horizon) fail(`UNTIL must be within ${HORIZON_YEARS} years of the first occurrence`);
  const wanted = rule.count ?? MAX_OCCURRENCES + 1;
  const found: number[] = [];
  search: for (let index = 0; ; index += 1) {
    const [from, to] = period(rule, first, index);
    if (from * DAY_MS > horizon) break;
    let days: Day[] = [];
    for (const day = dayOf(from); day.number < to; advance(day)) {
      if (keeps(rule, day, first)) days.push({ ...day });
    }
    if (rule.bySetPos) {
      const chosen = new Set(rule.bySetPos.map((position) => days.at(position > 0 ? position - 1 : position)));
      days = days.filter((day) => chosen.has(day));
    }
    for (const day of days) {
      const at = day.number * DAY_MS + timeOfDay;
      if (at < start) continue;
      if ((last !== undefined && at > last) || at > horizon) break search;
      found.push(at);
      if (found.length === wanted) break search;
    }
  }
  if (found.length === 0) fail('yields no occurrence: check that its BY... parts can meet');
  if (found.length > MAX_OCCURRENCES) {
    fail(`yields more than ${MAX_OCCURRENCES} occurrences; lower COUNT or bring UNTIL closer`);
  }
  if (rule.count && found.length < rule.count) {
    fail(`COUNT=${rule.count}: only ${found.length} occurrences within ${HORIZON_YEARS} years`);
  }
  return found.map((at) => {
    const date = new Date(at);
    const local = {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    };
    return DateTime.fromObject(local, { zone });
  });
}
