import { endsOn, sessionPlan } from './session-plan';

describe('session plan', () => {
  it('ends a 45-day cohort on its 45th day', () => {
    expect(endsOn('2027-01-04', 45)).toBe('2027-02-17');
    expect(endsOn('2027-02-15', 45)).toBe('2027-03-31');
    expect(endsOn('2028-02-01', 45)).toBe('2028-03-16');
  });

  it('plans a kickoff, a weekly check-in, a mid-point review and a final showcase', () => {
    const plan = sessionPlan('2027-01-04', 45, 1);
    expect(plan.map((session) => `${session.kind}:${session.date}`)).toEqual([
      'kickoff:2027-01-04',
      'check-in:2027-01-11',
      'check-in:2027-01-18',
      'check-in:2027-01-25',
      'midpoint:2027-01-26',
      'check-in:2027-02-01',
      'check-in:2027-02-08',
      'check-in:2027-02-15',
      'showcase:2027-02-17',
    ]);
    expect(plan.filter((session) => session.kind === 'check-in').map((session) => session.number)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it('never puts a check-in on the mid-point day', () => {
    const plan = sessionPlan('2027-01-05', 15, 2);
    expect(plan.map((session) => `${session.kind}:${session.date}`)).toEqual([
      'kickoff:2027-01-05',
      'midpoint:2027-01-12',
      'showcase:2027-01-19',
    ]);
  });
});
