import { createMember } from '../factories/api.factory';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

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
