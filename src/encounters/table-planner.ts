/**
 * Seats the people of a colunch at tables so that those who have not met yet sit together: the social golfer
 * problem with a history. Deterministic for a given input and seed; the server searches in slices between which its
 * event loop serves other requests.
 *
 * The search looks at the whole schedule it is given: the occurrence to plan first, then the later occurrences of
 * its series with the members registered to them. Planning only one week greedily stalls (after a few weeks every
 * seating repeats pairs); planning the coming weeks together keeps fresh pairs for later. Only the first week's
 * tables are returned: each week is planned again when it comes, from what really happened.
 */
import { affineWeeks } from './affine-schedule';

export interface PlanningWeek {
  /** Who is seated (going members), hosts included. */
  memberIds: string[];
  /** Hosts sit at different tables while there are tables enough. */
  hostIds: string[];
  /** How many tables; sizes then differ by at most one. */
  tables: number;
  /** The seating planned for this week last time, if any: the search starts from it (people gone are left out). */
  start?: string[][];
}

export interface PlanInput {
  /** The week to plan first, then the later ones to keep in mind. */
  weeks: PlanningWeek[];
  /** How many times each pair met before, keyed by `pairKey`. */
  met: ReadonlyMap<string, number>;
  seed: number;
  /** How many swaps the search may weigh; the same input, seed and effort give the same plan. */
  effort?: number;
}

export interface PlanQuality {
  /** Pairs seated together who had never met. */
  newPairs: number;
  /** Pairs seated together who had met before. */
  repeatedPairs: number;
}

export interface Plan extends PlanQuality {
  /** Member ids per table, hosts first. */
  tables: string[][];
  /** The seating the search arrived at for each week given (the first is `tables`): where to start next time. */
  weeks: string[][][];
}

/** A week as the search sees it: people by their index, and the seating to start from if any. */
interface WeekToSeat {
  people: number[];
  hosts: number[];
  tables: number;
  start: number[][] | null;
}

/** A pair of members, whatever their order. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Tables needed to seat `people` at tables of at most `tableSize`. */
export const tablesFor = (people: number, tableSize: number): number => Math.max(1, Math.ceil(people / tableSize));

/** Swaps weighed by one plan: a plan of 60 people over several weeks stays well under a second. */
const DEFAULT_EFFORT = 3_000_000;
/** Two hosts at one table cost more than any number of repeated pairs. */
const HOSTS_TOGETHER = 10_000;
/** Swaps weighed between two pauses of a search that yields (about a few milliseconds). */
const SLICE = 20_000;
/** Moves stay tabu for this many steps, plus a random part as long. */
const TABU_TENURE = 10;
/** Steps without a new best before the schedule is shaken, and how many random swaps shake it. */
const SHAKE_AFTER = 200;
const SHAKE_SWAPS = 3;

/** A small seeded generator (mulberry32): reproducible plans (and reproducible benchmarks). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a meeting of a pair costs: (times they met before)², so a first meeting is free. */
const meetingCost = (before: number) => before * before;

/**
 * The schedule being searched, in typed arrays (the search evaluates millions of swaps): per week, each person's
 * table and each table's people; per pair, how often they meet (history plus the weeks of the plan).
 */
class Schedule {
  readonly size: number;
  readonly weeks: number;
  readonly maxTables: number;
  readonly maxSeats: number;
  /** met[i * size + j]: meetings before the plan plus those in it. */
  readonly met: Int32Array;
  /** seat[w * size + i]: the table of person i in week w, -1 when absent. */
  readonly seat: Int32Array;
  /** The people of table t in week w: members[(w * maxTables + t) * maxSeats + k] for k < count[w * maxTables + t]. */
  readonly members: Int32Array;
  readonly count: Int32Array;
  /** host[w * size + i]: 1 when person i hosts week w. */
  readonly host: Uint8Array;
  readonly people: Int32Array[];
  cost = 0;

