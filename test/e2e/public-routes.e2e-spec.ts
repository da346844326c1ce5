import { DateTime } from 'luxon';
import { createEvent, createMember } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { createTestApp, TestApp } from '../helpers/test-app';
import { Clock } from '../../src/common/clock';
import { uuidBytes } from '../../src/common/uuid-bytes';
import { OutboxWorker } from '../../src/mailing/outbox.worker';
import { SpaceService } from '../../src/space/space.service';

const inAWeek = () => {
  const start = DateTime.now().plus({ days: 7 }).startOf('hour');
  return { startsAt: start.toISO(), endsAt: start.plus({ hours: 1 }).toISO() };
};
const randomToken = (i: number) => Buffer.from(`not a real token ${i}`.padEnd(72, '.')).toString('base64url');

/** Invites the member to a new event and sends the mail to MAIL_DIR; answers the outbox row as /api/outbox shows it. */
async function mailTo(t: TestApp, memberId: string) {
  const event = await createEvent(t, inAWeek());
  await t.api
    .post(`/api/events/${event.id}/invitations`)
    .send({ memberIds: [memberId] })
    .expect(202);
  await t.app.get(OutboxWorker).drain();
  const sent = (await t.api.get('/api/outbox?status=sent').expect(200)).body as Array<Record<string, any>>;
  return sent.find((row) => row.memberId === memberId && row.eventId === event.id)!;
}

/** The unsubscribe link in the mail's footer, read from the mail as the local mailbox shows it. */
async function unsubscribePathIn(t: TestApp, outboxId: string): Promise<string> {
  const html = (await t.http.get(`/mail/${outboxId}`).expect(200)).text;
  return new URL(/href="(http:\/\/rencontres\.test\/unsubscribe\/[^"]+)"/.exec(html)![1]).pathname;
}

describe('the local mailbox and the links in mails', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ listen: true, env: { TIMEZONE: 'Pacific/Auckland' } })));
  afterAll(() => t.close());

  it('lists each mail with its recipient as "Name <address>" and the time in the space’s zone', async () => {
    const member = await createMember(t, { name: 'Camille Martin' });
    const row = await mailTo(t, member.id);
    expect(row.recipient).toBe(`Camille Martin <${member.email}>`);

    const page = (await t.http.get('/mail').expect(200)).text;
    expect(page).toContain(`Camille Martin &lt;${member.email}&gt;`);
    expect(page).not.toContain('[object Object]');
    const local = DateTime.fromISO(row.sentAt, { zone: 'Pacific/Auckland' }).setLocale('fr');
    expect(page).toContain(`${local.toFormat('d LLLL yyyy')}, ${local.toFormat('HH:mm')}`);
    expect(page).not.toContain(row.sentAt);
  });

  it('refuses the mailbox to anything that came through a proxy', async () => {
    const member = await createMember(t);
    const { id } = await mailTo(t, member.id);
    for (const header of ['X-Forwarded-For', 'X-Real-IP', 'Forwarded']) {
      const value = header === 'Forwarded' ? 'for=203.0.113.9' : '203.0.113.9';
      await t.http.get('/mail').set(header, value).expect(404);
      await t.http.get(`/mail/${id}`).set(header, value).expect(404);
    }
  });

  it('stops the unsubscribe link when the member’s links are revoked; the next mail carries a working one', async () => {
    const member = await createMember(t);
    const before = await unsubscribePathIn(t, (await mailTo(t, member.id)).id);
    await t.http.get(before).expect(200);
    await t.api.post(`/api/members/${member.id}/rsvp-links/revoke`).expect(204);
    const refused = await t.http.get(before).expect(404);
    expect(refused.text).toContain('Page introuvable');
    await t.http.post(before).type('form').send({ 'List-Unsubscribe': 'One-Click' }).expect(404);
    expect((await t.api.get(`/api/members/${member.id}`)).body.mailPreferences.invitations).toBe(true);

    const after = await unsubscribePathIn(t, (await mailTo(t, member.id)).id);
    await t.http.get(after).expect(200);
  });

  it('keeps links sent before they carried a version working until the member’s links are revoked', async () => {
    const member = await createMember(t);
    const path = `/unsubscribe/${t.app.get(SpaceService).sign('unsubscribe', uuidBytes(member.id))}`;
    await t.http.get(path).expect(200);
    await t.api.post(`/api/members/${member.id}/rsvp-links/revoke`).expect(204);
    await t.http.get(path).expect(404);
  });

  it('takes an RFC 8058 one-click unsubscribe sent as multipart/form-data', async () => {
    const member = await createMember(t);
    const path = await unsubscribePathIn(t, (await mailTo(t, member.id)).id);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    const res = await fetch(`${t.url}${path}`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('vous ne recevrez plus les invitations');
    expect((await t.api.get(`/api/members/${member.id}`)).body.mailPreferences.invitations).toBe(false);

    const withFile = new FormData();
    withFile.set('List-Unsubscribe', new Blob(['One-Click']), 'one-click.txt');
    const refused = await fetch(`${t.url}${path}`, { method: 'POST', body: withFile });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Demande refusée');
  });
});

