import { randomBytes } from 'node:crypto';
import { Dovecot } from '../helpers/dovecot';
import { invitedMember, processed, replyFor, until } from '../helpers/replies';
import { SmtpSink } from '../helpers/smtp-sink';
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
        IMAP_POLL_SECONDS: '1',
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

  it('applies a reply that lands in the mailbox, then marks it read', async () => {
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

  it('lets one process at a time read the mailbox: with two on one database, each reply counts once', async () => {
    const second = await createTestApp({
      database: t.database,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>',
        IMAP_URL: dovecot.url(user),
        IMAP_POLL_SECONDS: '1',
      },
    });
    try {
      const duplicates = async () =>
        ((await t.api.get('/api/inbox?limit=500').expect(200)).body as { outcome: string }[]).filter(
          (entry) => entry.outcome === 'duplicate',
        ).length;
      const duplicatesBefore = await duplicates();
      const invitations = [];
      for (let i = 0; i < 4; i += 1) invitations.push(await invitedMember(t, smtp));
      const replies = invitations.map((invited) => replyFor('gmail', invited));
      for (const reply of replies) await dovecot.append(user, reply.raw);
      for (const [i, reply] of replies.entries()) {
        const entries = await processed(t, reply.messageId);
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ outcome: 'applied', member: { id: invitations[i].member.id } });
      }
      // The first process kept the lease all along; a second reader would have recorded copies.
      expect(await duplicates()).toBe(duplicatesBefore);
      expect(await second.app.get(ImapLease).holder()).toBe(t.app.get(ImapReader).holder);
      expect(second.app.get(ImapReader).holder).not.toBe(t.app.get(ImapReader).holder);
    } finally {
      await second.close();
    }
  });
});