  constructor(ids: string[], history: ReadonlyMap<string, number>, plan: WeekToSeat[], next: () => number) {
    this.size = ids.length;
    this.weeks = plan.length;
    this.maxTables = Math.max(...plan.map((week) => week.tables));
    this.maxSeats = Math.max(...plan.map((week) => Math.ceil(week.people.length / week.tables)));
    this.met = new Int32Array(this.size * this.size);
    for (let i = 0; i < this.size; i++) {
      for (let j = i + 1; j < this.size; j++) {
        const times = history.get(pairKey(ids[i], ids[j])) ?? 0;
        this.met[i * this.size + j] = times;
        this.met[j * this.size + i] = times;
      }
    }
    this.seat = new Int32Array(this.weeks * this.size).fill(-1);
    this.members = new Int32Array(this.weeks * this.maxTables * this.maxSeats);
    this.count = new Int32Array(this.weeks * this.maxTables);
    this.host = new Uint8Array(this.weeks * this.size);
    this.people = plan.map((week) => Int32Array.from(week.people));
    plan.forEach((week, w) => {
      for (const person of week.hosts) this.host[w * this.size + person] = 1;
      const isHost = (person: number) => this.host[w * this.size + person] === 1;
      const met = (a: number, b: number) => this.met[a * this.size + b];
      for (const [person, table] of startingSeats(week, isHost, met, next)) {
        const slot = w * this.maxTables + table;
        this.members[slot * this.maxSeats + this.count[slot]] = person;
        this.count[slot] += 1;
        this.seat[w * this.size + person] = table;
      }
      for (let table = 0; table < week.tables; table++) {
        const slot = w * this.maxTables + table;
        for (let a = 0; a < this.count[slot]; a++) {
          for (let b = a + 1; b < this.count[slot]; b++) {
            const x = this.members[slot * this.maxSeats + a];
            const y = this.members[slot * this.maxSeats + b];
            this.cost += this.added(w, x, y);
            this.met[x * this.size + y] += 1;
            this.met[y * this.size + x] += 1;
          }
        }
      }
    });
  }

  /** What one more meeting of x and y in week w costs (before it is counted). */
  private added(w: number, x: number, y: number): number {
    const before = this.met[x * this.size + y];
    return meetingCost(before) + (this.host[w * this.size + x] & this.host[w * this.size + y]) * HOSTS_TOGETHER;
  }

  /** What removing one meeting of x and y in week w saves (while it is counted). */
  private removed(w: number, x: number, y: number): number {
    const before = this.met[x * this.size + y] - 1;
    return meetingCost(before) + (this.host[w * this.size + x] & this.host[w * this.size + y]) * HOSTS_TOGETHER;
  }

  /** The change in cost if `a` and `b` (at different tables of week `w`) swapped seats, without swapping. */
  swapDelta(w: number, a: number, b: number): number {
    let delta = 0;
    const slotA = w * this.maxTables + this.seat[w * this.size + a];
    const slotB = w * this.maxTables + this.seat[w * this.size + b];
    for (let k = 0; k < this.count[slotA]; k++) {
      const x = this.members[slotA * this.maxSeats + k];
      if (x !== a) delta += this.added(w, b, x) - this.removed(w, a, x);
    }
    for (let k = 0; k < this.count[slotB]; k++) {
      const y = this.members[slotB * this.maxSeats + k];
      if (y !== b) delta += this.added(w, a, y) - this.removed(w, b, y);
    }
    return delta;
  }

  swap(w: number, a: number, b: number): void {
    this.cost += this.swapDelta(w, a, b);
    const tableA = this.seat[w * this.size + a];
    const tableB = this.seat[w * this.size + b];
    this.move(w, a, tableA, -1);
    this.move(w, b, tableB, -1);
    this.replace(w, tableA, a, b);
    this.replace(w, tableB, b, a);
    this.seat[w * this.size + a] = tableB;
    this.seat[w * this.size + b] = tableA;
    this.move(w, b, tableA, +1);
    this.move(w, a, tableB, +1);
  }

  /** Counts (+1) or uncounts (-1) the meetings of `person` with the others at `table`. */
  private move(w: number, person: number, table: number, change: 1 | -1): void {
    const slot = w * this.maxTables + table;
    for (let k = 0; k < this.count[slot]; k++) {
      const other = this.members[slot * this.maxSeats + k];
      if (other === person) continue;
      this.met[person * this.size + other] += change;
      this.met[other * this.size + person] += change;
    }
  }

