import { Injectable } from '@nestjs/common';

/** The scope a unit of work names when it cannot say more precisely what it changed. */
export const EVERYTHING = '*';

/**
 * Versions of the data that readers derive things from (calendar feeds), by scope: `events` for what every feed
 * shows of events, `member:<id>` for one member's own view, `cohort:<id>`... A unit of work names the scopes it
 * changed (Transactions.run's `touches`) and their versions grow once it commits; a cache keeps the versions it
 * was built at and rebuilds only when one of them moved. Versions only grow, and `*` moves every scope.
 */
@Injectable()
export class ChangeLog {
  private readonly versions = new Map<string, number>();
  private commits = 0;

  /** Grows with every unit of work that changed a scope: unchanged across a read, nothing moved while it ran. */
  get moves(): number {
    return this.commits;
  }

  version(scope: string): number {
    return (this.versions.get(scope) ?? 0) + (this.versions.get(EVERYTHING) ?? 0);
  }

  bump(scopes: readonly string[]): void {
    if (scopes.length) this.commits += 1;
    for (const scope of new Set(scopes)) this.versions.set(scope, (this.versions.get(scope) ?? 0) + 1);
  }
}
