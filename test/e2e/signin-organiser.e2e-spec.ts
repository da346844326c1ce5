import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client, sessionCookie } from '../helpers/signin';
import { startServerProcess } from '../helpers/server-process';
import { createTestApp } from '../helpers/test-app';
import { createTestDatabase } from '../helpers/test-database';

const ORGANISER = join(__dirname, '..', '..', 'dist', 'organiser.js');

describe('npm run organiser', () => {
  it('on a fresh install: the first start says how to make an organiser, and the script prints a working sign-in link', async () => {
    const database = await createTestDatabase();
    const cwd = mkdtempSync(join(tmpdir(), 'rencontres-organiser-'));
    const env = {
      DATABASE_URL: database.url,
      MAIL_DIR: join(cwd, 'mail'),
      PUBLIC_URL: 'http://rencontres.test',
      ADMIN_TOKEN: 'organiser-test-token-0123456789',
    };
    try {
      const server = await startServerProcess(cwd, env);
      await server.stop();
      expect(server.stdout()).toContain('No organiser yet: make one with `npm run organiser -- <email> [name]`');

      const run = (...args: string[]) =>
        spawnSync(process.execPath, [ORGANISER, ...args], {
          cwd,
          env: { PATH: process.env.PATH, ...env },
          encoding: 'utf8',
        });
      const usage = run('not-an-address');
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('Usage: npm run organiser -- <email> [name]');

      const made = run('Camille@Example.org', 'Camille', 'Martin');
      expect(made.stderr).toBe('');
      expect(made.status).toBe(0);
      expect(made.stdout).toContain('Camille Martin <camille@example.org> is an organiser.');
      const link = /http:\/\/rencontres\.test\/signin\/[A-Za-z0-9_-]{43}/.exec(made.stdout)?.[0];
      expect(link).toBeDefined();
      // Again for the same address: promoted once, not created twice; a new link.
      const again = run('camille@example.org');
      expect(again.stdout).toContain('Camille Martin <camille@example.org> is an organiser.');

      const t = await createTestApp({ database });
      try {
        const members = (await t.api.get('/api/members').expect(200)).body;
        expect(members).toEqual([expect.objectContaining({ email: 'camille@example.org', role: 'organiser' })]);
        const signedIn = await client(t).post(new URL(link!).pathname).type('form').send({}).expect(303);
        expect(signedIn.headers.location).toBe('/admin');
        const admin = await client(t).get('/admin').set('Cookie', sessionCookie(signedIn)).expect(200);
        expect(admin.text).toContain('Camille Martin');
      } finally {
        await t.close();
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await database.drop();
    }
  }, 120000);
});