  private replace(w: number, table: number, from: number, to: number): void {
    const slot = w * this.maxTables + table;
    for (let k = 0; k < this.count[slot]; k++) {
      if (this.members[slot * this.maxSeats + k] === from) this.members[slot * this.maxSeats + k] = to;
    }
  }

  /** Whether `person` sits, in week `w`, with someone they meet at least twice, or a host with another host. */
  inConflict(w: number, person: number): boolean {
    const slot = w * this.maxTables + this.seat[w * this.size + person];
    for (let k = 0; k < this.count[slot]; k++) {
      const other = this.members[slot * this.maxSeats + k];
      if (other === person) continue;
      if (this.met[person * this.size + other] >= 2) return true;
      if (this.host[w * this.size + person] & this.host[w * this.size + other]) return true;
    }
    return false;
  }

  /** A copy of the state, to come back to the best schedule seen. */
  snapshot(): { met: Int32Array; seat: Int32Array; members: Int32Array; cost: number } {
    return { met: this.met.slice(), seat: this.seat.slice(), members: this.members.slice(), cost: this.cost };
  }

  restore(saved: { met: Int32Array; seat: Int32Array; members: Int32Array; cost: number }): void {
    this.met.set(saved.met);
    this.seat.set(saved.seat);
    this.members.set(saved.members);
    this.cost = saved.cost;
  }

  tableOf(w: number, person: number): number {
    return this.seat[w * this.size + person];
  }

  seating(w: number): number[][] {
    return Array.from({ length: this.maxTables }, (_, table) => {
      const slot = w * this.maxTables + table;
      return Array.from(this.members.subarray(slot * this.maxSeats, slot * this.maxSeats + this.count[slot]));
    }).filter((table) => table.length > 0);
  }
}

/**
 * Where each person sits before the search: the seating of last time when there is one (newcomers fill the smallest
 * tables), else hosts one per table and everyone else greedily at the table where they know the fewest people, the
 * tables' sizes kept within one of each other.
 */
function startingSeats(
  week: { people: number[]; tables: number; start: number[][] | null },
  isHost: (person: number) => boolean,
  met: (a: number, b: number) => number,
  next: () => number,
): Map<number, number> {
  const seats = new Map<number, number>();
  const tables: number[][] = Array.from({ length: week.tables }, () => []);
  const largest = Math.ceil(week.people.length / week.tables);
  const present = new Set(week.people);
  if (week.start && week.start.length === week.tables) {
    week.start.forEach((table, index) => {
      for (const person of table) {
        if (!present.has(person) || seats.has(person) || tables[index].length >= largest) continue;
        seats.set(person, index);
        tables[index].push(person);
      }
    });
  }
  const sit = (person: number, table: number) => {
    seats.set(person, table);
    tables[table].push(person);
  };
  for (const host of week.people.filter((person) => isHost(person) && !seats.has(person))) {
    const free = tables.findIndex((table) => !table.some(isHost));
    sit(host, free >= 0 ? free : smallest(tables));
  }
  // Triska and Musliu's greedy start: fill each table with people who have not met, choosing each time who leaves
  // the most freedom (how many of those still standing could join the table without meeting someone again).
  const standing = new Set(
    shuffle(
      week.people.filter((person) => !seats.has(person)),
      next,
    ),
  );
  const fresh = (person: number, table: number[]) => table.every((other) => met(person, other) === 0);
  const freedom = (table: number[], leaving: number) => {
    let free = 0;
    for (const other of standing) if (other !== leaving && fresh(other, table)) free += 1;
    return free;
  };
  const base = Math.floor(week.people.length / week.tables);
  const extra = week.people.length % week.tables;
  tables.forEach((table, index) => {
    const target = base + (index < extra ? 1 : 0);
    while (table.length < target && standing.size > 0) {
      let chosen = -1;
      let chosenScore = -Infinity;
      for (const person of standing) {
        const known = table.reduce((sum, other) => sum + met(person, other), 0);
        const score = -known * week.people.length + freedom([...table, person], person);
        if (score > chosenScore) {
          chosen = person;
          chosenScore = score;
        }
      }
      standing.delete(chosen);
      sit(chosen, index);
    }
  });
  return seats;
}

