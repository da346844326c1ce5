import { affineWeeks } from './affine-schedule';
import { seededRandom } from './table-planner';

function schedule(people: number, tableSize: number, weeks: number, seed = 1) {
  const steps = affineWeeks(people, tableSize, weeks, seededRandom(seed));
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** Pairs seated together more than once over the weeks, each extra meeting counted. */
function repeatedPairs(weeks: number[][][]): number {
  const met = new Set<string>();
  let repeats = 0;
  for (const table of weeks.flat())
    for (const a of table)
      for (const b of table) {
        if (a >= b) continue;
        if (met.has(`${a}:${b}`)) repeats += 1;
        met.add(`${a}:${b}`);
      }
  return repeats;
}

describe('affineWeeks', () => {
  it.each([
    [16, 4, 5],
    [27, 3, 13],
    [25, 5, 6],
    [32, 4, 9],
  ])(
    'seats %i people at tables of %i for %i weeks, everyone once a week, nobody twice with anyone',
    (people, size, weeks) => {
      const seatings = schedule(people, size, weeks)!;
      expect(seatings).toHaveLength(weeks);
      for (const tables of seatings) {
        expect(tables.every((table) => table.length === size)).toBe(true);
        expect(new Set(tables.flat()).size).toBe(people);
      }
      expect(repeatedPairs(seatings)).toBe(0);
    },
  );

  it('repeats one line of 16 pairs in the tenth week of 32 people at tables of 4, whatever the seed', () => {
    for (const seed of [1, 2, 3]) expect(repeatedPairs(schedule(32, 4, 10, seed)!)).toBe(16);
  });

  it('has no construction when people or table size are not powers of one prime', () => {
    expect(schedule(15, 3, 7)).toBeNull();
    expect(schedule(36, 6, 5)).toBeNull();
    expect(schedule(24, 4, 5)).toBeNull();
    expect(schedule(4, 4, 2)).toBeNull();
    expect(schedule(8, 1, 3)).toBeNull();
  });
});
