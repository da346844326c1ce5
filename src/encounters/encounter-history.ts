import { DateTime } from 'luxon';
import { pairKey } from './table-planner';

/** One event as the encounters see it: when it started, who came, and the groups of those who met each other. */
export interface Gathering {
  at: Date;
  came: string[];
  /** Everyone in a group met everyone else in it: a table of the plan, or all who came to a small event. */
  groups: string[][];
}

export interface Meeting {
  times: number;
  firstMetAt: Date;
  lastMetAt: Date;
}

/** A month of the space's calendar ("2026-11") and how many pairs met for the first time in it. */
export interface MonthCount {
  month: string;
  count: number;
}

const NO_ONE: ReadonlyMap<string, Meeting> = new Map();

/**
 * Who met whom, how often, first and last, and when each member last came: everything derived from the gatherings,
 * built once and then read per member without scanning the pairs.
 */
export class EncounterHistory {
  private readonly pairs = new Map<string, Meeting>();
  /** Each pair's meeting under both members (the same object). */
  private readonly byMember = new Map<string, Map<string, Meeting>>();
  private readonly lastCame = new Map<string, Date>();

  constructor(private readonly gatherings: Gathering[]) {
    for (const { at, came, groups } of gatherings) {
      for (const id of came) if (!(this.lastCame.get(id)! >= at)) this.lastCame.set(id, at);
      for (const group of groups) {
        for (const a of group) for (const b of group) if (a < b) this.meet(a, b, at);
      }
    }
  }

  /** The same history as it stood for an event starting at `at`: only the gatherings that started before. */
  before(at: Date): EncounterHistory {
    return new EncounterHistory(this.gatherings.filter((gathering) => gathering.at < at));
  }

  /** How many times each pair met, as the planner reads it. */
  timesMet(): Map<string, number> {
    return new Map([...this.pairs].map(([pair, meeting]) => [pair, meeting.times]));
  }

  /** Whom the member met, by member id. */
  of(memberId: string): ReadonlyMap<string, Meeting> {
    return this.byMember.get(memberId) ?? NO_ONE;
  }

  /** How many of `memberIds` the member has never met (the member themself not counted). */
  notMetAmong(memberId: string, memberIds: Iterable<string>): number {
    const met = this.of(memberId);
    let count = 0;
    for (const id of new Set(memberIds)) if (id !== memberId && !met.has(id)) count += 1;
    return count;
  }

  lastCameAt(memberId: string): Date | undefined {
    return this.lastCame.get(memberId);
  }

  /** When the member last met someone for the first time. */
  lastNewEncounterOf(memberId: string): Date | undefined {
    let last: Date | undefined;
    for (const { firstMetAt } of this.of(memberId).values()) if (!last || firstMetAt > last) last = firstMetAt;
    return last;
  }

  /** New encounters (pairs who met for the first time) in each of the `months` months up to `now`'s, in `zone`. */
  newPerMonth(now: Date, months: number, zone: string): MonthCount[] {
    const current = DateTime.fromJSDate(now, { zone }).startOf('month');
    const counts = new Map<string, number>();
    for (let back = months - 1; back >= 0; back--) counts.set(current.minus({ months: back }).toFormat('yyyy-MM'), 0);
    for (const { firstMetAt } of this.pairs.values()) {
      const month = DateTime.fromJSDate(firstMetAt, { zone }).toFormat('yyyy-MM');
      const count = counts.get(month);
      if (count !== undefined) counts.set(month, count + 1);
    }
    return [...counts].map(([month, count]) => ({ month, count }));
  }

  private meet(a: string, b: string, at: Date): void {
    const key = pairKey(a, b);
    const meeting = this.pairs.get(key);
    if (meeting) {
      meeting.times += 1;
      if (at < meeting.firstMetAt) meeting.firstMetAt = at;
      if (at > meeting.lastMetAt) meeting.lastMetAt = at;
      return;
    }
    const first: Meeting = { times: 1, firstMetAt: at, lastMetAt: at };
    this.pairs.set(key, first);
    for (const [one, other] of [
      [a, b],
      [b, a],
    ]) {
      let met = this.byMember.get(one);
      if (!met) this.byMember.set(one, (met = new Map()));
      met.set(other, first);
    }
  }
}