/**
 * When the same people come to every week and fill their tables exactly, with p^k people at tables of p^m, the
 * affine-geometry schedule (affine-schedule.ts), to start from when it costs less than the greedy one: hosts on the
 * points that share the fewest tables with other hosts, everyone else on the other points at random.
 */
function* designedStart(weeks: WeekToSeat[], next: () => number): Generator<void, WeekToSeat[] | null> {
  const [first] = weeks;
  const people = first.people.length;
  const sameEveryWeek = weeks.every(
    (week) => !week.start && week.tables === first.tables && week.people.join() === first.people.join(),
  );
  if (!sameEveryWeek || people % first.tables !== 0) return null;
  const seatings = yield* affineWeeks(people, people / first.tables, weeks.length, next);
  if (!seatings) return null;
  const tableOf = seatings.map((tables) => {
    const table = new Int32Array(people);
    tables.forEach((points, index) => points.forEach((point) => (table[point] = index)));
    return table;
  });
  const hosts = [...new Set(weeks.flatMap((week) => week.hosts))].filter((host) => first.people.includes(host));
  const free = shuffle(
    Array.from({ length: people }, (_, point) => point),
    next,
  );
  const hostPoints: number[] = [];
  while (hostPoints.length < hosts.length) {
    const together = (point: number) =>
      hostPoints.reduce((sum, other) => sum + tableOf.filter((table) => table[point] === table[other]).length, 0);
    const point = free.reduce((best, candidate) => (together(candidate) < together(best) ? candidate : best));
    hostPoints.push(point);
    free.splice(free.indexOf(point), 1);
  }
  const others = first.people.filter((person) => !hosts.includes(person));
  const personAt = new Int32Array(people);
  hostPoints.forEach((point, h) => (personAt[point] = hosts[h]));
  free.forEach((point, i) => (personAt[point] = others[i]));
  return weeks.map((week, w) => ({
    ...week,
    start: seatings[w].map((points) => Array.from(points, (point) => personAt[point])),
  }));
}

const smallest = (tables: number[][]) =>
  tables.reduce((best, table, index) => (table.length < tables[best].length ? index : best), 0);

