import { DomainError, ErrorCode } from '../common/domain-error';
import { Event } from '../events/event.entity';

/** The errors that mean "this event takes no more answers". */
export const CLOSED_CODES = [ErrorCode.EVENT_CANCELLED, ErrorCode.EVENT_PAST];

/**
 * An event takes answers (and invitations) until it starts, unless it is cancelled: why not, as the error to
 * answer, or null while it does.
 */
export function closedError(event: Pick<Event, 'status' | 'startsAt' | 'title'>, now: Date): DomainError | null {
  if (event.status === 'cancelled') {
    return new DomainError(ErrorCode.EVENT_CANCELLED, `Event "${event.title}" is cancelled: it takes no more answers`);
  }
  if (event.startsAt <= now) {
    return new DomainError(
      ErrorCode.EVENT_PAST,
      `Event "${event.title}" has already started: it takes no more answers`,
    );
  }
  return null;
}
