import { DateTime } from 'luxon';
import { MAX_OCCURRENCES, occurrenceStarts, parseRule, RecurrenceError, withEnd } from './recurrence';

const paris = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Paris' });
const utc = (starts: DateTime[]) => starts.map((start) => start.toUTC().toISO());

describe('occurrenceStarts', () => {
  it('keeps a Tuesday 12:30 lunch at 12:30 local across the March change (11:30Z, then 10:30Z)', () => {
    const starts = occurrenceStarts('FREQ=WEEKLY;BYDAY=TU;COUNT=3', paris('2026-03-24T12:30'));
    expect(starts.map((start) => start.toFormat('ccc HH:mm'))).toEqual(['Tue 12:30', 'Tue 12:30', 'Tue 12:30']);
    expect(utc(starts)).toEqual(['2026-03-24T11:30:00.000Z', '2026-03-31T10:30:00.000Z', '2026-04-07T10:30:00.000Z']);
  });

  it('and across the October change (10:30Z, then 11:30Z)', () => {
    const starts = occurrenceStarts('FREQ=WEEKLY;COUNT=2', paris('2026-10-20T12:30'));
    expect(utc(starts)).toEqual(['2026-10-20T10:30:00.000Z', '2026-10-27T11:30:00.000Z']);
  });

  it('expands "first Thursday of the month"', () => {
    const starts = occurrenceStarts('FREQ=MONTHLY;BYDAY=1TH;COUNT=3', paris('2026-01-01T08:30'));
    expect(starts.map((start) => start.toISODate())).toEqual(['2026-01-01', '2026-02-05', '2026-03-05']);
  });

  it('reads a UTC UNTIL as an instant, inclusive', () => {
    const starts = occurrenceStarts('FREQ=WEEKLY;UNTIL=20260407T103000Z', paris('2026-03-24T12:30'));
    expect(starts).toHaveLength(3);
  });

  it('is the same whatever the process time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      expect(utc(occurrenceStarts('FREQ=WEEKLY;COUNT=2', paris('2026-03-24T12:30')))[1]).toBe(
        '2026-03-31T10:30:00.000Z',
      );
    } finally {
      process.env.TZ = before;
    }
  });

  it(`refuses more than ${MAX_OCCURRENCES} occurrences`, () => {
    expect(() => occurrenceStarts(`FREQ=DAILY;COUNT=${MAX_OCCURRENCES + 1}`, paris('2026-01-01T12:00'))).toThrow(
      /more than/,
    );
  });
});

describe('parseRule', () => {
  it.each([
    ['FREQ=SOMETIMES;COUNT=2', /FREQ/],
    ['FREQ=HOURLY;COUNT=2', /FREQ/],
    ['FREQ=WEEKLY', /COUNT= or UNTIL=/],
    ['FREQ=WEEKLY;BYDAY=XX;COUNT=2', /BY/],
    ['DTSTART=20260101T000000Z;FREQ=WEEKLY;COUNT=2', /DTSTART/],
    ['garbage', /garbage/],
    ['FREQ=WEEKLY;COUNT=2;INTERVAL=0', /INTERVAL/],
  ])('refuses %p', (rule, message) => {
    expect(() => parseRule(rule)).toThrow(RecurrenceError);
    expect(() => parseRule(rule)).toThrow(message);
  });

  it('rewrites the end of a rule', () => {
    expect(withEnd('FREQ=WEEKLY;BYDAY=TU;COUNT=4', { count: 6 })).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=6');
    expect(withEnd('RRULE:FREQ=WEEKLY;COUNT=4', { until: DateTime.fromISO('2026-06-30T12:00:00Z') })).toBe(
      'FREQ=WEEKLY;UNTIL=20260630T120000Z',
    );
  });
});
