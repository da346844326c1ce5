import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestApp } from '../helpers/test-app';
import { createTestDatabase, onPostgres } from '../helpers/test-database';
import { parseSettings } from '../../src/config/settings';
import { databaseOptions } from '../../src/database/database-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { OutboxRecipient1764560000000 } from '../../src/database/migrations/1764560000000-outbox-recipient';

/** `?` on SQLite, `$1, $2...` on PostgreSQL. */
const placeholders = (sql: string) => {
  let n = 0;
  return onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
};

describe('migration: the outbox names recipients as "Name <address>"', () => {
  it('gives rows sent as "[object Object]" their member, and keeps room for a long name and address', async () => {
    const database = await createTestDatabase();
    const before = new DataSource({
      ...databaseOptions(parseSettings({ DATABASE_URL: database.url }).database),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(OutboxRecipient1764560000000)),
    });
    await before.initialize();
    const [memberId, outboxId] = [randomUUID(), randomUUID()];
    const now = new Date().toISOString();
    await before.query(
      placeholders(`INSERT INTO member (id, name, email, locale, skills, membership, "feedToken", "createdAt", "updatedAt")
        VALUES (?, 'Camille Martin', 'camille@example.org', 'fr', '[]', 'nomad', 'feed-token-of-camille', ?, ?)`),
      [memberId, now, now],
    );
    await before.query(
      placeholders(`INSERT INTO outbox (id, kind, "memberId", status, "nextAttemptAt", recipient, subject, "createdAt", "sentAt")
        VALUES (?, 'invitation', ?, 'sent', ?, '[object Object]', 'Invitation', ?, ?)`),
      [outboxId, memberId, now, now, now],
    );
    await before.destroy();

    const t = await createTestApp({ database });
    try {
      const sent = (await t.api.get('/api/outbox?status=sent').expect(200)).body;
      expect(sent).toEqual([
        expect.objectContaining({ id: outboxId, recipient: 'Camille Martin <camille@example.org>' }),
      ]);
      const long = `${'n'.repeat(200)} <${'a'.repeat(300)}@example.org>`;
      await t.app.get(DataSource).query(placeholders('UPDATE outbox SET recipient = ? WHERE id = ?'), [long, outboxId]);
      expect((await t.api.get('/api/outbox?status=sent').expect(200)).body[0].recipient).toBe(long);
    } finally {
      await t.close();
      await database.drop();
    }
  });
});
