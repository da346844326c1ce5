import { DataSource, EntityManager } from 'typeorm';
import { createEvent, createMember } from '../factories/api.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { onPostgres } from '../helpers/test-database';
import { ChangeLog } from '../../src/database/change-log';
import { Transactions } from '../../src/database/transactions';
import { SpaceSetting } from '../../src/space/space-setting.entity';

const DAY_MS = 86_400_000;

describe('units of work', () => {
  let t: TestApp;
  /** A connection of its own, as another process would have: it sees committed rows only. */
  let other: DataSource;
  const keysSeenByOther = async (prefix: string): Promise<string[]> =>
    (await other.getRepository(SpaceSetting).find({ order: { key: 'ASC' } }))
      .map((setting) => setting.key)
      .filter((key) => key.startsWith(prefix));

  beforeAll(async () => {
    t = await createTestApp();
    const entities = [SpaceSetting];
    other = await new DataSource(
      onPostgres
        ? { type: 'postgres', url: t.database.url, entities }
        : { type: 'better-sqlite3', database: t.database.url.slice('sqlite:'.length), entities },
    ).initialize();
  });
  afterAll(async () => {
    await other.destroy();
    await t.close();
  });

  const soon = (days: number) => {
    const startsAt = new Date(Date.now() + days * DAY_MS);
    return { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString() };
  };

  it('waits for the disk at every commit: an acknowledged write survives a power cut', async () => {
    const dataSource = t.app.get(DataSource);
    if (onPostgres) {
      expect(await dataSource.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
    } else {
      // 2 is FULL; better-sqlite3 would otherwise run WAL with NORMAL, which may lose the last commits.
      expect(await dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    }
  });

  it('commits the units that wait together once; one that fails rolls back only itself', async () => {
    const transactions = t.app.get(Transactions);
    const changes = t.app.get(ChangeLog);
    const write = (key: string) => (manager: EntityManager) =>
      manager.insert(SpaceSetting, { key, value: key, createdAt: new Date() });
    const versions = () => ['test:a', 'test:b', 'test:c'].map((scope) => changes.version(scope));
    const before = versions();
    let seenWhenFirstAcknowledged: string[] = [];
    const units = [
      transactions
        .run(write('group-a'), { touches: ['test:a'] })
        .then(async () => (seenWhenFirstAcknowledged = await keysSeenByOther('group-'))),
      transactions.run(
        async (manager) => {
          await write('group-b')(manager);
          throw new Error('b changes its mind');
        },
        { touches: ['test:b'] },
      ),
      transactions.run(write('group-c'), { touches: ['test:c'] }),
    ];
    const [a, b, c] = await Promise.allSettled(units);

    expect(a.status).toBe('fulfilled');
    expect(b).toMatchObject({ status: 'rejected', reason: new Error('b changes its mind') });
    expect(c.status).toBe('fulfilled');
    // When the first unit is acknowledged, the third one is already committed too: they shared one COMMIT.
    expect(seenWhenFirstAcknowledged).toEqual(['group-a', 'group-c']);
    expect(await keysSeenByOther('group-')).toEqual(['group-a', 'group-c']);
    expect(versions().map((version, index) => version - before[index])).toEqual([1, 0, 1]);
  });

  it('keeps answers that arrive together apart from one refused beside them', async () => {
    const open = await createEvent(t, { capacity: 5, ...soon(7) });
    const cancelled = await createEvent(t, { capacity: 5, ...soon(8) });
    await t.api.post(`/api/events/${cancelled.id}/cancel`).send({}).expect(200);
    const crowd = await Promise.all(Array.from({ length: 12 }, () => createMember(t)));

    const answers = await Promise.all([
      ...crowd.map((member) =>
        t.api.put(`/api/events/${open.id}/registrations/${member.id}`).send({ response: 'yes' }),
      ),
      t.api.put(`/api/events/${cancelled.id}/registrations/${crowd[0].id}`).send({ response: 'yes' }),
    ]);

    const refused = answers.pop()!;
    expect(refused.status).toBe(409);
    expect(answers.map((res) => res.status)).toEqual(crowd.map(() => 200));
    expect(answers.filter((res) => res.body.status === 'going')).toHaveLength(5);
    const after = (await t.api.get(`/api/events/${open.id}`).expect(200)).body;
    expect(after.counts).toMatchObject({ going: 5, waitlisted: 7 });
    const cancelledAfter = (await t.api.get(`/api/events/${cancelled.id}/registrations`).expect(200)).body;
    expect(cancelledAfter).toEqual([]);
  });
});
