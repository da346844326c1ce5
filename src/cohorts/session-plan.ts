import { DateTime } from 'luxon';

export const SESSION_KINDS = ['kickoff', 'check-in', 'midpoint', 'showcase'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export interface PlannedSession {
  kind: SessionKind;
  /** The day, YYYY-MM-DD in the space's zone. */
  date: string;
  /** 1, 2, 3... for weekly check-ins. */
  number: number;
}

/** The last day of a cohort: a 45-day cohort starting on the 4th ends on the 48th day after the 3rd (inclusive). */
export function endsOn(startsOn: string, durationDays: number): string {
  return DateTime.fromISO(startsOn)
    .plus({ days: durationDays - 1 })
    .toISODate()!;
}

/**
 * A cohort's rhythm: a kickoff on the first day, a check-in every week on `weekday` (1 = Monday ... 7 = Sunday), a
 * mid-point review halfway and a final showcase on the last day. Check-ins never fall on the other sessions' days.
 */
export function sessionPlan(startsOn: string, durationDays: number, weekday: number): PlannedSession[] {
  const first = DateTime.fromISO(startsOn);
  const last = first.plus({ days: durationDays - 1 });
  const midpoint = first.plus({ days: Math.floor((durationDays - 1) / 2) });
  const plan: PlannedSession[] = [{ kind: 'kickoff', date: startsOn, number: 1 }];
  let checkIns = 0;
  for (let day = first.plus({ days: 1 }); day < last; day = day.plus({ days: 1 })) {
    if (day.hasSame(midpoint, 'day')) plan.push({ kind: 'midpoint', date: day.toISODate()!, number: 1 });
    else if (day.weekday === weekday) plan.push({ kind: 'check-in', date: day.toISODate()!, number: (checkIns += 1) });
  }
  plan.push({ kind: 'showcase', date: last.toISODate()!, number: 1 });
  return plan;
}
