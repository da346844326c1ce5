import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Erasure (the right to be forgotten)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp());
  });
  afterAll(() => close());

  /** A member going to an event, with an RSVP link and a feed. */
  async function memberGoing() {
    const member = await createMember(t, { skills: ['céramiste'], company: 'Atelier Nord' });
    const event = await createEvent(t, { capacity: 10 });
    await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    const { url: rsvpUrl } = (
      await t.api.get(`/api/events/${event.id}/registrations/${member.id}/rsvp-link`).expect(200)
    ).body as { url: string };
    return { member, event, rsvpUrl: new URL(rsvpUrl).pathname, feedPath: new URL(member.feedUrl as string).pathname };
  }

  it('DELETE /api/members/:id erases the person, keeps their answer in the counts, and is in the audit trail', async () => {
    const { member, event, rsvpUrl, feedPath } = await memberGoing();
    await t.http.get(rsvpUrl).expect(200);
    await t.getText(feedPath).expect(200);

    await t.api.delete(`/api/members/${member.id}`).expect(204);

    await t.api.get(`/api/members/${member.id}`).expect(404);
    const list = (await t.api.get('/api/members?limit=500').expect(200)).body as Array<{ id: string }>;
    expect(list.map(({ id }) => id)).not.toContain(member.id);
    const after = (await t.api.get(`/api/events/${event.id}`).expect(200)).body;
    expect(after.counts.going).toBe(1);
    expect(after.seatsLeft).toBe(9);
    const registrations = (await t.api.get(`/api/events/${event.id}/registrations`).expect(200)).body;
    expect(registrations).toEqual([
      expect.objectContaining({ memberId: member.id, name: 'Membre effacé', email: '', status: 'going' }),
    ]);
    expect(JSON.stringify(registrations)).not.toContain(member.email);
    await t.http.get(rsvpUrl).expect(404);
    await t.getText(feedPath).expect(404);
    const audit = (await t.api.get(`/api/audit?thingId=${member.id}`).expect(200)).body;
    expect(audit[0]).toEqual(expect.objectContaining({ action: 'delete', thingKind: 'member', thingId: member.id }));
  });

  it('an erased address can join again as a new member', async () => {
    const member = await createMember(t, { email: 'revient@example.org' });
    await t.api.delete(`/api/members/${member.id}`).expect(204);
    const again = await createMember(t, { email: 'Revient@example.org' });
    expect(again.id).not.toBe(member.id);
    expect(again.email).toBe('revient@example.org');
  });

  it('answers 404 for an unknown or already erased member, 404 for a malformed id, 401 without a token', async () => {
    const member = await createMember(t);
    await t.http.delete(`/api/members/${member.id}`).expect(401);
    await t.api.delete(`/api/members/${member.id}`).expect(204);
    const again = await t.api.delete(`/api/members/${member.id}`).expect(404);
    expect(again.body).toEqual(expect.objectContaining({ statusCode: 404, error: 'Not Found' }));
    await t.api.delete('/api/members/not-a-uuid').expect(404);
    await t.api.delete('/api/members/6f1c2a80-0000-4000-8000-000000000000').expect(404);
  });

  it('no mail sent to the member names them any more', async () => {
    const { member, event } = await memberGoing();
    await t.api
      .post(`/api/events/${event.id}/invitations`)
      .send({ memberIds: [member.id] })
      .expect(202);
    await t.flushOutbox();
    expect(smtp.to(member.email as string)).toHaveLength(1);
    expect(JSON.stringify((await t.api.get('/api/outbox?limit=500').expect(200)).body)).toContain(member.email);

    await t.api.delete(`/api/members/${member.id}`).expect(204);

    const outbox = JSON.stringify((await t.api.get('/api/outbox?limit=500').expect(200)).body);
    expect(outbox).not.toContain(member.email);
    expect(outbox).not.toContain(member.name);
  });

  it('a member erases their own account from /me/erase: confirmation, goodbye, signed out', async () => {
    const { member, event } = await memberGoing();
    const cookie = await signIn(t, smtp, member.email as string);

    const page = await client(t).get('/me/erase').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Effacer mon compte pour de bon');
    await t.api.get(`/api/members/${member.id}`).expect(200);
    // Without the form's token, nothing happens.
    await client(t).post('/me/erase').set('Cookie', cookie).type('form').send({}).expect(403);
    await t.api.get(`/api/members/${member.id}`).expect(200);

    const done = await client(t)
      .post('/me/erase')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(done.headers.location).toBe('/me/erased?lang=fr');
    expect(String(done.headers['set-cookie'])).toContain('rencontres_session=;');
    const goodbye = await client(t)
      .get(done.headers.location as string)
      .expect(200);
    expect(goodbye.text).toContain('Votre compte est effacé');

    await t.api.get(`/api/members/${member.id}`).expect(404);
    const signedOut = await client(t).get('/me').set('Cookie', cookie).expect(303);
    expect(signedOut.headers.location).toContain('/signin');
    expect((await t.api.get(`/api/events/${event.id}`).expect(200)).body.counts.going).toBe(1);
  });

  it('an erased organiser: their API token stops, the trail keeps what they did without their name, their address signs in no more', async () => {
    const organiser = await createOrganiser(t, { name: 'Olga Organise' });
    const cookie = await signIn(t, smtp, organiser.email as string);
    const admin = await client(t).get('/admin').set('Cookie', cookie).expect(200);
    const created = await client(t)
      .post('/admin/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(admin.text), name: 'Mon script' })
      .expect(201);
    const token = /id="new-token">([^<]+)</.exec(created.text)![1];
    const room = await client(t)
      .post('/api/rooms')
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Salle d’Olga' })
      .expect(201);

    await t.api.delete(`/api/members/${organiser.id}`).expect(204);

    await client(t).get('/api/members').set('Authorization', `Bearer ${token}`).expect(401);
    const trail = (await t.api.get(`/api/audit?thingId=${room.body.id}`).expect(200)).body;
    expect(trail).toEqual([expect.objectContaining({ action: 'create', actorName: 'Membre effacé' })]);
    expect(JSON.stringify((await t.api.get('/api/audit?limit=500').expect(200)).body)).not.toContain('Olga');
    const mails = smtp.to(organiser.email as string).length;
    await client(t).post('/signin').type('form').send({ email: organiser.email }).expect(200);
    await t.flushOutbox();
    expect(smtp.to(organiser.email as string)).toHaveLength(mails);
  });

  it('an anonymous visitor asking for /me/erase is sent to sign in', async () => {
    const response = await client(t).get('/me/erase').expect(303);
    expect(response.headers.location).toBe('/signin?next=%2Fme%2Ferase');
  });
});

describe('Erasure of mails still waiting', () => {
  let t: TestApp;

  // Nothing listens on port 9: every mail stays waiting for a retry.
  beforeAll(async () => {
    t = await createTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  });
  afterAll(() => t.close());

  it('takes the mails waiting for the member out of the outbox, and leaves the others', async () => {
    const member = await createMember(t);
    const other = await createMember(t);
    const event = await createEvent(t);
    await t.api
      .post(`/api/events/${event.id}/invitations`)
      .send({ memberIds: [member.id, other.id] })
      .expect(202);
    const waiting = async () =>
      ((await t.api.get('/api/outbox?status=pending&limit=500').expect(200)).body as Array<{ memberId: string }>).map(
        (mail) => mail.memberId,
      );
    expect((await waiting()).sort()).toEqual([member.id, other.id].sort());

    await t.api.delete(`/api/members/${member.id}`).expect(204);

    expect(await waiting()).toEqual([other.id]);
  });
});
