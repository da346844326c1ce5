import { hasFreeSeat, recount, statusFor } from './seats';

const event = (capacity: number | null, goingCount: number) => ({
  capacity,
  goingCount,
  waitlistedCount: 0,
  maybeCount: 0,
  declinedCount: 0,
  waitlistTickets: 0,
});

describe('seats', () => {
  it('gives a free seat to a yes, the waitlist when full', () => {
    expect(statusFor('yes', null, event(2, 1))).toBe('going');
    expect(statusFor('yes', null, event(2, 2))).toBe('waitlisted');
    expect(statusFor('yes', 'maybe', event(2, 2))).toBe('waitlisted');
    expect(statusFor('yes', null, event(null, 500))).toBe('going');
  });

  it('keeps a seat or a place in line when yes is answered again', () => {
    expect(statusFor('yes', 'going', event(2, 2))).toBe('going');
    expect(statusFor('yes', 'waitlisted', event(2, 1))).toBe('waitlisted');
  });

  it('maps no and maybe whatever the seats', () => {
    expect(statusFor('no', 'going', event(2, 2))).toBe('declined');
    expect(statusFor('maybe', 'waitlisted', event(2, 2))).toBe('maybe');
  });

  it('moves counts between statuses', () => {
    const counts = event(3, 2);
    recount(counts, 'going', 'declined');
    recount(counts, null, 'waitlisted');
    expect(counts).toMatchObject({ goingCount: 1, declinedCount: 1, waitlistedCount: 1 });
    expect(hasFreeSeat(counts)).toBe(true);
  });
});
