import type { Membership } from '../members/member.entity';
import type { EventResponse } from './event.dto';

/**
 * Whether a member may attend an event, as their feed, their page and their digest show it: a workclub session is
 * for its cohort (those registered to it); a guest comes from outside for public events, so sees those and the
 * events they answered; a member sees the rest.
 */
export function mayAttend(
  member: { membership: Membership },
  event: Pick<EventResponse, 'cohortId' | 'visibility'>,
  answered: boolean,
): boolean {
  if (answered) return true;
  if (event.cohortId) return false;
  return member.membership !== 'guest' || event.visibility === 'public';
}
