import type { IncomingMessage, ServerResponse } from 'node:http';
import { BuiltFeed } from './feed-cache';

/** Whether the client's copy (If-None-Match, possibly a list or *) is the feed as it is now. */
function unchanged(request: IncomingMessage, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/** Serves a feed as calendar clients expect: text/calendar whatever they accept, a strong ETag, 304 when unchanged. */
export function sendFeed(
  request: IncomingMessage,
  response: ServerResponse,
  feed: BuiltFeed,
  visibility: 'public' | 'private',
): void {
  const headers = {
    'content-type': 'text/calendar; charset=utf-8',
    etag: feed.etag,
    'cache-control': `${visibility}, max-age=300`,
    'x-content-type-options': 'nosniff',
  };
  if (unchanged(request, feed.etag)) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': feed.body.length });
  response.end(request.method === 'HEAD' ? undefined : feed.body);
}

export function sendError(response: ServerResponse, statusCode: 404 | 500, error: string, message: string): void {
  response
    .writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' })
    .end(JSON.stringify({ statusCode, error, message }));
}