describe('the local mailbox behind a reverse proxy on this machine', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { TRUST_PROXY: '127.0.0.1' } })));
  afterAll(() => t.close());

  it('answers 404 to every request through the proxy, even without forwarded headers', async () => {
    await t.http.get('/mail').expect(404);
    await t.http.get('/mail').set('X-Forwarded-For', '127.0.0.1').expect(404);
  });
});

describe('rate limits of routes without a token', () => {
  let t: TestApp;
  // Limits count per minute: the clock stands still so that no minute ends halfway through a test.
  const clock = new FixedClock(new Date().toISOString());
  beforeAll(async () => (t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }] })));
  afterAll(() => t.close());

  it('600 links that do not work from one address do not lock out the members whose links work', async () => {
    const member = await createMember(t);
    const event = await createEvent(t, inAWeek());
    const link = (await t.api.get(`/api/events/${event.id}/registrations/${member.id}/rsvp-link`).expect(200)).body;
    const path = new URL(link.url).pathname;

    const statuses: number[] = [];
    for (let i = 0; i < 600; i++) statuses.push((await t.http.get(`/rsvp/${randomToken(i)}`)).status);
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404));
    expect(statuses.slice(60)).toEqual(Array(540).fill(429));

    for (let i = 0; i < 5; i++) expect((await t.http.get(path)).status).toBe(200);
    const refused = await t.http.get(`/rsvp/${randomToken(600)}`).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.text).toContain('Trop de demandes');

    clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
    await t.http.get(`/rsvp/${randomToken(601)}`).expect(404);
  });
});

describe('rate limits key on the client address, which only a trusted proxy may forward', () => {
  const standingClock = () => [{ provide: Clock, useValue: new FixedClock(new Date().toISOString()) }];
  const floodFrom = async (t: TestApp, address: string) => {
    for (let i = 0; i < 3; i++) await t.http.get(`/rsvp/${randomToken(i)}`).set('X-Forwarded-For', address);
  };

  it('counts forwarded clients apart behind a trusted proxy', async () => {
    const t = await createTestApp({
      env: { RATE_LIMIT_PER_MINUTE: '20', TRUST_PROXY: '127.0.0.1' },
      overrides: standingClock(),
    });
    try {
      await floodFrom(t, '203.0.113.5');
      await t.http
        .get(`/rsvp/${randomToken(9)}`)
        .set('X-Forwarded-For', '203.0.113.5')
        .expect(429);
      await t.http
        .get(`/rsvp/${randomToken(9)}`)
        .set('X-Forwarded-For', '203.0.113.6')
        .expect(404);
    } finally {
      await t.close();
    }
  });

  it('ignores forwarded headers without TRUST_PROXY', async () => {
    const t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '20' }, overrides: standingClock() });
    try {
      await floodFrom(t, '203.0.113.5');
      await t.http
        .get(`/rsvp/${randomToken(9)}`)
        .set('X-Forwarded-For', '203.0.113.6')
        .expect(429);
    } finally {
      await t.close();
    }
  });
});
