import { Injectable, Logger } from '@nestjs/common';
import { ChangeLog } from '../database/change-log';

export interface BuiltFeed {
  /** Bytes, so that serving it copies nothing. */
  body: Buffer;
  /** Strong ETag of the body. */
  etag: string;
}

/** What a build tells the cache it reads, each before reading it (so that a write in between is never missed). */
export interface FeedScopes {
  /** A scope of the ChangeLog the feed shows: once it moves, the last good feed is served while one rebuild runs. */
  watch(scope: string): void;
  /** A scope whose move may revoke the feed itself (a member's token): once it moves, the rebuild is awaited. */
  guard(scope: string): void;
}

/** The version of each scope a build read, seen when it declared it. */
type Seen = Array<{ scope: string; version: number; guards: boolean }>;

interface Entry {
  /** When it was last asked for, in asks: the least recent are dropped first. */
  askedAt: number;
  last?: { feed: BuiltFeed; seen: Seen; builtAt: number; build: number };
  building?: { seen: Seen; done: Promise<BuiltFeed | null> };
}

/**
 * Feed bodies, built once and served until a scope they were built from moves in the ChangeLog (or, for writes made
 * by another process on the same PostgreSQL, for at most `MAX_AGE_MS`). A stale feed keeps being served while one
 * rebuild runs; a feed never built, or whose guarded scope moved, is awaited. A hit touches neither the database nor
 * the renderer. Keys without a feed (unknown tokens) are remembered, a bounded number of them, for `MAX_AGE_MS`.
 * Bodies are kept up to `MAX_BYTES` in all, the least recently asked for dropped first: every member's feed would
 * otherwise stay in memory for good, though its calendar asks for it every few hours.
 */
@Injectable()
export class FeedCache {
  static readonly MAX_AGE_MS = 60_000;
  static readonly MAX_UNKNOWN_KEYS = 10_000;
  static readonly MAX_BYTES = 16 * 1024 * 1024;
  private readonly logger = new Logger('Feeds');
  private readonly entries = new Map<string, Entry>();
  private readonly unknown = new Map<string, number>();
  private builds = 0;
  private asks = 0;

  constructor(private readonly changes: ChangeLog) {}

  /** The feed: at once when it is built (fresh, or stale while its rebuild runs), else once built; null if none. */
  get(key: string, build: (scopes: FeedScopes) => Promise<BuiltFeed | null>): BuiltFeed | Promise<BuiltFeed | null> {
    let entry = this.entries.get(key);
    if (entry) entry.askedAt = ++this.asks;
    const last = entry?.last;
    const young = last && Date.now() - last.builtAt < FeedCache.MAX_AGE_MS;
    if (last && young && this.unmoved(last.seen)) return last.feed;
    const unknownSince = this.unknown.get(key);
    if (unknownSince !== undefined) {
      if (Date.now() - unknownSince < FeedCache.MAX_AGE_MS) return Promise.resolve(null);
      this.unknown.delete(key);
    }
    if (!entry) this.entries.set(key, (entry = { askedAt: ++this.asks }));
    // One build per change: a build started since the last change is shared.
    if (!entry.building || !this.unmoved(entry.building.seen)) this.rebuild(key, entry, build);
    if (last && !this.guardMoved(last.seen)) return last.feed;
    return entry.building!.done;
  }

  private rebuild(key: string, entry: Entry, build: (scopes: FeedScopes) => Promise<BuiltFeed | null>): void {
    const seen: Seen = [];
    const number = ++this.builds;
    const see = (guards: boolean) => (scope: string) =>
      seen.push({ scope, version: this.changes.version(scope), guards });
    const done = build({ watch: see(false), guard: see(true) }).then(
      (feed) => {
        if (entry.building?.done === done) entry.building = undefined;
        // A slower, older build never replaces a newer one.
        if (entry.last && entry.last.build > number) return feed;
        if (feed) this.keep(entry, { feed, seen, builtAt: Date.now(), build: number });
        else this.forget(key, entry);
        return feed;
      },
      (error: Error) => {
        if (entry.building?.done === done) entry.building = undefined;
        if (!entry.last && !entry.building && this.entries.get(key) === entry) this.entries.delete(key);
        this.logger.error(error.stack ?? error.message);
        throw error;
      },
    );
    // Served stale, nobody may wait for this build: its failure is logged above, not left unhandled.
    done.catch(() => undefined);
    entry.building = { seen, done };
  }

  /** Keeps a built feed, and drops the least recently asked for beyond `MAX_BYTES`. */
  private keep(entry: Entry, last: NonNullable<Entry['last']>): void {
    entry.last = last;
    // Counted afresh (builds are rare): no running total to get wrong when an entry leaves the map.
    let bytes = 0;
    for (const other of this.entries.values()) bytes += other.last?.feed.body.length ?? 0;
    if (bytes <= FeedCache.MAX_BYTES) return;
    const oldestFirst = [...this.entries].sort(([, a], [, b]) => a.askedAt - b.askedAt);
    for (const [key, other] of oldestFirst) {
      if (bytes <= FeedCache.MAX_BYTES) break;
      // A build under way keeps its entry: its waiters and its result belong to it.
      if (other === entry || other.building) continue;
      this.entries.delete(key);
      bytes -= other.last?.feed.body.length ?? 0;
    }
  }

  /** A key without a feed (an unknown or rotated token): answered null without a build until it ages. */
  private forget(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    if (this.unknown.size >= FeedCache.MAX_UNKNOWN_KEYS) this.unknown.delete(this.unknown.keys().next().value!);
    this.unknown.set(key, Date.now());
  }

  private unmoved(seen: Seen): boolean {
    return seen.every(({ scope, version }) => this.changes.version(scope) === version);
  }

  private guardMoved(seen: Seen): boolean {
    return seen.some(({ scope, version, guards }) => guards && this.changes.version(scope) !== version);
  }
}
