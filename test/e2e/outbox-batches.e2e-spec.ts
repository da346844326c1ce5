import { createMember, eventInput } from '../factories/api.factory';
import { memberInput } from '../factories/member.factory';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { CreateMemberDto } from '../../src/members/member.dto';
import { MembersService } from '../../src/members/members.service';

const DAY_MS = 86_400_000;

describe('outbox batches', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, smtp, close } = await appWithSmtp()));
  afterAll(() => close());

  // More members than one batch holds, invited and mailed: longer than the 30 s of a usual test on a busy machine.
  it('sends more invitations than one batch holds and records each mail on its own row', async () => {
    const members = await Promise.all(Array.from({ length: 105 }, () => createMember(t)));
    const refused = members[17].email.toLowerCase();
    smtp.reject = (recipient) => (recipient === refused ? { code: 550, message: 'No such mailbox' } : null);
    const startsAt = new Date(Date.now() + 14 * DAY_MS);
    const event = (
      await t.api
        .post('/api/events')
        .send({
          kind: 'colunch',
          title: 'Colunch des lots',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        })
        .expect(201)
    ).body;

    await t.api.post(`/api/events/${event.id}/invitations`).send({ all: true }).expect(202);
    await smtp.waitFor(104, 60_000);

    const listed = async (status: string) =>
      (await t.api.get(`/api/outbox?status=${status}&limit=200`).expect(200)).body as Array<Record<string, unknown>>;
    let sent = await listed('sent');
    for (const deadline = Date.now() + 10_000; sent.length < 104 && Date.now() < deadline;) sent = await listed('sent');
    expect(new Set(sent.map((mail) => mail.recipient))).toEqual(
      new Set(
        members
          .filter((member) => member.email !== members[17].email)
          .map((member) => `${member.name} <${member.email}>`),
      ),
    );
    expect(sent.every((mail) => String(mail.subject).startsWith('Invitation : Colunch des lots'))).toBe(true);
    expect(await listed('failed')).toMatchObject([{ recipient: null, attempts: 1 }]);
    expect(await listed('pending')).toEqual([]);
    expect(smtp.received).toHaveLength(104);
  }, 120_000);
});

describe('inviting a large community at once', () => {
  let t: TestApp;
  // The worker stays idle: what is checked here is the queue the POST writes, not the sending.
  beforeAll(async () => (t = await createTestApp({ env: { OUTBOX_POLL_MS: '3600000' } })));
  afterAll(() => t.close());

  // More rows than one statement may bind (SQLite 32,766 parameters, PostgreSQL 65,535; an outbox row has 15).
  it('queues an invitation for each of 4,500 members', async () => {
    await t.app
      .get(MembersService)
      .upsert(Array.from({ length: 4500 }, () => memberInput() as unknown as CreateMemberDto));
    const event = (await t.api.post('/api/events').send(eventInput()).expect(201)).body;
    const before = Number((await t.api.get('/api/outbox?limit=1').expect(200)).headers['x-total-count']);

    const invited = await t.api.post(`/api/events/${event.id}/invitations`).send({ all: true }).expect(202);

    expect(invited.body).toEqual({ queued: 4500, alreadyInvited: 0, unsubscribed: 0 });
    const after = Number((await t.api.get('/api/outbox?limit=1').expect(200)).headers['x-total-count']);
    expect(after - before).toBe(4500);
  }, 120_000);
});
