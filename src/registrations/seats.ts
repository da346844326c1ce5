import { AnswerCountsOf } from '../events/event-writes';
import { RegistrationStatus, Response } from './registration.entity';

const COUNTER: Record<RegistrationStatus, keyof AnswerCountsOf> = {
  going: 'goingCount',
  waitlisted: 'waitlistedCount',
  maybe: 'maybeCount',
  declined: 'declinedCount',
};

/** Moves one registration between statuses in the event's answer counts. */
export function recount(event: AnswerCountsOf, from: RegistrationStatus | null, to: RegistrationStatus | null): void {
  if (from) event[COUNTER[from]] -= 1;
  if (to) event[COUNTER[to]] += 1;
}

export function hasFreeSeat(event: AnswerCountsOf & { capacity: number | null }): boolean {
  return event.capacity === null || event.goingCount < event.capacity;
}

/**
 * The status an answer leads to. "yes" takes a free seat or joins the end of the waitlist; answering "yes" again
 * keeps one's seat or place in line.
 */
export function statusFor(
  response: Response,
  current: RegistrationStatus | null,
  event: AnswerCountsOf & { capacity: number | null },
): RegistrationStatus {
  if (response === 'no') return 'declined';
  if (response === 'maybe') return 'maybe';
  if (current === 'going' || current === 'waitlisted') return current;
  return hasFreeSeat(event) ? 'going' : 'waitlisted';
}
