import { LoggerService } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { FeedRenderer } from '../../src/calendar/feed-renderer';
import { ChangeLog } from '../../src/database/change-log';
import { EventsService } from '../../src/events/events.service';
import { MembersService } from '../../src/members/members.service';
import { createEvent, createMember } from '../factories/api.factory';
import { feedShowing } from '../helpers/feeds';
import { vevents } from '../helpers/ics';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Collects what the app logs as errors. */
class Errors implements LoggerService {
  readonly logged: string[] = [];
  error(message: unknown, ...rest: unknown[]) {
    this.logged.push([message, ...rest].join(' '));
  }
  log() {}
  warn() {}
}

describe('feed rebuilds', () => {
  let t: TestApp;
  const errors = new Errors();
  beforeAll(async () => (t = await createTestApp({ logger: errors })));
  afterAll(() => t.close());
  afterEach(() => {
    jest.restoreAllMocks();
    errors.logged.length = 0;
  });

  const summaries = (text: string) => vevents(text).map((event) => event.getFirstPropertyValue('summary'));
  const renders = () => jest.spyOn(t.app.get(FeedRenderer), 'render');

  it('leaves the public feed as it was when only a member’s own answers change, and rebuilds that member’s feed', async () => {
    const member = await createMember(t);
    await createEvent(t, { visibility: 'public', title: 'Café public' });
    const publicBefore = await feedShowing(t, '/calendar/public.ics', (text) =>
      summaries(text).includes('Café public'),
    );
    const memberPath = new URL(member.feedUrl).pathname;
    await t.getText(memberPath).expect(200);
    const rendered = renders();

    // What an answer to a members-only lunch declares it changed.
    t.app.get(ChangeLog).bump([`member:${member.id}`]);
    const publicAfter = await t.getText('/calendar/public.ics').expect(200);
    expect(publicAfter.headers.etag).toBe(publicBefore.headers.etag);
    await t.http.get('/calendar/public.ics').set('If-None-Match', publicBefore.headers.etag).expect(304);
    expect(rendered).not.toHaveBeenCalled();

    await t.getText(memberPath).expect(200);
    expect(rendered).toHaveBeenCalledTimes(1);
  });

  it('rebuilds a feed once after a change to events, even under 20 polls at once, serving the last good one meanwhile', async () => {
    await createEvent(t, { visibility: 'public', title: 'Avant' });
    const before = await feedShowing(t, '/calendar/public.ics', (text) => summaries(text).includes('Avant'));
    const renderer = t.app.get(FeedRenderer);
    const render = renderer.render.bind(renderer);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const rendered = jest.spyOn(renderer, 'render').mockImplementation(async (...args) => {
      await released;
      return render(...args);
    });

    await createEvent(t, { visibility: 'public', title: 'Après' });
    // The rebuild is held: every poll is answered at once with the last good feed.
    const polls = await Promise.all(Array.from({ length: 20 }, () => t.getText('/calendar/public.ics').expect(200)));
    expect(polls.map((poll) => poll.headers.etag)).toEqual(Array(20).fill(before.headers.etag));

    release();
    const after = await feedShowing(t, '/calendar/public.ics', (text) => summaries(text).includes('Après'));
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // One rebuild for the 20 polls and those that waited for it.
    expect(rendered).toHaveBeenCalledTimes(1);
  });

  it('answers 404 at once to a rotated member token, though its feed was built', async () => {
    const member = await createMember(t);
    const path = new URL(member.feedUrl).pathname;
    await t.getText(path).expect(200);
    const rotated = (await t.api.post(`/api/members/${member.id}/feed-token`).expect(200)).body;
    expect((await t.http.get(path).expect(404)).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'No such feed',
    });
    await t.getText(new URL(rotated.feedUrl).pathname).expect(200);
  });

  it('answers a failed build with a JSON 500 without its stack, logged once, and builds again at the next poll', async () => {
    await createEvent(t, { visibility: 'public', kind: 'training', title: 'Formation' });
    jest.spyOn(t.app.get(EventsService), 'inWindow').mockRejectedValueOnce(new Error('the database went away'));
    const failed = await t.http.get('/calendar/kinds/training.ics').expect(500);
    expect(failed.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(failed.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' });
    expect(errors.logged).toHaveLength(1);
    expect(errors.logged[0]).toContain('the database went away');
    const again = await t.getText('/calendar/kinds/training.ics').expect(200);
    expect(summaries(again.body)).toContain('Formation');
  });
});

// Its own app: the count of unknown feed addresses is per client, and every request here comes from 127.0.0.1.
describe('unknown feed addresses', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('looks an unknown token up once, and answers 429 to a client that keeps asking for unknown feeds', async () => {
    const lookups = jest.spyOn(t.app.get(MembersService), 'byFeedToken');
    const unknown = () => randomBytes(24).toString('base64url');
    const guessed = unknown();
    for (let i = 0; i < 3; i++) await t.http.get(`/calendar/members/${guessed}.ics`).expect(404);
    expect(lookups).toHaveBeenCalledTimes(1);

    // 30 unknown addresses in a minute (the repeated one counted each time), then the client is refused.
    for (let i = 3; i < 30; i++) await t.http.get(`/calendar/members/${unknown()}.ics`).expect(404);
    const refused = await t.http.get(`/calendar/cohorts/${unknown()}.ics`).expect(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Too many unknown feed addresses, try again in a minute',
    });
    expect(refused.headers['retry-after']).toBe('60');
    await t.http.get(`/calendar/members/${unknown()}.ics`).expect(429);
    expect(lookups).toHaveBeenCalledTimes(1 + 27);
    // Feeds without a token stay open to that client.
    await t.getText('/calendar/public.ics').expect(200);
  });
});
