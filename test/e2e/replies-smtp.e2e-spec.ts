import { randomBytes } from 'node:crypto';
import { createMember } from '../factories/api.factory';
import { invitedMember, processed, replyFor, sendRaw, until } from '../helpers/replies';
import { calendarPart, vevents } from '../helpers/ics';
import { rawHeader, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { OutboxWorker } from '../../src/mailing/outbox.worker';
import { InboundSmtpListener } from '../../src/replies/inbound-smtp.listener';

describe('calendar replies received by SMTP', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let port: number;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>',
        INBOUND_SMTP_PORT: '0',
      },
    });
    port = t.app.get(InboundSmtpListener).port;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  /** The member's registration as organisers see it, or undefined before any answer. */
  const registration = async (eventId: string, memberId: string) =>
    ((await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, unknown>[]).find(
      (entry) => entry.memberId === memberId,
    );
  const send = (to: string, raw: string) => sendRaw(port, to, raw);

  it('names the member’s reply address as ORGANIZER and Reply-To, the same in the event’s updates', async () => {
    const invited = await invitedMember(t, smtp);
    expect(invited.replyAddress).toMatch(/^rencontres\+[a-z2-7]{20}@coworking\.example$/);
    expect(invited.replyTo).toBe(invited.replyAddress);
    await t.api
      .patch(`/api/events/${invited.event.id}`)
      .send({
        startsAt: new Date(Date.parse(invited.event.startsAt) + 3_600_000).toISOString(),
        endsAt: new Date(Date.parse(invited.event.endsAt) + 3_600_000).toISOString(),
      })
      .expect(200);
    await t.app.get(OutboxWorker).drain();
    const update = await until(() => smtp.to(invited.member.email)[1]);
    expect(rawHeader(update, 'Reply-To')).toBe(invited.replyAddress);
    const [vevent] = vevents(calendarPart(update.parsed).content);
    expect(vevent.getFirstPropertyValue('organizer')).toBe(`mailto:${invited.replyAddress}`);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(invited.event.sequence + 1);
    const other = await invitedMember(t, smtp);
    expect(other.replyAddress).not.toBe(invited.replyAddress);
  });

  it.each([
    ['gmail', 'ACCEPTED', 'going'],
    ['outlook', 'TENTATIVE', 'maybe'],
    ['apple', 'DECLINED', 'declined'],
  ] as const)('applies %s’s %s as the member’s answer within seconds', async (shape, partstat, status) => {
    const invited = await invitedMember(t, smtp);
    // Apple and Outlook answer from an alias or in upper case: the token says who.
    const reply = replyFor(shape, invited, { partstat, attendee: `Camille.Alias+${shape}@icloud.example` });
    await send(invited.replyAddress, reply.raw);
    const [entry] = await processed(t, reply.messageId);
    expect(entry).toMatchObject({
      via: 'smtp',
      outcome: 'applied',
      response: { going: 'yes', maybe: 'maybe', declined: 'no' }[status],
      member: { id: invited.member.id, name: 'Camille Martin' },
      event: { id: invited.event.id, title: invited.event.title },
    });
    expect(await registration(invited.event.id, invited.member.id)).toMatchObject({ status });
  });

  it('puts a Yes for a full event on the waitlist and tells the member by mail, with their position', async () => {
    const invited = await invitedMember(t, smtp, { capacity: 1 });
    const first = await createMember(t);
    await t.api.put(`/api/events/${invited.event.id}/registrations/${first.id}`).send({ response: 'yes' }).expect(200);
    const reply = replyFor('gmail', invited);
    await send(invited.replyAddress, reply.raw);
    expect((await processed(t, reply.messageId))[0]).toMatchObject({ outcome: 'applied', response: 'yes' });
    expect(await registration(invited.event.id, invited.member.id)).toMatchObject({
      status: 'waitlisted',
      position: 1,
    });

    await t.app.get(OutboxWorker).drain();
    const mail = await until(() => smtp.to(invited.member.email).find((m) => /attente/.test(m.parsed.subject ?? '')));
    expect(mail.parsed.subject).toBe(`Liste d’attente : ${invited.event.title}`);
    expect(mail.parsed.text).toContain('vous êtes sur la liste d’attente, en position 1.');
    expect(mail.parsed.text).toContain('Votre agenda indique l’événement comme accepté');
    expect(mail.parsed.text).toMatch(/http:\/\/rencontres\.test\/rsvp\/[A-Za-z0-9_-]+/);
  });

  it('changes nothing for a reply to an older version of the event', async () => {
    const invited = await invitedMember(t, smtp);
    await t.api.patch(`/api/events/${invited.event.id}`).send({ location: 'Salle du fond' }).expect(200);
    const reply = replyFor('outlook', invited, { sequence: invited.event.sequence });
    const moved = await t.api.get(`/api/events/${invited.event.id}`).expect(200);
    expect(moved.body.sequence).toBe(invited.event.sequence + 1);
    await send(invited.replyAddress, reply.raw);
    expect((await processed(t, reply.messageId))[0]).toMatchObject({
      outcome: 'stale',
      reason: `answers version ${invited.event.sequence} of the event, which is now at version ${invited.event.sequence + 1}`,
    });
    expect(await registration(invited.event.id, invited.member.id)).toBeUndefined();
  });

  it('changes nothing for a reply stamped before the member’s latest answer, nor for NEEDS-ACTION', async () => {
    const invited = await invitedMember(t, smtp);
    const url = `/api/events/${invited.event.id}/registrations/${invited.member.id}`;
    await t.api.put(url).send({ response: 'no' }).expect(200);
    const older = replyFor('apple', invited, { stamp: new Date(Date.now() - 3_600_000) });
    await send(invited.replyAddress, older.raw);
    expect((await processed(t, older.messageId))[0]).toMatchObject({
      outcome: 'stale',
      reason: 'older than the member’s latest answer',
    });
    const pending = replyFor('gmail', invited, { partstat: 'NEEDS-ACTION' });
    await send(invited.replyAddress, pending.raw);
    expect((await processed(t, pending.messageId))[0]).toMatchObject({ outcome: 'ignored' });
    expect(await registration(invited.event.id, invited.member.id)).toMatchObject({ status: 'declined' });
  });

  it('reads a message once: the same Message-ID again changes nothing', async () => {
    const invited = await invitedMember(t, smtp);
    // Pressed a minute from now: were it applied again, it would win over the answer given in between.
    const reply = replyFor('gmail', invited, { stamp: new Date(Date.now() + 60_000) });
    await send(invited.replyAddress, reply.raw);
    await processed(t, reply.messageId);
    const url = `/api/events/${invited.event.id}/registrations/${invited.member.id}`;
    await t.api.put(url).send({ response: 'no' }).expect(200);
    await send(invited.replyAddress, reply.raw);
    const entries = await processed(t, reply.messageId, 2);
    expect(entries.map((entry) => entry.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect(await registration(invited.event.id, invited.member.id)).toMatchObject({ status: 'declined' });
  });

  it('keeps a human reply without a calendar, for organisers to read', async () => {
    const invited = await invitedMember(t, smtp);
    const reply = replyFor('human', invited);
    await send(invited.replyAddress, reply.raw);
    expect((await processed(t, reply.messageId))[0]).toMatchObject({
      outcome: 'no-calendar',
      member: { id: invited.member.id },
      text: expect.stringContaining('dix minutes de retard'),
    });
    expect(await registration(invited.event.id, invited.member.id)).toBeUndefined();
  });

  it('refuses with 550 every recipient that is not a reply address it gave out: never a relay', async () => {
    const invited = await invitedMember(t, smtp);
    const before = Number((await t.api.get('/api/inbox').expect(200)).headers['x-total-count']);
    const forged = `rencontres+${'a'.repeat(20)}@coworking.example`;
    for (const to of [
      forged,
      'rencontres@coworking.example',
      'someone@elsewhere.example',
      'rencontres+x@coworking.example',
    ]) {
      await expect(send(to, replyFor('gmail', { ...invited, replyAddress: to }).raw)).rejects.toMatchObject({
        responseCode: 550,
      });
    }
    expect(Number((await t.api.get('/api/inbox').expect(200)).headers['x-total-count'])).toBe(before);
    expect(await registration(invited.event.id, invited.member.id)).toBeUndefined();
  });

  it('survives malformed and oversized messages, and goes on reading', async () => {
    const invited = await invitedMember(t, smtp);
    const garbageId = `<${randomBytes(4).toString('hex')}@x>`;
    const garbage = `Content-Type: multipart/mixed; boundary="x"\r\nMessage-ID: ${garbageId}\r\n\r\n--x\r\nContent-Type: text/calendar; charset=nope\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64\0\0\r\nBEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nATTENDEE;PARTSTAT="oops\r\n`;
    await send(invited.replyAddress, garbage);
    expect(['no-calendar', 'ignored']).toContain((await processed(t, garbageId))[0].outcome);
    expect(await registration(invited.event.id, invited.member.id)).toBeUndefined();
    const huge = replyFor('human', invited).raw + 'x'.repeat(2.5 * 1024 * 1024);
    await expect(send(invited.replyAddress, huge)).rejects.toMatchObject({ responseCode: 552 });
    const reply = replyFor('gmail', invited);
    await send(invited.replyAddress, reply.raw);
    expect((await processed(t, reply.messageId))[0]).toMatchObject({ outcome: 'applied' });
  });

  it('lists the inbox newest first, paginated', async () => {
    const res = await t.api.get('/api/inbox?limit=2&offset=1').expect(200);
    expect(res.body).toHaveLength(2);
    expect(Number(res.headers['x-total-count'])).toBeGreaterThan(3);
    const all = (await t.api.get('/api/inbox').expect(200)).body as { receivedAt: string }[];
    expect(all.map((entry) => entry.receivedAt)).toEqual([...all.map((entry) => entry.receivedAt)].sort().reverse());
    await t.http.get('/api/inbox').expect(401);
    await t.api.get('/api/inbox?limit=0').expect(400);
  });
});
