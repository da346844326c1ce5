import { DateTime } from 'luxon';
import { occurrenceStarts } from '../../events/recurrence';
import { recurrenceOfWords, RecurrenceWords } from './recurrence-words';

const ZONE = 'Europe/Paris';

const words = (overrides: Partial<RecurrenceWords> = {}): RecurrenceWords => ({
  firstDay: '2027-03-01',
  startTime: '12:30',
  endTime: '14:00',
  frequency: 'weekly',
  weekdays: ['TU'],
  monthWeek: '1',
  monthWeekday: 'TH',
  ending: 'count',
  count: '12',
  until: '',
  ...overrides,
});

/** The dates a rule from words gives, expanded as the API expands it. */
const dates = (input: RecurrenceWords) => {
  const rule = recurrenceOfWords(input, ZONE);
  if (Array.isArray(rule)) throw new Error(JSON.stringify(rule));
  return occurrenceStarts(rule.rrule, DateTime.fromISO(rule.startsAt, { zone: ZONE })).map((at) =>
    at.toFormat('ccc yyyy-MM-dd HH:mm'),
  );
};

describe('recurrenceOfWords', () => {
  it('"every week on Tuesday and Thursday, 4 times" from a Monday: the first date is the Tuesday after', () => {
    const rule = recurrenceOfWords(words({ weekdays: ['TH', 'TU'], count: '4' }), ZONE);
    expect(rule).toEqual({
      startsAt: '2027-03-01T12:30:00+01:00',
      endsAt: '2027-03-01T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4',
    });
    expect(dates(words({ weekdays: ['TU', 'TH'], count: '4' }))).toEqual([
      'Tue 2027-03-02 12:30',
      'Thu 2027-03-04 12:30',
      'Tue 2027-03-09 12:30',
      'Thu 2027-03-11 12:30',
    ]);
  });

  it('"every two weeks on Friday until a date" (that day included), 12:30 kept across the March change', () => {
    const input = words({ frequency: 'fortnightly', weekdays: ['FR'], ending: 'until', until: '2027-04-16' });
    expect(recurrenceOfWords(input, ZONE)).toMatchObject({
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;UNTIL=20270416T235959',
    });
    expect(dates(input)).toEqual([
      'Fri 2027-03-05 12:30',
      'Fri 2027-03-19 12:30',
      'Fri 2027-04-02 12:30',
      'Fri 2027-04-16 12:30',
    ]);
  });

  it('"monthly on the first Thursday" and "on the last Friday"', () => {
    expect(dates(words({ frequency: 'monthly', count: '3' }))).toEqual([
      'Thu 2027-03-04 12:30',
      'Thu 2027-04-01 12:30',
      'Thu 2027-05-06 12:30',
    ]);
    const last = words({ frequency: 'monthly', monthWeek: '-1', monthWeekday: 'FR', count: '2' });
    expect(recurrenceOfWords(last, ZONE)).toMatchObject({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=2' });
    expect(dates(last)).toEqual(['Fri 2027-03-26 12:30', 'Fri 2027-04-30 12:30']);
  });

  it('names every field it cannot read', () => {
    expect(
      recurrenceOfWords(
        words({ firstDay: '2027-02-30', startTime: '24:00', endTime: 'noon', weekdays: [], count: '201' }),
        ZONE,
      ),
    ).toEqual([
      { field: 'firstDay', key: 'firstDay' },
      { field: 'startTime', key: 'startTime' },
      { field: 'endTime', key: 'endTime' },
      { field: 'weekdays', key: 'weekdays' },
      { field: 'count', key: 'count' },
    ]);
    expect(recurrenceOfWords(words({ endTime: '12:00' }), ZONE)).toEqual([{ field: 'endTime', key: 'endTimeAfter' }]);
    expect(recurrenceOfWords(words({ weekdays: ['TU', 'XX'] }), ZONE)).toEqual([
      { field: 'weekdays', key: 'weekdays' },
    ]);
    expect(recurrenceOfWords(words({ frequency: 'monthly', monthWeek: '5' }), ZONE)).toEqual([
      { field: 'monthWeek', key: 'monthWeek' },
    ]);
    expect(recurrenceOfWords(words({ ending: 'until', until: '2027-02-01' }), ZONE)).toEqual([
      { field: 'until', key: 'untilAfter' },
    ]);
    expect(recurrenceOfWords(words({ frequency: 'daily', ending: '' }), ZONE)).toEqual([
      { field: 'frequency', key: 'frequency' },
      { field: 'ending', key: 'ending' },
    ]);
  });
});