function shuffle<T>(items: T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** New and repeated pairs of a seating, against the history it was planned from. */
export function qualityOf(tables: string[][], met: ReadonlyMap<string, number>): PlanQuality {
  let newPairs = 0;
  let repeatedPairs = 0;
  for (const table of tables) {
    for (let a = 0; a < table.length; a++) {
      for (let b = a + 1; b < table.length; b++) {
        if (met.get(pairKey(table[a], table[b]))) repeatedPairs += 1;
        else newPairs += 1;
      }
    }
  }
  return { newPairs, repeatedPairs };
}

/**
 * Tabu search over swaps (after Dotú and Van Hentenryck's local search for social golfers): take someone who sits
 * with a person they already met, try every swap with someone of another table that week, make the best one that is
 * not tabu (one of its two people moved lately) unless it beats the best schedule seen, and shake the schedule with a
 * few random swaps when it stops improving. Returns the first week of the best schedule seen.
 */
function* search(schedule: Schedule, tables: number[], effort: number, next: () => number): Generator<void> {
  let best = schedule.snapshot();
  let bestCost = schedule.cost;
  const weeks = tables.map((count, w) => (count > 1 ? w : -1)).filter((w) => w >= 0);
  if (weeks.length === 0) return;
  const size = schedule.size;
  // tabuUntil[(w * size + a) * size + b]: the step until which a and b may not swap again in week w.
  const tabuUntil = new Int32Array(schedule.weeks * size * size);
  let sinceBest = 0;
  let weighed = 0;
  for (let step = 0; weighed < effort && bestCost > 0; step++) {
    let chosenW = -1;
    let chosenA = -1;
    let chosenB = -1;
    let chosenDelta = Infinity;
    let ties = 0;
    for (const w of weeks) {
      const people = schedule.people[w];
      for (const a of people) {
        if (!schedule.inConflict(w, a)) continue;
        for (const b of people) {
          if (schedule.tableOf(w, b) === schedule.tableOf(w, a)) continue;
          const delta = schedule.swapDelta(w, a, b);
          weighed += 1;
          if (weighed % SLICE === 0) yield;
          if (delta > chosenDelta) continue;
          const tabu = tabuUntil[(w * size + a) * size + b] > step;
          if (tabu && schedule.cost + delta >= bestCost) continue;
          // Among equal moves, each is chosen with the same chance (reservoir sampling).
          ties = delta < chosenDelta ? 1 : ties + 1;
          if (delta < chosenDelta || next() * ties < 1) {
            chosenW = w;
            chosenA = a;
            chosenB = b;
            chosenDelta = delta;
          }
        }
      }
    }
    const w = chosenW;
    if (chosenA < 0) continue;
    schedule.swap(w, chosenA, chosenB);
    const until = step + TABU_TENURE + Math.floor(next() * TABU_TENURE);
    tabuUntil[(w * size + chosenA) * size + chosenB] = until;
    tabuUntil[(w * size + chosenB) * size + chosenA] = until;
    if (schedule.cost < bestCost) {
      bestCost = schedule.cost;
      best = schedule.snapshot();
      sinceBest = 0;
    } else if ((sinceBest += 1) > SHAKE_AFTER) {
      schedule.restore(best);
      for (let shake = 0; shake < SHAKE_SWAPS; shake++) {
        const week = weeks[Math.floor(next() * weeks.length)];
        const x = schedule.people[week][Math.floor(next() * schedule.people[week].length)];
        const y = schedule.people[week][Math.floor(next() * schedule.people[week].length)];
        if (schedule.tableOf(week, x) !== schedule.tableOf(week, y)) schedule.swap(week, x, y);
      }
      sinceBest = 0;
    }
  }
  schedule.restore(best);
}

/** A search under way: `steps` runs it (each step a slice of work), `plan` reads its result. */
function planner(input: PlanInput): { steps: Generator<void>; plan: () => Plan } | null {
  const [first] = input.weeks;
  if (!first || first.memberIds.length === 0) return null;
  const ids = [...new Set(input.weeks.flatMap((week) => week.memberIds))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const toIndices = (members: string[]) => members.filter((id) => index.has(id)).map((id) => index.get(id)!);
  const weeks = input.weeks.map((week) => {
    const people = toIndices([...new Set(week.memberIds)].sort());
    return {
      people,
      hosts: toIndices([...new Set(week.hostIds)]),
      tables: Math.max(1, Math.min(week.tables, people.length)),
      start: week.start?.map(toIndices) ?? null,
    };
  });
  const next = seededRandom(input.seed);
  let schedule: Schedule | undefined;
  function* steps(): Generator<void> {
    const greedy = new Schedule(ids, input.met, weeks, next);
    yield;
    const designedWeeks = yield* designedStart(weeks, next);
    const designed = designedWeeks && new Schedule(ids, input.met, designedWeeks, next);
    schedule = designed && designed.cost < greedy.cost ? designed : greedy;
    yield;
    yield* search(
      schedule,
      weeks.map((week) => week.tables),
      input.effort ?? DEFAULT_EFFORT,
      next,
    );
  }
  const plan = () => {
    const planned = input.weeks.map((week, w) => {
      const hosts = new Set(week.hostIds);
      return schedule!
        .seating(w)
        .map((table) => table.map((person) => ids[person]))
        .map((table) => [...table.filter((id) => hosts.has(id)), ...table.filter((id) => !hosts.has(id)).sort()]);
    });
    return { tables: planned[0], weeks: planned, ...qualityOf(planned[0], input.met) };
  };
  return { steps: steps(), plan };
}

const NOBODY: Plan = { tables: [], weeks: [], newPairs: 0, repeatedPairs: 0 };

/** Plans the first week of `input` at once (benchmarks, specs). */
export function planTables(input: PlanInput): Plan {
  const search = planner(input);
  if (!search) return NOBODY;
  for (const _slice of search.steps);
  return search.plan();
}

/** The same plan, searched in slices between which the event loop serves other requests. */
export async function planTablesInSlices(input: PlanInput): Promise<Plan> {
  const search = planner(input);
  if (!search) return NOBODY;
  for (const _slice of search.steps) await new Promise((resolve) => setImmediate(resolve));
  return search.plan();
}
