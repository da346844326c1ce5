import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../helpers/test-app';
import { onPostgres } from '../helpers/test-database';
import { memberInput } from '../factories/member.factory';

describe('HTTP basics: health, docs, organiser token, hostile input', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('GET /health answers without a token', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('serves the OpenAPI UI and document without a token', async () => {
    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.text).toContain('swagger');
    const doc = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/members', '/api/members/{id}']));
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('answers 401 JSON without a token or with a wrong one', async () => {
    const missing = await t.http.get('/api/members').expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await t.http.get('/api/members').set('Authorization', 'Bearer wrong-token').expect(401);
    await t.http.get('/api/members').set('Authorization', 'Basic abc').expect(401);
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('answers 400 to a broken JSON body', async () => {
    const res = await t.api.post('/api/members').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.statusCode).toBe(400);
  });

  it('answers 413 to a body over 1 MB', async () => {
    const res = await t.api.post('/api/members').send(memberInput({ name: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
  });

  it('refuses __proto__ and constructor keys', async () => {
    const body = '{"name":"A","email":"proto@example.org","__proto__":{"isAdmin":true}}';
    const res = await t.api.post('/api/members').set('Content-Type', 'application/json').send(body);
    expect(res.status).toBe(400);
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await t.api
      .post('/api/members')
      .send(memberInput({ role: 'admin' }))
      .expect(400);
    expect(res.body.message).toContain('role');
    expect(res.body.fields).toHaveProperty('role');
  });

  (onPostgres ? it.skip : it)('runs SQLite in WAL mode with a busy timeout', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA busy_timeout')).toEqual([{ timeout: 5000 }]);
  });

  (onPostgres ? it : it.skip)('waits on PostgreSQL until each commit is on disk (synchronous_commit on)', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
  });

  it('answers 404 JSON to an unknown route', async () => {
    const res = await t.api.get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('rate limiting of routes without a token', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } })));
  afterAll(() => t.close());

  it('answers 429 past the limit on public routes, never to organisers', async () => {
    for (let i = 0; i < 3; i++) await t.http.get('/health').expect(200);
    const limited = await t.http.get('/health').expect(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      message: 'Too many requests from your address: wait a minute',
    });
    for (let i = 0; i < 5; i++) await t.api.get('/api/members').expect(200);
  });

  it('gives links that do not work a tenth of the limit, counted apart', async () => {
    await t.http.get('/rsvp/any-token').expect(404);
    const limited = await t.http.get('/rsvp/any-token').expect(429);
    expect(limited.text).toContain('Trop de demandes');
    expect(limited.text).toContain('Too many requests');
  });
});
