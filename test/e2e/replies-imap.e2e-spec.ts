import { randomBytes } from 'node:crypto';
import { Dovecot } from '../helpers/dovecot';
import { invitedMember, processed, replyFor, until } from '../helpers/replies';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestDatabase } from '../helpers/test-database';
import { createTestApp, TestApp } from '../helpers/test-app';
import { ImapLease } from '../../src/replies/imap-lease';
import { ImapReader } from '../../src/replies/imap-reader';

describe('calendar replies read from a mailbox by IMAP', () => {
  let dovecot: Dovecot;
  let smtp: SmtpSink;
  let t: TestApp;
  const user = `replies-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    dovecot = await Dovecot.start();
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>',
        IMAP_URL: dovecot.url(user),
        // Polled once an hour: replies arriving during the tests are read because IDLE announced them.
        IMAP_POLL_SECONDS: '3600',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    await dovecot?.stop();
  });

  const registration = async (app: TestApp, eventId: string, memberId: string) =>
    ((await app.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, unknown>[]).find(
      (entry) => entry.memberId === memberId,
    );

  it('applies a reply as soon as it lands in the mailbox (IDLE), then marks it read', async () => {
    const invited = await invitedMember(t, smtp);
    const reply = replyFor('outlook', invited, { partstat: 'TENTATIVE' });
    await dovecot.append(user, reply.raw);
    expect((await processed(t, reply.messageId))[0]).toMatchObject({
      via: 'imap',
      outcome: 'applied',
      response: 'maybe',
      member: { id: invited.member.id },
    });
    expect(await registration(t, invited.event.id, invited.member.id)).toMatchObject({ status: 'maybe' });
    const flags = await until(async () => {
      const seen = (await dovecot.flags(user)).get(reply.messageId);
      return seen?.includes('\\Seen') ? seen : undefined;
    });
    expect(flags).toContain('\\Seen');
  });

  it('records unknown addresses, human replies and copies, and changes nothing for them', async () => {
    const invited = await invitedMember(t, smtp);
    const forged = replyFor('gmail', { ...invited, replyAddress: `rencontres+${'b'.repeat(20)}@coworking.example` });
    const human = replyFor('human', invited);
    const apple = replyFor('apple', invited, { attendee: 'camille@icloud.example' });
    for (const raw of [forged.raw, human.raw, apple.raw, apple.raw]) await dovecot.append(user, raw);
    expect((await processed(t, forged.messageId))[0]).toMatchObject({ outcome: 'unknown-address', member: null });
    expect((await processed(t, human.messageId))[0]).toMatchObject({
      outcome: 'no-calendar',
      text: expect.stringContaining('dix minutes de retard'),
    });
    const copies = await processed(t, apple.messageId, 2);
    expect(copies.map((entry) => entry.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect(await registration(t, invited.event.id, invited.member.id)).toMatchObject({ status: 'going' });
  });

  it('lets one process at a time read the mailbox, and another take over when it stops', async () => {
    // Two server processes on one database, polling a mailbox of their own every second.
    const mailbox = `${user}-shared`;
    const database = await createTestDatabase();
    const env = {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>',
      IMAP_URL: dovecot.url(mailbox),
      IMAP_POLL_SECONDS: '1',
    };
    const a = await createTestApp({ database, env });
    const b = await createTestApp({ database, env });
    try {
      const invitations = [];
      for (let i = 0; i < 4; i += 1) invitations.push(await invitedMember(a, smtp));
      const replies = invitations.map((invited) => replyFor('gmail', invited));
      for (const reply of replies) await dovecot.append(mailbox, reply.raw);
      for (const [i, reply] of replies.entries()) {
        const entries = await processed(a, reply.messageId);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ outcome: 'applied', member: { id: invitations[i].member.id } });
      }
      const readers = [a, b].map((app) => app.app.get(ImapReader).holder);
      const holder = await a.app.get(ImapLease).holder();
      expect(readers).toContain(holder);

      const [stopping, staying] = holder === readers[0] ? [a, b] : [b, a];
      await stopping.close();
      const late = replyFor('outlook', invitations[0], { partstat: 'DECLINED' });
      await dovecot.append(mailbox, late.raw);
      expect((await processed(staying, late.messageId))[0]).toMatchObject({ outcome: 'applied', response: 'no' });
      expect(await staying.app.get(ImapLease).holder()).toBe(staying.app.get(ImapReader).holder);
      const all = (await staying.api.get('/api/inbox?limit=500').expect(200)).body as { outcome: string }[];
      expect(all.map((entry) => entry.outcome)).toEqual(Array(5).fill('applied'));
      await staying.close();
    } finally {
      await a.close().catch(() => undefined);
      await b.close().catch(() => undefined);
      await database.drop();
    }
  });
});
