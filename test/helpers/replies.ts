import { createTransport } from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { createEvent, createMember } from '../factories/api.factory';
import { calendarPart, vevents } from './ics';
import { rawHeader, SmtpSink } from './smtp-sink';
import { TestApp } from './test-app';
import { OutboxWorker } from '../../src/mailing/outbox.worker';
import { replyMail, ReplyShape, ReplyValues } from './reply-fixtures';

const DAY_MS = 86_400_000;

/** A member invited by mail to an event two weeks from now, and the reply address their invitation names. */
export async function invitedMember(t: TestApp, smtp: SmtpSink, event: Record<string, unknown> = {}) {
  const member = await createMember(t, { name: 'Camille Martin' });
  const startsAt = new Date(Math.ceil((Date.now() + 14 * DAY_MS) / 3_600_000) * 3_600_000);
  const created = await createEvent(t, {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
    ...event,
  });
  await t.api
    .post(`/api/events/${created.id}/invitations`)
    .send({ memberIds: [member.id] })
    .expect(202);
  await t.app.get(OutboxWorker).drain();
  const mail = await until(() => smtp.to(member.email)[0]);
  const organizer = String(vevents(calendarPart(mail.parsed).content)[0].getFirstPropertyValue('organizer'));
  const replyAddress = organizer.replace(/^mailto:/i, '');
  return { member, event: created, replyAddress, replyTo: rawHeader(mail, 'Reply-To') };
}

/** A client's reply for that member and event: ACCEPTED, pressed now, on the event's current SEQUENCE. */
export function replyFor(
  shape: ReplyShape,
  invited: Awaited<ReturnType<typeof invitedMember>>,
  overrides: Partial<ReplyValues> = {},
): { raw: string; messageId: string } {
  const messageId = `<${randomBytes(8).toString('hex')}@mail.example>`;
  const raw = replyMail(shape, {
    to: invited.replyAddress,
    from: invited.member.email,
    attendee: invited.member.email,
    uid: invited.event.uid,
    sequence: invited.event.sequence,
    partstat: 'ACCEPTED',
    stamp: new Date(),
    messageId,
    startsAt: new Date(invited.event.startsAt),
    endsAt: new Date(invited.event.endsAt),
    ...overrides,
  });
  return { raw, messageId: overrides.messageId ?? messageId };
}

/** Sends a raw message by SMTP, as a forwarding mail host would; rejects with the server's answer. */
export async function sendRaw(port: number, to: string, raw: string): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ envelope: { from: 'mailer@mail.example', to: [to] }, raw });
  } finally {
    transport.close();
  }
}

/** The inbox entry of a message once something was done with it (polls GET /api/inbox, 10 s at most). */
export async function processed(t: TestApp, messageId: string, count = 1): Promise<Record<string, any>[]> {
  return until(async () => {
    const res = await t.api.get('/api/inbox?limit=500').expect(200);
    const entries = (res.body as Record<string, any>[]).filter((entry) => entry.messageId === messageId);
    return entries.length >= count && entries.every((entry) => entry.outcome !== 'pending') ? entries : undefined;
  });
}

/** Polls until `probe` gives a value (10 s at most). */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
