import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { BuiltFeed } from './feed-cache';

export type Visibility = 'public' | 'private';

/** Whether the client's copy (If-None-Match, possibly a list or *) is the feed as it is now. */
function unchanged(request: IncomingMessage, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/** The headers of each feed, made once per built feed rather than once per poll. */
const headersOf = new WeakMap<BuiltFeed, Record<Visibility, { notModified: string[]; ok: string[] }>>();

function headers(feed: BuiltFeed, visibility: Visibility) {
  let made = headersOf.get(feed);
  if (!made) {
    const of = (cache: string) => {
      const notModified = [
        'content-type',
        'text/calendar; charset=utf-8',
        'etag',
        feed.etag,
        'cache-control',
        cache,
        'x-content-type-options',
        'nosniff',
      ];
      return { notModified, ok: [...notModified, 'content-length', String(feed.body.length)] };
    };
    made = { public: of('public, max-age=300'), private: of('private, max-age=300') };
    headersOf.set(feed, made);
  }
  return made[visibility];
}

/** Serves a feed as calendar clients expect: text/calendar whatever they accept, a strong ETag, 304 when unchanged. */
export function sendFeed(
  request: IncomingMessage,
  response: ServerResponse,
  feed: BuiltFeed,
  visibility: Visibility,
): void {
  const { notModified, ok } = headers(feed, visibility);
  if (unchanged(request, feed.etag)) response.writeHead(304, notModified).end();
  else response.writeHead(200, ok).end(request.method === 'HEAD' ? undefined : feed.body);
}

/** An error as the exception filter answers it: `{statusCode, error, message}`, never a stack. */
export function sendError(response: ServerResponse, statusCode: 404 | 429 | 500, message: string): void {
  response
    .writeHead(statusCode, {
      'content-type': 'application/json; charset=utf-8',
      ...(statusCode === 429 && { 'retry-after': '60' }),
    })
    .end(JSON.stringify({ statusCode, error: STATUS_CODES[statusCode], message }));
}
