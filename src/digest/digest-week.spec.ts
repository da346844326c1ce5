import { isDue, weekNamed, weekOf } from './digest-week';

const PARIS = 'Europe/Paris';

describe('the digest week', () => {
  it('runs from Monday 00:00 to the next Monday in the space’s zone, and is sent on Monday at 08:00', () => {
    const week = weekOf(new Date('2026-12-09T15:00:00Z'), PARIS);
    expect(week).toEqual({
      key: '2026-W50',
      startsAt: new Date('2026-12-06T23:00:00Z'),
      endsAt: new Date('2026-12-13T23:00:00Z'),
      sendsAt: new Date('2026-12-07T07:00:00Z'),
    });
    // Sunday 23:30 in Paris is still the same week, though Monday in UTC terms is not yet.
    expect(weekOf(new Date('2026-12-13T22:30:00Z'), PARIS).key).toBe('2026-W50');
    expect(weekOf(new Date('2026-12-13T23:30:00Z'), PARIS).key).toBe('2026-W51');
  });

  it('keeps 08:00 local across a daylight-saving change and names ISO weeks across a new year', () => {
    expect(weekOf(new Date('2027-03-29T10:00:00Z'), PARIS).sendsAt).toEqual(new Date('2027-03-29T06:00:00Z'));
    expect(weekOf(new Date('2026-12-30T12:00:00Z'), PARIS).key).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-04T12:00:00Z'), PARIS).key).toBe('2027-W01');
  });

  it('finds a week again from its key, and none from a key that names none', () => {
    const week = weekOf(new Date('2026-12-09T15:00:00Z'), 'Pacific/Auckland');
    expect(weekNamed(week.key, 'Pacific/Auckland')).toEqual(week);
    expect(weekNamed('2026-W99', PARIS)).toBeNull();
    expect(weekNamed('yesterday', PARIS)).toBeNull();
  });

  it('is due from Monday 08:00 to the end of Monday, not before, not on Tuesday', () => {
    const week = weekOf(new Date('2026-12-09T15:00:00Z'), PARIS);
    expect(isDue(week, new Date('2026-12-07T06:59:00Z'), PARIS)).toBe(false);
    expect(isDue(week, new Date('2026-12-07T07:00:00Z'), PARIS)).toBe(true);
    expect(isDue(week, new Date('2026-12-07T22:59:00Z'), PARIS)).toBe(true);
    expect(isDue(week, new Date('2026-12-07T23:00:00Z'), PARIS)).toBe(false);
  });
});
