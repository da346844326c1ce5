import { pairKey, planTables, PlanningWeek, qualityOf, tablesFor } from './table-planner';

const people = (count: number, prefix = 'm') => Array.from({ length: count }, (_, i) => `${prefix}${i + 10}`);
const week = (memberIds: string[], tables: number, hostIds: string[] = []): PlanningWeek => ({
  memberIds,
  hostIds,
  tables,
});

describe('planTables', () => {
  it('seats every member once, at tables differing by at most one person', () => {
    const members = people(14);
    const plan = planTables({ weeks: [week(members, tablesFor(14, 4))], met: new Map(), seed: 1 });
    expect(plan.tables).toHaveLength(4);
    expect(plan.tables.flat().sort()).toEqual([...members].sort());
    const sizes = plan.tables.map((table) => table.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('puts hosts at different tables, first at their table', () => {
    const members = people(12);
    const hosts = members.slice(0, 3);
    const plan = planTables({ weeks: [week(members, 3, hosts)], met: new Map(), seed: 3 });
    expect(plan.tables.map((table) => table[0]).sort()).toEqual([...hosts].sort());
  });

  it('seats together people who have not met when it can', () => {
    const members = people(8);
    // Everyone in the first half met each other, and so did the second half: mixing the halves is the only way.
    const met = new Map<string, number>();
    for (const half of [members.slice(0, 4), members.slice(4)]) {
      for (const a of half) for (const b of half) if (a < b) met.set(pairKey(a, b), 1);
    }
    const plan = planTables({ weeks: [week(members, 4)], met, seed: 5 });
    expect(plan.repeatedPairs).toBe(0);
    expect(plan.newPairs).toBe(4);
    expect(qualityOf(plan.tables, met)).toEqual({ newPairs: 4, repeatedPairs: 0 });
  });

  it('gives the same plan for the same history and seed, another for another seed', () => {
    const input = { weeks: [week(people(20), 5)], met: new Map<string, number>() };
    expect(planTables({ ...input, seed: 7 }).tables).toEqual(planTables({ ...input, seed: 7 }).tables);
    expect(planTables({ ...input, seed: 7 }).tables).not.toEqual(planTables({ ...input, seed: 8 }).tables);
  });

  /** Plans a series week by week as the API does (each plan starts from the tentative seating of the last one). */
  function runSeries(members: string[], tables: number, weeks: number, hostIds: string[] = [], effort?: number) {
    const met = new Map<string, number>();
    let tentative: string[][][] = [];
    let repeats = 0;
    let hostsTogether = 0;
    for (let w = 0; w < weeks; w++) {
      const coming = Array.from({ length: weeks - w }, (_, i) => ({
        ...week(members, tables, hostIds),
        start: tentative[i + 1],
      }));
      const plan = planTables({ weeks: coming, met, seed: w + 1, effort });
      tentative = plan.weeks;
      repeats += plan.repeatedPairs;
      hostsTogether += plan.tables.filter((table) => table.filter((id) => hostIds.includes(id)).length > 1).length;
      for (const table of plan.tables)
        for (const a of table)
          for (const b of table) if (a < b) met.set(pairKey(a, b), (met.get(pairKey(a, b)) ?? 0) + 1);
    }
    return { repeats, hostsTogether };
  }

  it('plans a series ahead: 15 people at tables of 3 for 7 weeks meet nobody twice (Kirkman)', () => {
    expect(runSeries(people(15), 5, 7).repeats).toBeLessThanOrEqual(3);
  });

  it('plans a series ahead: 32 people at tables of 4 for 10 weeks repeat 16 pairs or fewer, two hosts apart', () => {
    // A smaller effort than the server's: the schedule it starts from (affine geometry) already reaches the bar.
    const members = people(32);
    const { repeats, hostsTogether } = runSeries(members, 8, 10, [members[3], members[20]], 200_000);
    expect(repeats).toBeLessThanOrEqual(16);
    expect(hostsTogether).toBe(0);
  });

  it('seats everyone alone when asked for as many tables as people, the same people every week', () => {
    const members = people(8);
    const plan = planTables({ weeks: [week(members, 8), week(members, 8)], met: new Map(), seed: 1 });
    expect(plan.tables.map((table) => table.length)).toEqual(Array(8).fill(1));
    expect(plan.tables.flat().sort()).toEqual(members);
  });

  it('returns no table for nobody', () => {
    expect(planTables({ weeks: [week([], 3)], met: new Map(), seed: 1 })).toMatchObject({ tables: [] });
  });
});
