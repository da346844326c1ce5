import { ErrorCode } from '../common/domain-error';
import { closedError } from './answer-window';

describe('closedError', () => {
  const now = new Date('2030-03-01T10:00:00Z');
  const event = (status: 'scheduled' | 'confirmed' | 'cancelled', startsAt: string) => ({
    status,
    startsAt: new Date(startsAt),
    title: 'Colunch',
  });

  it('lets an event not yet started take answers, confirmed or not', () => {
    expect(closedError(event('scheduled', '2030-03-01T10:00:01Z'), now)).toBeNull();
    expect(closedError(event('confirmed', '2030-03-02T10:00:00Z'), now)).toBeNull();
  });

  it('closes an event at its start, and a cancelled one at once, each with its own code', () => {
    expect(closedError(event('scheduled', '2030-03-01T10:00:00Z'), now)?.code).toBe(ErrorCode.EVENT_PAST);
    const cancelled = closedError(event('cancelled', '2030-04-01T10:00:00Z'), now);
    expect(cancelled?.code).toBe(ErrorCode.EVENT_CANCELLED);
    expect(cancelled?.message).toBe('Event "Colunch" is cancelled: it takes no more answers');
  });
});
