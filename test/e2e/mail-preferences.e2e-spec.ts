import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseSettings } from '../../src/config/settings';
import { databaseOptions } from '../../src/database/database-options';
import { MIGRATIONS } from '../../src/database/migrations';
import { MailPreferences1765200000000 } from '../../src/database/migrations/1765200000000-mail-preferences';
import { uuidBytes } from '../../src/common/uuid-bytes';
import { SpaceService } from '../../src/space/space.service';
import { createEvent, createMember } from '../factories/api.factory';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, rawHeader, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, onPostgres } from '../helpers/test-database';

const ALL_ON = { invitations: true, reminders: true, digest: true };

describe('mail preferences', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, smtp, close } = await appWithSmtp()));
  afterAll(() => close());

  const preferencesOf = async (id: string) => (await t.api.get(`/api/members/${id}`).expect(200)).body.mailPreferences;

  it('are all on for a new member, shown and changed kind by kind through the member API', async () => {
    const member = await createMember(t);
    expect(member.mailPreferences).toEqual(ALL_ON);
    const changed = await t.api
      .patch(`/api/members/${member.id}`)
      .send({ mailPreferences: { digest: false } })
      .expect(200);
    expect(changed.body.mailPreferences).toEqual({ ...ALL_ON, digest: false });
    await t.api
      .patch(`/api/members/${member.id}`)
      .send({ name: 'Camille Martin', mailPreferences: { reminders: false } })
      .expect(200);
    expect(await preferencesOf(member.id)).toEqual({ invitations: true, reminders: false, digest: false });
    expect((await t.api.get(`/api/members/${member.id}`)).body).not.toHaveProperty('unsubscribedAt');

    const quiet = await createMember(t, { mailPreferences: { invitations: false } });
    expect(quiet.mailPreferences).toEqual({ ...ALL_ON, invitations: false });
    // A guest came for one event: no weekly digest until they ask for it.
    expect((await createMember(t, { membership: 'guest' })).mailPreferences).toEqual({ ...ALL_ON, digest: false });
  });

  it('refuses a preference that is not a boolean, or a kind of mail that does not exist, naming the field', async () => {
    const member = await createMember(t);
    const notBoolean = await t.api
      .patch(`/api/members/${member.id}`)
      .send({ mailPreferences: { digest: 'yes' } })
      .expect(400);
    expect(notBoolean.body.message).toContain('digest must be a boolean');
    const unknown = await t.api
      .patch(`/api/members/${member.id}`)
      .send({ mailPreferences: { newsletter: false } })
      .expect(400);
    expect(unknown.body.message).toContain('newsletter should not exist');
    await t.api.patch(`/api/members/${member.id}`).send({ mailPreferences: false }).expect(400);
    expect(await preferencesOf(member.id)).toEqual(ALL_ON);
  });

  it('leaves out of invitations a member who turned them off, unless they answered the event', async () => {
    const member = await createMember(t, { mailPreferences: { invitations: false } });
    const event = await createEvent(t);
    const invited = await t.api.post(`/api/events/${event.id}/invitations`).send({ memberIds: [member.id] });
    expect(invited.body).toEqual({ queued: 0, alreadyInvited: 0, unsubscribed: 1 });
    await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'maybe' }).expect(200);
    const answered = await t.api.post(`/api/events/${event.id}/invitations`).send({ memberIds: [member.id] });
    expect(answered.body).toEqual({ queued: 1, alreadyInvited: 0, unsubscribed: 0 });
    await t.flushOutbox();
    expect(smtp.to(member.email)).toHaveLength(1);
  });

  it('turns off, with the one-click link of a mail, the kind of mail it came in and nothing else', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    await t.api
      .post(`/api/events/${event.id}/invitations`)
      .send({ memberIds: [member.id] })
      .expect(202);
    await t.flushOutbox();
    const invitation = smtp.to(member.email).at(-1)!;
    expect(invitation.parsed.text).toContain('Ne plus recevoir les invitations à de nouveaux événements');
    const link = new URL(rawHeader(invitation, 'List-Unsubscribe')!.slice(1, -1)).pathname;

    const page = await t.http.get(link).expect(200);
    expect(page.text).toContain('ne plus recevoir les invitations à de nouveaux événements ?');
    expect(await preferencesOf(member.id)).toEqual(ALL_ON);
    await t.http.post(link).type('form').send({ 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect(await preferencesOf(member.id)).toEqual({ ...ALL_ON, invitations: false });

    const again = await t.http.post(link).type('form').send({ subscribe: 'yes' }).expect(200);
    expect(again.text).toContain('vous recevrez de nouveau les invitations à de nouveaux événements');
    expect(await preferencesOf(member.id)).toEqual(ALL_ON);
  });

  it('turns every kind off with the link of a mail of no kind (the cancellation of an event they answered)', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    await t.flushOutbox();
    const cancellation = smtp.to(member.email).find((mail) => /^Annulé/.test(mail.parsed.subject ?? ''))!;
    const link = new URL(rawHeader(cancellation, 'List-Unsubscribe')!.slice(1, -1)).pathname;
    await t.http.post(link).type('form').send({ 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect(await preferencesOf(member.id)).toEqual({ invitations: false, reminders: false, digest: false });
  });

  it('keeps the links sent before they named a kind: they stop invitations and reminders, as they promised', async () => {
    const member = await createMember(t);
    const payload = Buffer.alloc(20);
    uuidBytes(member.id).copy(payload, 0);
    const path = `/unsubscribe/${t.app.get(SpaceService).sign('unsubscribe', payload)}`;
    expect((await t.http.get(path).expect(200)).text).toContain(
      'les invitations à de nouveaux événements et les rappels avant vos événements',
    );
    await t.http.post(path).type('form').send({ 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect(await preferencesOf(member.id)).toEqual({ invitations: false, reminders: false, digest: true });
  });

  it('are the member’s own on /me/mail: signed in, with the CSRF token, post/redirect/get', async () => {
    const member = await createMember(t, { locale: 'en' });
    const anonymous = await client(t).get('/me/mail').expect(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fme%2Fmail');

    const cookie = await signIn(t, smtp, member.email);
    const page = await client(t).get('/me/mail').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('The mails I receive');
    expect(page.text.match(/type="checkbox"[^>]* checked/g)).toHaveLength(3);

    const form = { _csrf: csrfOf(page.text), invitations: 'on', reminders: 'on' };
    await client(t).post('/me/mail').set('Cookie', cookie).type('form').send({ reminders: 'on' }).expect(403);
    expect(await preferencesOf(member.id)).toEqual(ALL_ON);
    const saved = await client(t).post('/me/mail').set('Cookie', cookie).type('form').send(form).expect(303);
    expect(saved.headers.location).toBe('/me/mail?saved=1');
    expect(await preferencesOf(member.id)).toEqual({ ...ALL_ON, digest: false });

    const after = await client(t).get(saved.headers.location).set('Cookie', cookie).expect(200);
    expect(after.text).toContain('Your choices are saved.');
    expect(after.text.match(/type="checkbox"[^>]* checked/g)).toHaveLength(2);
    expect((await client(t).get('/me/mail?lang=fr').set('Cookie', cookie).expect(200)).text).toContain(
      'Le résumé de la semaine',
    );

    // Only a forged form sends another value than a ticked box's.
    await client(t)
      .post('/me/mail')
      .set('Cookie', cookie)
      .type('form')
      .send({ ...form, digest: 'maybe' })
      .expect(400);
    expect(await preferencesOf(member.id)).toEqual({ ...ALL_ON, digest: false });
  });
});

/** `?` on SQLite, `$1, $2...` on PostgreSQL. */
const placeholders = (sql: string) => {
  let n = 0;
  return onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
};

describe('migration: mail preferences replace unsubscribedAt', () => {
  it('keeps every kind off for a member who had unsubscribed, and on for the others', async () => {
    const database = await createTestDatabase();
    const before = new DataSource({
      ...databaseOptions(parseSettings({ DATABASE_URL: database.url }).database),
      migrations: MIGRATIONS.slice(0, MIGRATIONS.indexOf(MailPreferences1765200000000)),
    });
    await before.initialize();
    const [quiet, keen] = [randomUUID(), randomUUID()];
    const now = new Date().toISOString();
    for (const [id, unsubscribedAt] of [
      [quiet, now],
      [keen, null],
    ]) {
      await before.query(
        placeholders(`INSERT INTO member (id, name, email, locale, skills, membership, "feedToken", "unsubscribedAt",
          "createdAt", "updatedAt") VALUES (?, ?, ?, 'fr', '[]', 'nomad', ?, ?, ?, ?)`),
        [id, `Membre ${id}`, `${id}@example.org`, `feed-${id}`, unsubscribedAt, now, now],
      );
    }
    await before.destroy();

    const t = await createTestApp({ database });
    try {
      expect((await t.api.get(`/api/members/${quiet}`).expect(200)).body.mailPreferences).toEqual({
        invitations: false,
        reminders: false,
        digest: false,
      });
      expect((await t.api.get(`/api/members/${keen}`).expect(200)).body.mailPreferences).toEqual(ALL_ON);
    } finally {
      await t.close();
    }

    const after = new DataSource({ ...databaseOptions(parseSettings({ DATABASE_URL: database.url }).database) });
    await after.initialize();
    try {
      // Back to before this migration: the later ones first, newest first.
      for (let undone = MIGRATIONS.indexOf(MailPreferences1765200000000); undone < MIGRATIONS.length; undone++) {
        await after.undoLastMigration();
      }
      const rows: { id: string; unsubscribedAt: unknown }[] = await after.query(
        'SELECT id, "unsubscribedAt" FROM member',
      );
      expect(rows.find((row) => row.id === quiet)!.unsubscribedAt).not.toBeNull();
      expect(rows.find((row) => row.id === keen)!.unsubscribedAt).toBeNull();
    } finally {
      await after.destroy();
      await database.drop();
    }
  });
});
