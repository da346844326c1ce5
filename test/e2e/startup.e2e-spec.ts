import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../helpers/test-database';
import { startServerProcess } from '../helpers/server-process';

const printedToken = (output: string) => /organiser token is (\S+)/.exec(output)?.[1];
// A start migrates a fresh database: on a loaded machine two of them take more than Jest's default 30 s.
jest.setTimeout(120000);

describe('starting the server (node dist/main.js, as npm start does)', () => {
  let cwd: string;

  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'rencontres-start-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('creates and migrates data/rencontres.sqlite on a fresh machine, prints one organiser token once, and stops on SIGTERM', async () => {
    const first = await startServerProcess(cwd, {});
    const token = printedToken(first.stdout());
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(existsSync(join(cwd, 'data', 'rencontres.sqlite'))).toBe(true);

    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const members = await fetch(`${first.url}/api/members`, { headers: { authorization: `Bearer ${token}` } });
    expect(members.status).toBe(200);
    expect(await first.stop()).toBe(0);
    expect(first.stdout()).toContain('Rencontres stopped');

    const second = await startServerProcess(cwd, {});
    expect(printedToken(second.stdout())).toBeUndefined();
    const again = await fetch(`${second.url}/api/members`, { headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(200);
    await second.stop();
  });

  describe('on the database the suite runs on', () => {
    let database: TestDatabase;
    beforeEach(async () => (database = await createTestDatabase()));
    afterEach(() => database.drop());

    it('with ADMIN_TOKEN prints no token and accepts only that one', async () => {
      const adminToken = 'a-long-organiser-token-from-the-environment';
      const server = await startServerProcess(cwd, { DATABASE_URL: database.url, ADMIN_TOKEN: adminToken });
      expect(printedToken(server.stdout())).toBeUndefined();
      const ok = await fetch(`${server.url}/api/members`, { headers: { authorization: `Bearer ${adminToken}` } });
      const wrong = await fetch(`${server.url}/api/members`, { headers: { authorization: 'Bearer not-the-token' } });
      expect([ok.status, wrong.status]).toEqual([200, 401]);
      await server.stop();
    });
  });

  it('reads a .env file in the working directory, the environment winning', async () => {
    writeFileSync(join(cwd, '.env'), 'TIMEZONE=Mars/Olympus\nMAIL_FROM=nobody\n');
    const server = await startServerProcess(cwd, { MAIL_FROM: 'Rencontres <rencontres@example.org>' });
    expect(await server.exited).toBe(1);
    expect(server.stderr().trim()).toBe(
      'Invalid setting TIMEZONE: "Mars/Olympus" is not an IANA time zone such as Europe/Paris',
    );
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/rencontres'],
    ['PUBLIC_URL', 'ftp://rencontres.example'],
    ['ADMIN_TOKEN', 'short'],
    ['SMTP_URL', 'http://mail.example'],
    ['MAIL_FROM', 'nobody'],
    ['TIMEZONE', 'Mars/Olympus'],
    ['SECRET_KEY', 'too-short'],
  ])('refuses to start when %s is %p, with one line naming it', async (variable, badValue) => {
    const server = await startServerProcess(cwd, { [variable]: badValue });
    expect(await server.exited).toBe(1);
    const lines = server.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  });
});
