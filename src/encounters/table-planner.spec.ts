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

  it('plans a series ahead: 15 people at tables of 3 for 7 weeks meet nobody twice (Kirkman)', () => {
    const members = people(15);
    const met = new Map<string, number>();
    let tentative: string[][][] = [];
    let repeats = 0;
    for (let w = 0; w < 7; w++) {
      const weeks = Array.from({ length: 7 - w }, (_, i) => ({ ...week(members, 5), start: tentative[i + 1] }));
      const plan = planTables({ weeks, met, seed: w + 1 });
      tentative = plan.weeks;
      repeats += plan.repeatedPairs;
      for (const table of plan.tables)
        for (const a of table)
          for (const b of table) if (a < b) met.set(pairKey(a, b), (met.get(pairKey(a, b)) ?? 0) + 1);
    }
    expect(repeats).toBeLessThanOrEqual(3);
  });

  it('returns no table for nobody', () => {
    expect(planTables({ weeks: [week([], 3)], met: new Map(), seed: 1 })).toMatchObject({ tables: [] });
  });
});
