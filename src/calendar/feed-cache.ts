import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ChangeLog } from '../database/change-log';

export interface BuiltFeed {
  /** Bytes, so that serving it copies nothing. */
  body: Buffer;
  /** Strong ETag of the body. */
  etag: string;
}

/**
 * Feed bodies, built once and served until a write commits in this process (or, for writes made by another
 * process on the same PostgreSQL, for at most `MAX_AGE_MS`). Concurrent requests for a feed being built share
 * the one build. A hit touches neither the database nor the generator.
 */
@Injectable()
export class FeedCache {
  static readonly MAX_AGE_MS = 60_000;
  private entries = new Map<string, { feed: Promise<BuiltFeed | null>; builtAt: number; built?: BuiltFeed }>();
  private version = 0;

  constructor(private readonly changes: ChangeLog) {}

  /** The feed: at once when it is built and fresh (the fast path of a poll), else once built. */
  get(key: string, build: () => Promise<string | null>): BuiltFeed | Promise<BuiltFeed | null> {
    if (this.changes.anyVersion() !== this.version) {
      this.version = this.changes.anyVersion();
      this.entries.clear();
    }
    const cached = this.entries.get(key);
    if (cached && Date.now() - cached.builtAt < FeedCache.MAX_AGE_MS) return cached.built ?? cached.feed;
    const feed = build().then((text) => {
      if (text === null) return null;
      const body = Buffer.from(text, 'utf8');
      return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
    });
    const entry: { feed: Promise<BuiltFeed | null>; builtAt: number; built?: BuiltFeed } = {
      feed,
      builtAt: Date.now(),
    };
    this.entries.set(key, entry);
    // A feed that does not exist (unknown token) or failed to build is not kept.
    const forget = () => this.entries.get(key) === entry && this.entries.delete(key);
    feed.then((built) => (built ? (entry.built = built) : forget()), forget);
    return feed;
  }
}
