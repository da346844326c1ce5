import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FixedClock } from '../helpers/fixed-clock';
import { invitedMember, processed, replyFor, sendRaw } from '../helpers/replies';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { Clock } from '../../src/common/clock';
import { InboundSmtpListener } from '../../src/replies/inbound-smtp.listener';
import { InboxMessage } from '../../src/replies/inbox-message.entity';
import { InboxScheduler } from '../../src/replies/inbox.scheduler';

const DAY_MS = 86_400_000;
const ENV = { MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>', INBOUND_SMTP_PORT: '0' };

describe('the inbox over time: raw messages kept 30 days, nothing lost in a restart, one answer per message', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const start = Date.now();
  const clock = new FixedClock(new Date(start).toISOString());

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { ...ENV, SMTP_URL: smtp.url }, overrides: [{ provide: Clock, useValue: clock }] });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  afterEach(() => clock.set(new Date(start).toISOString()));

  const port = () => t.app.get(InboundSmtpListener).port;
  const registration = async (eventId: string, memberId: string) =>
    ((await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, unknown>[]).find(
      (entry) => entry.memberId === memberId,
    );

  it('shows the raw message for 30 days, then only what was done with it', async () => {
    const invited = await invitedMember(t, smtp);
    const old = replyFor('human', invited);
    await sendRaw(port(), invited.replyAddress, old.raw);
    const [oldEntry] = await processed(t, old.messageId);
    clock.set(new Date(start + 2 * DAY_MS).toISOString());
    const recent = replyFor('human', invited);
    await sendRaw(port(), invited.replyAddress, recent.raw);
    const [recentEntry] = await processed(t, recent.messageId);

    const raw = await t.api.get(`/api/inbox/${oldEntry.id}/raw`).expect(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(raw.text).toContain(`Message-ID: ${old.messageId}`);

    clock.set(new Date(start + 31 * DAY_MS).toISOString());
    await t.app.get(InboxScheduler).purge();
    const gone = await t.api.get(`/api/inbox/${oldEntry.id}/raw`).expect(404);
    expect(gone.body.message).toMatch(/older than 30 days/);
    await t.api.get(`/api/inbox/${recentEntry.id}/raw`).expect(200);
    expect((await processed(t, old.messageId))[0]).toMatchObject({ outcome: 'no-calendar', text: oldEntry.text });
    await t.api.get(`/api/inbox/${randomUUID()}/raw`).expect(404);
    await t.api.get('/api/inbox/not-an-id/raw').expect(404);
  });

  it('finishes a message a stopped process had stored but not applied, and leaves one still held alone', async () => {
    const invited = await invitedMember(t, smtp);
    const orphan = replyFor('gmail', invited);
    const held = replyFor('outlook', invited, { partstat: 'DECLINED' });
    // What a process leaves behind when it stops between storing a message and applying it.
    const left = (raw: string, messageId: string, claimedUntil: Date): InboxMessage => ({
      id: randomUUID(),
      receivedAt: clock.now(),
      via: 'smtp',
      messageId,
      firstCopyOf: messageId,
      sender: invited.member.email,
      subject: 'Accepted',
      token: invited.replyAddress.split(/[+@]/)[1],
      memberId: null,
      eventId: null,
      outcome: 'pending',
      reason: null,
      response: null,
      text: null,
      raw,
      claimedUntil,
    });
    await t.app
      .get(DataSource)
      .getRepository(InboxMessage)
      .insert([
        left(orphan.raw, orphan.messageId, new Date(clock.now().getTime() - 1000)),
        left(held.raw, held.messageId, new Date(clock.now().getTime() + 60_000)),
      ]);
    await t.app.get(InboxScheduler).resume();
    expect((await processed(t, orphan.messageId))[0]).toMatchObject({ outcome: 'applied', response: 'yes' });
    expect(await registration(invited.event.id, invited.member.id)).toMatchObject({ status: 'going' });
    const [stillHeld] = (await t.api.get('/api/inbox?limit=500').expect(200)).body.filter(
      (entry: { messageId: string }) => entry.messageId === held.messageId,
    );
    expect(stillHeld.outcome).toBe('pending');
  });

  it('counts a message received by two server processes at once as one answer', async () => {
    const second = await createTestApp({
      database: t.database,
      env: { ...ENV, SMTP_URL: smtp.url },
      overrides: [{ provide: Clock, useValue: clock }],
    });
    try {
      const invited = await invitedMember(t, smtp, { capacity: 1 });
      const reply = replyFor('apple', invited);
      await Promise.all([
        sendRaw(port(), invited.replyAddress, reply.raw),
        sendRaw(second.app.get(InboundSmtpListener).port, invited.replyAddress, reply.raw),
      ]);
      const entries = await processed(t, reply.messageId, 2);
      expect(entries.map((entry) => entry.outcome).sort()).toEqual(['applied', 'duplicate']);
      expect(await registration(invited.event.id, invited.member.id)).toMatchObject({ status: 'going' });
    } finally {
      await second.close();
    }
  });
});
