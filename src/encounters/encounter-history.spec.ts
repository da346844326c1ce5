import { EncounterHistory, Gathering } from './encounter-history';

const at = (iso: string) => new Date(iso);
const gathering = (iso: string, ...groups: string[][]): Gathering => ({ at: at(iso), came: groups.flat(), groups });

describe('EncounterHistory', () => {
  const history = new EncounterHistory([
    gathering('2026-03-10T11:30:00Z', ['ana', 'bob'], ['cyd', 'dan']),
    gathering('2026-04-14T10:30:00Z', ['ana', 'bob', 'cyd']),
    { at: at('2026-05-05T10:30:00Z'), came: ['eve', 'ana'], groups: [] },
  ]);

  it('counts each pair once per gathering, with its first and last time', () => {
    expect(history.of('ana').get('bob')).toEqual({
      times: 2,
      firstMetAt: at('2026-03-10T11:30:00Z'),
      lastMetAt: at('2026-04-14T10:30:00Z'),
    });
    expect([...history.of('cyd').keys()].sort()).toEqual(['ana', 'bob', 'dan']);
    expect(history.of('eve').size).toBe(0);
  });

  it('tells how many of a list the member never met, not counting themself or someone twice', () => {
    expect(history.notMetAmong('ana', ['ana', 'bob', 'dan', 'eve', 'eve'])).toBe(2);
    expect(history.notMetAmong('eve', ['ana', 'bob'])).toBe(2);
  });

  it('knows when each member last came and last met someone new', () => {
    expect(history.lastCameAt('ana')).toEqual(at('2026-05-05T10:30:00Z'));
    expect(history.lastNewEncounterOf('ana')).toEqual(at('2026-04-14T10:30:00Z'));
    expect(history.lastNewEncounterOf('eve')).toBeUndefined();
  });

  it('counts new pairs per month of the space, the current month last', () => {
    expect(history.newPerMonth(at('2026-05-20T00:00:00Z'), 4, 'Europe/Paris')).toEqual([
      { month: '2026-02', count: 0 },
      { month: '2026-03', count: 2 },
      { month: '2026-04', count: 2 },
      { month: '2026-05', count: 0 },
    ]);
  });

  it('puts a meeting in the month of the space, not of UTC', () => {
    const night = new EncounterHistory([gathering('2026-03-31T22:30:00Z', ['ana', 'bob'])]);
    expect(night.newPerMonth(at('2026-04-20T00:00:00Z'), 2, 'Europe/Paris')).toEqual([
      { month: '2026-03', count: 0 },
      { month: '2026-04', count: 1 },
    ]);
  });

  it('reads the history as it stood before an event', () => {
    const before = history.before(at('2026-04-14T10:30:00Z'));
    expect(before.of('ana').get('bob')?.times).toBe(1);
    expect(before.of('ana').has('cyd')).toBe(false);
  });
});
