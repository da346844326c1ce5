import { DateTime } from 'luxon';
import { MAX_OCCURRENCES } from '../../events/recurrence';

/** The days of the week in RFC 5545's words, Monday first (luxon's 1 to 7). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How often, in the organisers' words: every week, every two weeks, or once a month on its nth weekday. */
export const FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Which weekday of the month: the first to the fourth, or the last (-1). */
export const MONTH_WEEKS = ['1', '2', '3', '4', '-1'] as const;

export const ENDINGS = ['count', 'until'] as const;

/** A series' recurrence as the form gives it, every control a string (what was typed is shown back as it was). */
export interface RecurrenceWords {
  firstDay: string;
  startTime: string;
  endTime: string;
  frequency: string;
  weekdays: string[];
  monthWeek: string;
  monthWeekday: string;
  ending: string;
  count: string;
  until: string;
}

/** A form field the organiser got wrong, and the text (`adminEvents.error.<key>`) that says why. */
export interface WordsError {
  field: keyof RecurrenceWords;
  key: string;
}

export interface RecurrenceOfWords {
  /** The first day at the start and end times, in the zone, as the API takes them. */
  startsAt: string;
  endsAt: string;
  /** RFC 5545, without DTSTART: the first day gives it. */
  rrule: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Turns the words of the series form into the rule `POST /api/series` takes: "every week on Tuesday and Thursday,
 * 12 times" is `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12`; "monthly on the last Friday until 30 June" is
 * `FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20270630T235959` (the end of that day in the event's zone).
 */
export function recurrenceOfWords(words: RecurrenceWords, zone: string): RecurrenceOfWords | WordsError[] {
  const errors: WordsError[] = [];
  const day = DAY.test(words.firstDay) ? DateTime.fromISO(words.firstDay, { zone }) : null;
  if (!day?.isValid) errors.push({ field: 'firstDay', key: 'firstDay' });
  if (!TIME.test(words.startTime)) errors.push({ field: 'startTime', key: 'startTime' });
  if (!TIME.test(words.endTime)) errors.push({ field: 'endTime', key: 'endTime' });
  else if (TIME.test(words.startTime) && words.endTime <= words.startTime) {
    errors.push({ field: 'endTime', key: 'endTimeAfter' });
  }

  let byDay = '';
  let interval = '';
  if (words.frequency === 'monthly') {
    const weekdayKnown = (WEEKDAYS as readonly string[]).includes(words.monthWeekday);
    if (!(MONTH_WEEKS as readonly string[]).includes(words.monthWeek)) {
      errors.push({ field: 'monthWeek', key: 'monthWeek' });
    } else if (!weekdayKnown) errors.push({ field: 'monthWeekday', key: 'monthWeekday' });
    else byDay = `${words.monthWeek}${words.monthWeekday}`;
  } else if (words.frequency === 'weekly' || words.frequency === 'fortnightly') {
    const days = WEEKDAYS.filter((weekday) => words.weekdays.includes(weekday));
    if (days.length === 0 || days.length !== new Set(words.weekdays).size) {
      errors.push({ field: 'weekdays', key: 'weekdays' });
    }
    byDay = days.join(',');
    if (words.frequency === 'fortnightly') interval = ';INTERVAL=2';
  } else errors.push({ field: 'frequency', key: 'frequency' });

  let end = '';
  if (words.ending === 'count') {
    const count = /^\d{1,3}$/.test(words.count) ? Number(words.count) : NaN;
    if (!(count >= 1 && count <= MAX_OCCURRENCES)) errors.push({ field: 'count', key: 'count' });
    end = `;COUNT=${count}`;
  } else if (words.ending === 'until') {
    const until = DAY.test(words.until) ? DateTime.fromISO(words.until, { zone }) : null;
    if (!until?.isValid) errors.push({ field: 'until', key: 'until' });
    else if (day?.isValid && until < day) errors.push({ field: 'until', key: 'untilAfter' });
    else end = `;UNTIL=${until.toFormat('yyyyMMdd')}T235959`;
  } else errors.push({ field: 'ending', key: 'ending' });

  if (errors.length) return errors;
  const at = (time: string) => {
    const [hour, minute] = time.split(':').map(Number);
    return day!.set({ hour, minute }).toISO({ suppressMilliseconds: true })!;
  };
  const freq = words.frequency === 'monthly' ? 'MONTHLY' : 'WEEKLY';
  return {
    startsAt: at(words.startTime),
    endsAt: at(words.endTime),
    rrule: `FREQ=${freq}${interval};BYDAY=${byDay}${end}`,
  };
}
