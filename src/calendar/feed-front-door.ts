import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { EVENT_KINDS, EventKind } from '../events/event.entity';
import { BuiltFeed } from './feed-cache';
import { sendError, sendFeed } from './feed-reply';
import { FeedsService } from './feeds.service';

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

const PUBLIC = /^\/calendar\/public\.ics$/;
const KIND = /^\/calendar\/kinds\/([a-z-]+)\.ics$/;
const MEMBER = /^\/calendar\/members\/([A-Za-z0-9_-]+)\.ics$/;

/**
 * The three feed routes, answered at the HTTP server's door, before Fastify and Nest. Calendar servers poll them
 * all day; a cached feed or its 304 is then just a map lookup and a write. Measured, the framework's per-request
 * hooks, guards and pipes were most of the cost of a feed (README, benchmarks). Feeds need no token, read only the
 * cache, and send nosniff themselves; every other request goes on to Fastify untouched.
 */
/** A feed route another module adds (cohorts): the first group of `path` is handed to `feed`. */
export interface ExtraFeed {
  path: RegExp;
  feed: (token: string) => BuiltFeed | Promise<BuiltFeed | null>;
}

@Injectable()
export class FeedFrontDoor implements OnModuleInit {
  private readonly logger = new Logger('Feeds');
  private readonly extra: ExtraFeed[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly feeds: FeedsService,
  ) {}

  onModuleInit(): void {
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    const inner = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!this.answer(request, response)) for (const listener of inner) listener(request, response);
    });
  }

  /** Adds a private feed route (the cohort feeds), served like the others. */
  add(feed: ExtraFeed): void {
    this.extra.push(feed);
  }

  /** Takes the request if it is a feed; false lets it through. */
  private answer(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const path = (request.url ?? '').split('?')[0];
    let visibility: 'public' | 'private' = 'public';
    let feed: BuiltFeed | Promise<BuiltFeed | null> | null;
    let match: RegExpExecArray | null;
    if (PUBLIC.test(path)) feed = this.feeds.publicFeed();
    else if ((match = KIND.exec(path))) {
      feed = (EVENT_KINDS as readonly string[]).includes(match[1])
        ? this.feeds.publicFeed(match[1] as EventKind)
        : null;
    } else if ((match = MEMBER.exec(path))) {
      visibility = 'private';
      feed = this.feeds.memberFeed(match[1]);
    } else {
      const extra = this.extra.find((candidate) => candidate.path.test(path));
      if (!extra) return false;
      visibility = 'private';
      feed = extra.feed(extra.path.exec(path)![1]);
    }
    if (!feed) sendError(response, 404, 'Not Found', 'No such feed');
    else if (!(feed instanceof Promise)) sendFeed(request, response, feed, visibility);
    else
      feed.then(
        (built) =>
          built
            ? sendFeed(request, response, built, visibility)
            : sendError(response, 404, 'Not Found', 'No such feed'),
        (error: Error) => {
          this.logger.error(error.stack ?? error.message);
          sendError(response, 500, 'Internal Server Error', 'Internal server error');
        },
      );
    return true;
  }
}
