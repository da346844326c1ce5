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
  last?: { feed: BuiltFeed; seen: Seen; builtAt: number; build: number };
  building?: { seen: Seen; done: Promise<BuiltFeed | null> };
}

/**
 * Feed bodies, built once and served until a scope they were built from moves in the ChangeLog (or, for writes made
 * by another process on the same PostgreSQL, for at most `MAX_AGE_MS`). A stale feed keeps being served while one
 * rebuild runs; a feed never built, or whose guarded scope moved, is awaited. A hit touches neither the database nor
 * the renderer. Keys without a feed (unknown tokens) are remembered, a bounded number of them, for `MAX_AGE_MS`.
 */
@Injectable()
export class FeedCache {
  static readonly MAX_AGE_MS = 60_000;
  static readonly MAX_UNKNOWN_KEYS = 10_000;
  private readonly logger = new Logger('Feeds');
  private readonly entries = new Map<string, Entry>();
  private readonly unknown = new Map<string, number>();
  private builds = 0;

  constructor(private readonly changes: ChangeLog) {}

  /** The feed: at once when it is built (fresh, or stale while its rebuild runs), else once built; null if none. */
  get(key: string, build: (scopes: FeedScopes) => Promise<BuiltFeed | null>): BuiltFeed | Promise<BuiltFeed | null> {
    let entry = this.entries.get(key);
    const last = entry?.last;
    const young = last && Date.now() - last.builtAt < FeedCache.MAX_AGE_MS;
    if (last && young && this.unmoved(last.seen)) return last.feed;
    const unknownSince = this.unknown.get(key);
    if (unknownSince !== undefined) {
      if (Date.now() - unknownSince < FeedCache.MAX_AGE_MS) return Promise.resolve(null);
      this.unknown.delete(key);
    }
    if (!entry) this.entries.set(key, (entry = {}));
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
        if (feed) entry.last = { feed, seen, builtAt: Date.now(), build: number };
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
