import { LoggerService, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { parseSettings, Settings } from '../../src/config/settings';
import { OutboxWorker } from '../../src/mailing/outbox.worker';
import { createTestDatabase, TestDatabase } from './test-database';

type TestAgent = ReturnType<typeof request.agent>;

export const TEST_ORGANISER_TOKEN = 'test-organiser-token-0123456789';

export interface TestAppOptions {
  /** Environment variables on top of the test defaults; `undefined` removes a default. */
  env?: Record<string, string | undefined>;
  /** Reuse a database (to restart the app on it); by default each app gets a fresh one, dropped on close. */
  database?: TestDatabase;
  logger?: LoggerService | false;
  /** Listen on a free port of 127.0.0.1, for clients other than supertest (a browser). */
  listen?: boolean;
  /** Providers to replace, e.g. the Clock. */
  overrides?: Array<{ provide: Type<unknown> | string | symbol; useValue: unknown }>;
}

export interface TestApp {
  app: NestFastifyApplication;
  settings: Settings;
  database: TestDatabase;
  /** The app's clock (a FixedClock when the test overrides it): the factories date events from it. */
  clock: Clock;
  /** The base URL when listening. */
  url: string;
  /** A supertest agent without a token. */
  http: TestAgent;
  /** A supertest agent that sends the organiser token. */
  api: TestAgent;
  /** GET without a token, with the body as text whatever its type (supertest leaves text/calendar unparsed). */
  getText(path: string): request.Test;
  /**
   * Sends every mail that is due and resolves once each is delivered or failed: after it, no mail due so far can
   * still arrive (the 50 ms poller may be sending one), so a test may empty the mailbox or count what came.
   */
  flushOutbox(): Promise<void>;
  close(): Promise<void>;
}

/** Boots the real app (all modules, migrations, pipes, filters) on a real database, as main.ts does. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const env = {
    ADMIN_TOKEN: TEST_ORGANISER_TOKEN,
    PUBLIC_URL: 'http://rencontres.test',
    DATABASE_URL: database.url,
    MAIL_DIR: mkdtempSync(join(tmpdir(), 'rencontres-mail-')),
    OUTBOX_POLL_MS: '50',
    ...options.env,
  };
  const settings = parseSettings(env);
  let builder = Test.createTestingModule({ imports: [AppModule.register(settings)] });
  for (const { provide, useValue } of options.overrides ?? []) {
    builder = builder.overrideProvider(provide).useValue(useValue);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(settings), {
    abortOnError: false,
    logger: options.logger ?? ['error'],
  });
  await configureApp(app, settings);
  if (options.listen) await app.listen(0, '127.0.0.1');
  else await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer();
  const address = server.address();
  let closing: Promise<void> | undefined;
  return {
    app,
    settings,
    database,
    clock: app.get(Clock),
    url: address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : settings.publicUrl,
    http: request.agent(server),
    api: request.agent(server).auth(TEST_ORGANISER_TOKEN, { type: 'bearer' }),
    getText: (path) =>
      request(server)
        .get(path)
        .buffer(true)
        .parse((res, callback) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => callback(null, text));
        }),
    flushOutbox: async () => {
      await app.get(OutboxWorker).drain();
    },
    // Once: a test that stops an app midway closes it again in its `finally`, and a second close would run the
    // shutdown hooks against a closed database.
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (!options.database) await database.drop();
      })()),
  };
}
