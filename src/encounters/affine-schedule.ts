/**
 * Seatings from affine geometry, where the social golfer problem has a construction: p^k people (p prime) at tables
 * of p^m are the points of the space GF(p)^k, and a week's tables are the cosets (parallel copies) of one
 * m-dimensional subspace. Two people sit together in a week exactly when their difference lies in that week's
 * subspace, so two weeks whose subspaces share only 0 (a partial spread) share no pair. 32 people at tables of 4 get
 * 9 weeks without a repeat this way (a larger partial spread of planes in GF(2)^5 does not exist) and a tenth that
 * repeats 16 pairs; 16 at tables of 4 get 5 weeks, 27 at tables of 3 get 13, 25 at tables of 5 get 6: the optima.
 */

/** Random spans drawn to gather the subspaces weeks are chosen from, and attempts at a schedule (each a slice). */
const DRAWS = 2_000;
const ATTEMPTS = 100;
/** Beyond this many people the table of sums grows large, and a colunch is rarely that big. */
const MOST_PEOPLE = 256;

/** `value` as a power of `base`, or -1 when it is not one. */
function exponent(value: number, base: number): number {
  let power = 0;
  for (let rest = value; rest > 1; rest /= base, power++) if (rest % base !== 0) return -1;
  return power;
}

const smallestFactor = (value: number) => {
  for (let factor = 2; factor * factor <= value; factor++) if (value % factor === 0) return factor;
  return value;
};

/** Vectors of GF(p)^k written as integers in base p, added digit by digit modulo p (from a table: sums are many). */
class Space {
  readonly points: number;
  private readonly sums: Int32Array;

  constructor(
    readonly p: number,
    readonly k: number,
  ) {
    this.points = p ** k;
    this.sums = new Int32Array(this.points * this.points);
    for (let x = 0; x < this.points; x++) {
      for (let y = 0; y < this.points; y++) {
        let sum = 0;
        for (let digit = 0, place = 1; digit < k; digit++, place *= p) {
          sum += ((Math.floor(x / place) + Math.floor(y / place)) % p) * place;
        }
        this.sums[x * this.points + y] = sum;
      }
    }
  }

  add(x: number, y: number): number {
    return this.sums[x * this.points + y];
  }

  /** The subspace spanned by `vectors`, or null when they are not independent. */
  span(vectors: number[]): number[] | null {
    let elements = [0];
    for (const vector of vectors) {
      const grown = new Set(elements);
      let multiple = 0;
      for (let c = 1; c < this.p; c++) {
        multiple = this.add(multiple, vector);
        for (const element of elements) grown.add(this.add(element, multiple));
      }
      if (grown.size !== elements.length * this.p) return null;
      elements = [...grown];
    }
    return elements;
  }

  /**
   * The line through 0 that a nonzero vector lies on, named by its smallest nonzero multiple: two subspaces share a
   * pair of people exactly when they share such a line.
   */
  line(vector: number): number {
    let smallest = vector;
    for (let c = 2, multiple = this.add(vector, vector); c < this.p; c++, multiple = this.add(multiple, vector)) {
      smallest = Math.min(smallest, multiple);
    }
    return smallest;
  }
}

/**
 * `weeks` seatings of `people` people (0 to people - 1) at tables of `tableSize`, each a list of tables, the weeks
 * chosen one after the other to share as few pairs as possible with those before; null when the numbers admit no such construction.
 */
export function* affineWeeks(
  people: number,
  tableSize: number,
  weeks: number,
  next: () => number,
): Generator<void, number[][][] | null> {
  // One person a table (as many tables as people) has no prime to build on.
  if (tableSize < 2 || people > MOST_PEOPLE) return null;
  const p = smallestFactor(tableSize);
  const m = exponent(tableSize, p);
  const k = exponent(people, p);
  if (m < 1 || k <= m) return null;
  const space = new Space(p, k);
  const subspaces = new Map<string, { elements: number[]; lines: number[] }>();
  for (let draw = 0; draw < DRAWS; draw++) {
    const elements = space.span(Array.from({ length: m }, () => 1 + Math.floor(next() * (space.points - 1))));
    if (!elements) continue;
    const lines = [...new Set(elements.filter((vector) => vector !== 0).map((vector) => space.line(vector)))];
    subspaces.set(lines.sort((a, b) => a - b).join(), { elements, lines });
  }
  const pool = [...subspaces.values()];
  yield;
  let best: number[][] = [];
  let bestOverlap = Infinity;
  for (let attempt = 0; attempt < ATTEMPTS && bestOverlap > 0; attempt++) {
    // How many weeks chosen so far contain each line: a week repeats the pairs of every line it shares.
    const used = new Int32Array(space.points);
    const overlap = (lines: number[]) => {
      let sum = 0;
      for (const line of lines) sum += used[line];
      return sum;
    };
    const chosen: number[][] = [];
    let total = 0;
    for (let week = 0; week < weeks; week++) {
      // The first subspace of least overlap, from a random place in the pool.
      const from = Math.floor(next() * pool.length);
      let pick = pool[from];
      let least = overlap(pick.lines);
      for (let i = 1; i < pool.length && least > 0; i++) {
        const other = pool[(from + i) % pool.length];
        const shared = overlap(other.lines);
        if (shared < least) [pick, least] = [other, shared];
      }
      total += least;
      for (const line of pick.lines) used[line] += 1;
      chosen.push(pick.elements);
    }
    if (total < bestOverlap) {
      best = chosen;
      bestOverlap = total;
    }
    yield;
  }
  return best.map((subspace) => cosets(space, subspace));
}

/** The tables of a week: the parallel copies x + U of its subspace U, which seat every point once. */
function cosets(space: Space, subspace: number[]): number[][] {
  const seated = new Uint8Array(space.points);
  const tables: number[][] = [];
  for (let point = 0; point < space.points; point++) {
    if (seated[point]) continue;
    const table = subspace.map((vector) => space.add(point, vector));
    for (const person of table) seated[person] = 1;
    tables.push(table);
  }
  return tables;
}
