import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { BuiltFeed, FeedCache } from '../calendar/feed-cache';

/**
 * The public pages (home, event pages), rendered once per change of what they show and kept like the feeds: a page
 * is rebuilt when a ChangeLog scope it guards moves, and at most a minute later for a change made by another
 * process. A cached page never names who is signed in: each holds the same bytes for everyone of its variant.
 */
@Injectable()
export class PageCache extends FeedCache {}

/** A rendered page with its strong ETag. */
export function builtPage(html: string): BuiltFeed {
  const body = Buffer.from(html);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
}

/**
 * Sends a cached page, or 304 when the browser has it. The browser checks it again on every visit (no-cache), and
 * keeps it to itself (private, Vary: Cookie): a signed-in visitor's variant differs from an anonymous one's.
 */
export function sendCachedPage(request: FastifyRequest, reply: FastifyReply, page: BuiltFeed) {
  reply.header('ETag', page.etag).header('Cache-Control', 'private, no-cache').header('Vary', 'Cookie');
  const known = request.headers['if-none-match'];
  if (known && known.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag)) {
    return reply.status(304).send();
  }
  return reply.type('text/html; charset=utf-8').send(page.body);
}
