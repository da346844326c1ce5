import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { EVENT_KINDS, EventKind } from '../events/event.entity';
import { BuiltFeed } from './feed-cache';
import { sendError, sendFeed, Visibility } from './feed-reply';
import { FeedsService } from './feeds.service';

/** A feed at once, a feed being built, or none (404). */
export type Feed = BuiltFeed | Promise<BuiltFeed | null> | null;

/** One feed route: the first group of `path` is handed to `feed`. */
export interface FeedRoute {
  path: RegExp;
  visibility: Visibility;
  /** The group is a secret token: a client whose lookups keep failing is refused for a while. */
  token: boolean;
  feed: (group: string) => Feed;
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** Failed token lookups a client may make in a minute before it is answered 429 (a calendar polls one token). */
const FAILED_LOOKUPS_PER_MINUTE = 30;
/** Clients whose failed lookups are counted at once; the oldest is forgotten beyond. */
const COUNTED_CLIENTS = 10_000;

/** The feed routes: public, by kind, a member's, a cohort's (whose lookup the caller gives). */
export function feedRoutes(feeds: FeedsService, cohortFeed: (token: string) => Feed): FeedRoute[] {
  const kinds = EVENT_KINDS as readonly string[];
  return [
    { path: /^\/calendar\/public\.ics$/, visibility: 'public', token: false, feed: () => feeds.publicFeed() },
    {
      path: /^\/calendar\/kinds\/([a-z-]+)\.ics$/,
      visibility: 'public',
      token: false,
      feed: (kind) => (kinds.includes(kind) ? feeds.publicFeed(kind as EventKind) : null),
    },
    {
      path: /^\/calendar\/members\/([A-Za-z0-9_-]+)\.ics$/,
      visibility: 'private',
      token: true,
      feed: (token) => feeds.memberFeed(token),
    },
    { path: /^\/calendar\/cohorts\/([A-Za-z0-9_-]+)\.ics$/, visibility: 'private', token: true, feed: cohortFeed },
  ];
}

/**
 * Answers the feed routes at the HTTP server's door, before Fastify and Nest. Calendar servers poll them all day; a
 * cached feed or its 304 is then just a map lookup and a write. Measured, the framework's per-request hooks, guards
 * and pipes were most of the cost of a feed (README, benchmarks). Feeds need no token and read only the cache; they
 * are not rate-limited (calendar servers poll from few addresses) except for failed token lookups, and errors are
 * answered as the exception filter would, logged once by the cache. Every other request goes on to Fastify untouched.
 */
export function installFeedFrontDoor(server: Server, routes: FeedRoute[]): void {
  const logger = new Logger('Feeds');
  const failures = new FailedLookups();
  const inner = server.listeners('request') as Listener[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!answer(request, response)) for (const listener of inner) listener(request, response);
  });

  /** Takes the request if it is a feed; false lets it through. */
  function answer(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    if (!url.startsWith('/calendar/') || (request.method !== 'GET' && request.method !== 'HEAD')) return false;
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    let match: RegExpExecArray | null = null;
    let route: FeedRoute | undefined;
    for (const candidate of routes) {
      match = candidate.path.exec(path);
      if (match) {
        route = candidate;
        break;
      }
    }
    if (!route || !match) return false;
    const client = route.token ? (request.socket.remoteAddress ?? '') : '';
    if (route.token && failures.tooMany(client)) {
      sendError(response, 429, 'Too many unknown feed addresses, try again in a minute');
      return true;
    }
    let feed: Feed;
    try {
      feed = route.feed(match[1]);
    } catch (error) {
      feed = Promise.reject(error as Error);
      logger.error((error as Error).stack ?? String(error));
    }
    if (feed && !(feed instanceof Promise)) sendFeed(request, response, feed, route.visibility);
    else if (!feed) notFound(response, route, client);
    else
      feed.then(
        (built) => (built ? sendFeed(request, response, built, route.visibility) : notFound(response, route, client)),
        () => sendError(response, 500, 'Internal server error'),
      );
    return true;
  }

  function notFound(response: ServerResponse, route: FeedRoute, client: string): void {
    if (route.token) failures.count(client);
    sendError(response, 404, 'No such feed');
  }
}

/** Failed token lookups per client address over a minute, for a bounded number of clients. */
class FailedLookups {
  private readonly clients = new Map<string, { since: number; failures: number }>();

  tooMany(client: string): boolean {
    const counted = this.clients.get(client);
    if (!counted) return false;
    if (Date.now() - counted.since < 60_000) return counted.failures >= FAILED_LOOKUPS_PER_MINUTE;
    this.clients.delete(client);
    return false;
  }

  count(client: string): void {
    const counted = this.clients.get(client);
    if (counted) counted.failures++;
    else {
      if (this.clients.size >= COUNTED_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
      this.clients.set(client, { since: Date.now(), failures: 1 });
    }
  }
}
