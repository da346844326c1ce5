import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';

const WINDOW_MS = 60_000;

/**
 * Counts per key in fixed one-minute windows, in memory: a new minute starts every count afresh, so the memory held is
 * what one minute of clients takes.
 */
@Injectable()
export class RateLimits {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** Counts one more for `key`; false when that goes past `limit` in the current minute. */
  take(key: string, limit: number): boolean {
    this.roll();
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= limit;
  }

  /** Takes back one count of `key`, for a request that turned out to be counted elsewhere. */
  giveBack(key: string): void {
    const count = this.counts.get(key);
    if (count !== undefined) this.counts.set(key, count - 1);
  }

  /** Whole seconds until the counts start afresh, for a Retry-After header. */
  secondsLeft(): number {
    return Math.ceil((WINDOW_MS - (this.clock.now().getTime() % WINDOW_MS)) / 1000);
  }

  private roll(): void {
    const window = Math.floor(this.clock.now().getTime() / WINDOW_MS);
    if (window === this.window) return;
    this.window = window;
    this.counts = new Map();
  }
}
