import { request as httpRequest } from 'node:http';
import { createTestApp, TEST_ORGANISER_TOKEN, TestApp } from '../helpers/test-app';
import { memberInput } from '../factories/member.factory';

/** `{"response":[[[...]]]}` nested `depth` levels deep. */
const nested = (depth: number) => `{"response":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('request bodies: bounded before anything reads them', () => {
  let t: TestApp;
  const logged: unknown[] = [];
  const quiet = () => undefined;
  beforeAll(
    async () =>
      (t = await createTestApp({
        listen: true,
        logger: { log: quiet, warn: quiet, error: (message: unknown) => logged.push(message) },
      })),
  );
  afterAll(() => t.close());
  // Refused input is the client's mistake: nothing for the server's error log.
  afterEach(() => expect(logged).toEqual([]));

  const post = (path: string, body: string | URLSearchParams | FormData, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      body,
      headers: { Authorization: `Bearer ${TEST_ORGANISER_TOKEN}`, ...headers },
    });
  const postJson = (path: string, body: string) => post(path, body, { 'Content-Type': 'application/json' });

  it('refuses JSON nested too deep with a 400 naming the cause, as a page on pages and JSON on the API', async () => {
    const page = await postJson('/rsvp/any-token', nested(5_000));
    expect(page.status).toBe(400);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('La demande n’est pas valable');

    const api = await postJson('/api/members', nested(10_000));
    expect(api.status).toBe(400);
    expect(await api.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The JSON body nests deeper than 32 levels',
    });
  });

  it('still takes ordinary JSON on the API', async () => {
    const res = await postJson('/api/members', JSON.stringify(memberInput()));
    expect(res.status).toBe(201);
  });

  it('refuses a page body over 16 KiB with a 413, and the server answers /health while such bodies arrive', async () => {
    const deep = nested(500_000);
    expect(deep.length).toBeGreaterThan(999_999);
    const floods = [
      ...Array.from({ length: 4 }, () => postJson('/rsvp/any-token', deep)),
      ...Array.from({ length: 4 }, () => postJson('/unsubscribe/any-token', deep)),
      postJson('/rsvp/any-token', nested(10_000)),
    ];
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    const answers = await Promise.all(floods);
    expect(answers.map((res) => res.status)).toEqual(Array(9).fill(413));
    expect(await answers[0].text()).toContain('<html');
  });

  it('refuses a form or multipart body on the JSON API with a 415 naming the expected type', async () => {
    const form = await post('/api/members', new URLSearchParams({ name: 'Camille', email: 'c@example.org' }));
    expect(form.status).toBe(415);
    expect(await form.json()).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'The API takes JSON bodies: send Content-Type: application/json',
    });
    const multipart = new FormData();
    multipart.set('name', 'Camille');
    expect((await post('/api/members', multipart)).status).toBe(415);
    expect((await t.api.get('/api/members?limit=1')).status).toBe(200);
  });

  it('lets the client read the 413 of a 2 MB body instead of a reset, with fetch', async () => {
    const big = JSON.stringify(memberInput({ name: 'x'.repeat(2 * 1024 * 1024) }));
    for (let i = 0; i < 3; i++) {
      const res = await postJson('/api/members', big);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ statusCode: 413 });
    }
    expect((await postJson('/rsvp/any-token', big)).status).toBe(413);
  });

  it.each([
    ['with its length announced', true],
    ['in chunks without a length', false],
  ])('lets the client read the 413 of a 2 MB body sent %s, with http.request', async (_, announced) => {
    const body = Buffer.alloc(2 * 1024 * 1024, 'x');
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${t.url}/api/members`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${TEST_ORGANISER_TOKEN}`,
          ...(announced ? { 'Content-Length': String(body.length) } : {}),
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (announced) req.end(body);
      else
        for (let offset = 0; offset < body.length; offset += 64 * 1024)
          req.write(body.subarray(offset, offset + 64 * 1024));
      req.end();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ statusCode: 413 });
  });
});
