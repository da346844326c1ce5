import { DateTime } from 'luxon';
import { EventResponse } from '../../events/event.dto';

/** `2026-W50`: an ISO week, as `?week=` takes it. */
export const ISO_WEEK = /^\d{4}-W\d{2}$/;

/** The Monday 00:00 that starts the week in the zone: the given ISO week, else the week of `now`; null for no week. */
export function weekStart(week: string | undefined, now: Date, zone: string): DateTime | null {
  if (!week) return DateTime.fromJSDate(now, { zone }).startOf('week');
  if (!ISO_WEEK.test(week)) return null;
  const monday = DateTime.fromISO(week, { zone });
  // Luxon carries W60 over into the next year: only a week the year has is one.
  return monday.isValid && weekName(monday) === week ? monday.startOf('week') : null;
}

export interface WeekDay {
  label: string;
  bookings: Array<{ id: string; time: string; title: string; cancelled: boolean }>;
}

/** The seven days of the week, each with the room's events that start on it, in the zone and the reader's language. */
export function daysOf(monday: DateTime, events: EventResponse[], zone: string, locale: string): WeekDay[] {
  return Array.from({ length: 7 }, (_, index) => {
    const day = monday.plus({ days: index }).setLocale(locale);
    const bookings = events
      .filter((event) => DateTime.fromJSDate(new Date(event.startsAt), { zone }).hasSame(day, 'day'))
      .map((event) => {
        const at = (date: Date | string) => DateTime.fromJSDate(new Date(date), { zone }).toFormat('HH:mm');
        return {
          id: event.id,
          time: `${at(event.startsAt)} – ${at(event.endsAt)}`,
          title: event.title,
          cancelled: event.status === 'cancelled',
        };
      });
    return { label: day.toFormat('cccc d LLLL'), bookings };
  });
}

/** The ISO week name of a Monday: `2026-W50`. */
export function weekName(monday: DateTime): string {
  return monday.toISOWeekDate()!.slice(0, 8);
}
