import { createEvent, createMember } from '../factories/api.factory';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('Audit trail', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, smtp, close } = await appWithSmtp()));
  afterAll(() => close());

  it('records who changed what through /api and /admin: the admin token, a personal token, a signed-in organiser', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    // The admin token creates the organiser, then promotes her.
    const olga = await createMember(t, { name: 'Olga Audit' });
    await t.api.patch(`/api/members/${olga.id}`).send({ role: 'organiser', company: 'Atelier' }).expect(200);
    // Olga, signed in, creates a personal token in /admin.
    const cookie = await signIn(t, smtp, olga.email);
    const admin = await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200);
    const created = await client(t)
      .post('/admin/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ name: 'Site web', _csrf: csrfOf(admin.text) })
      .expect(201);
    const token = /id="new-token">([^<]+)</.exec(created.text)![1];
    // The token edits a room; a refused change records nothing.
    const room = (
      await client(t).post('/api/rooms').auth(token, { type: 'bearer' }).send({ name: 'Verrière' }).expect(201)
    ).body;
    await client(t).patch(`/api/rooms/${room.id}`).auth(token, { type: 'bearer' }).send({ capacity: -1 }).expect(400);
    await client(t).patch(`/api/rooms/${room.id}`).auth(token, { type: 'bearer' }).send({ capacity: 20 }).expect(200);

    const trail = await t.api.get(`/api/audit?from=${encodeURIComponent(start)}`).expect(200);
    expect(trail.headers['x-total-count']).toBe('5');
    const entries = [...trail.body].reverse();
    expect(entries.map((entry: any) => [entry.actorKind, entry.actorName, entry.action, entry.thingKind])).toEqual([
      ['admin-token', 'admin token', 'create', 'member'],
      ['admin-token', 'admin token', 'update', 'member'],
      ['organiser', 'Olga Audit', 'create', 'api-token'],
      ['api-token', 'Site web', 'create', 'room'],
      ['api-token', 'Site web', 'update', 'room'],
    ]);
    expect(entries[0].thingId).toBe(olga.id);
    expect(entries[1].fields).toEqual(['role', 'company']);
    expect(entries[2]).toMatchObject({ actorMemberId: olga.id, fields: ['name'] });
    expect(entries[2].thingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entries[4]).toMatchObject({ thingId: room.id, actorMemberId: olga.id, fields: ['capacity'] });
    expect(JSON.stringify(trail.body)).not.toContain(token);

    // Filters: by thing, by actor, by time; pages.
    const ofRoom = await t.api.get(`/api/audit?kind=room&thingId=${room.id}`).expect(200);
    expect(ofRoom.body.map((entry: any) => entry.action)).toEqual(['update', 'create']);
    const byOlga = await t.api.get(`/api/audit?actor=${olga.id}`).expect(200);
    expect(byOlga.body).toHaveLength(3);
    const byAdmin = await t.api.get(`/api/audit?actor=admin-token&from=${encodeURIComponent(start)}`).expect(200);
    expect(byAdmin.body).toHaveLength(2);
    const page = await t.api.get(`/api/audit?from=${encodeURIComponent(start)}&limit=2&offset=1`).expect(200);
    expect(page.body.map((entry: any) => entry.id)).toEqual(trail.body.slice(1, 3).map((entry: any) => entry.id));
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await t.api.get(`/api/audit?from=${encodeURIComponent(future)}`).expect(200)).body).toEqual([]);
    const before = await t.api.get(`/api/audit?to=${encodeURIComponent(start)}`).expect(200);
    expect(before.body).toEqual([]);
    const bad = await t.api.get('/api/audit?from=yesterday').expect(400);
    expect(bad.body.fields).toHaveProperty('from');

    // The organisers' audit page shows the trail too.
    const shown = await client(t).get('/admin/audit').set('Cookie', cookie).expect(200);
    expect(shown.text).toMatch(/>Site web<\/a><\/td><td>update · room/);
    expect(shown.text).toContain('jeton d’administration');
  });

  it('records an answer through the API once, with the answer: a refused answer leaves no entry', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const event = await createEvent(t, { capacity: 1 });
    const [ana, bob] = [await createMember(t), await createMember(t)];
    await t.api.put(`/api/events/${event.id}/registrations/${ana.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${event.id}/registrations/${bob.id}`).send({ response: 'yes' }).expect(200);
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    // The event is cancelled: the answer is refused, and so is its trace.
    await t.api.put(`/api/events/${event.id}/registrations/${ana.id}`).send({ response: 'no' }).expect(409);

    const trail = await t.api.get(`/api/audit?kind=event&thingId=${event.id}&from=${encodeURIComponent(start)}`);
    const entries = [...trail.body].reverse();
    expect(entries.map((entry: any) => [entry.action, entry.related.memberId ?? null, entry.fields])).toEqual([
      ['create', null, expect.any(Array)],
      ['registrations.update', ana.id, ['response']],
      ['registrations.update', bob.id, ['response']],
      ['cancel', null, expect.any(Array)],
    ]);
  });
});
