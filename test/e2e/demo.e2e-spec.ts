import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp } from '../helpers/test-app';
import { createTestDatabase } from '../helpers/test-database';
import { vevents } from '../helpers/ics';

const DEMO = join(__dirname, '..', '..', 'dist', 'demo.js');

describe('npm run demo', () => {
  it('fills an empty database with the demo space, and refuses a database that has members', async () => {
    const database = await createTestDatabase();
    const cwd = mkdtempSync(join(tmpdir(), 'rencontres-demo-'));
    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      MAIL_DIR: join(cwd, 'mail'),
      ADMIN_TOKEN: 'demo-organiser-token-0123456789',
    };
    try {
      const first = spawnSync(process.execPath, [DEMO], { cwd, env, encoding: 'utf8' });
      expect(first.stdout).toContain('Demo space ready: 8 members');
      expect(first.status).toBe(0);
      const again = spawnSync(process.execPath, [DEMO], { cwd, env, encoding: 'utf8' });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('already has members');

      const t = await createTestApp({ database });
      try {
        expect((await t.api.get('/api/members').expect(200)).headers['x-total-count']).toBe('8');
        const colunches = (await t.api.get('/api/events?kind=colunch').expect(200)).body;
        expect(colunches).toHaveLength(12);
        expect(colunches.every((event: any) => event.localStartsAt.slice(11, 16) === '12:30')).toBe(true);
        expect(colunches[0].counts).toMatchObject({ going: 4, maybe: 1 });
        const training = (await t.api.get('/api/events?kind=training').expect(200)).body[0];
        expect(training).toMatchObject({ minAttendees: 5, status: 'scheduled' });
        const cohorts = (await t.api.get('/api/cohorts').expect(200)).body;
        expect(cohorts[0].members).toHaveLength(4);
        const feed = await t.getText('/calendar/public.ics');
        expect(vevents(feed.body).map((event) => event.getFirstPropertyValue('summary'))).toEqual(
          expect.arrayContaining(['Open Coffee', 'Introduction aux méthodes agiles']),
        );
      } finally {
        await t.close();
      }
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      await database.drop();
    }
  }, 60000);
});
