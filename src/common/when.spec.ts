import { DateTime } from 'luxon';
import { formatWhen, localIso } from './when';

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

describe('localIso', () => {
  it('writes the same text as luxon, across offsets, half hours, summer time and milliseconds', () => {
    const zones = ['Europe/Paris', 'UTC', 'Etc/UTC', 'Europe/London', 'America/St_Johns', 'Asia/Kathmandu'];
    // Every 7 hours and 13 minutes over three years crosses each zone's changes of time many times.
    for (let at = Date.UTC(2025, 0, 1, 0, 0, 0, 250); at < Date.UTC(2028, 0, 1); at += 26_011_117) {
      for (const zone of zones) {
        const date = new Date(at);
        expect(localIso(date, zone)).toBe(DateTime.fromJSDate(date, { zone }).toISO({ suppressMilliseconds: true }));
      }
    }
  });

  it('leaves the milliseconds out when there are none', () => {
    expect(localIso(new Date('2026-12-08T11:30:00Z'), 'Europe/Paris')).toBe('2026-12-08T12:30:00+01:00');
  });
});
