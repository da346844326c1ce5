import { formatWhen } from './when';

describe('formatWhen', () => {
  it('writes the wall-clock time of the event zone in the reader language', () => {
    const start = new Date('2026-03-31T10:30:00Z');
    const end = new Date('2026-03-31T12:00:00Z');
    expect(formatWhen(start, end, 'Europe/Paris', 'fr')).toBe('mardi 31 mars 2026, 12:30 – 14:00');
    expect(formatWhen(start, end, 'Europe/Paris', 'en')).toBe('Tuesday 31 March 2026, 12:30 – 14:00');
  });

  it('names both days when the event spans several', () => {
    expect(formatWhen(new Date('2026-06-05T07:00:00Z'), new Date('2026-06-06T15:00:00Z'), 'Europe/Paris', 'fr')).toBe(
      'vendredi 5 juin 2026, 09:00 – samedi 6 juin 2026, 17:00',
    );
  });

  it('writes hours from 00 to 23, in any zone', () => {
    expect(
      formatWhen(new Date('2026-11-01T04:30:00Z'), new Date('2026-11-01T05:45:00Z'), 'America/New_York', 'en'),
    ).toBe('Sunday 1 November 2026, 00:30 – 01:45');
  });
});
