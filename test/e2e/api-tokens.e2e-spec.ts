import { createOrganiser } from '../factories/api.factory';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('Personal API tokens', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, smtp, close } = await appWithSmtp()));
  afterAll(() => close());

  const organiserSession = async (name: string) => {
    const organiser = await createOrganiser(t, { name });
    return { organiser, cookie: await signIn(t, smtp, organiser.email) };
  };
  const createToken = async (cookie: string, name: string) => {
    const admin = await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200);
    const page = await client(t)
      .post('/admin/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ name, _csrf: csrfOf(admin.text) })
      .expect(201);
    const token = /id="new-token">([^<]+)</.exec(page.text)?.[1];
    if (!token) throw new Error('no token shown');
    return { token, page: page.text };
  };

  it('is made by an organiser in /admin/tokens, shown once, accepted as Bearer, shows when it was last used, and 401 once revoked', async () => {
    const { cookie } = await organiserSession('Olga Jeton');
    const { token, page } = await createToken(cookie, 'Calendrier du hall');
    expect(token).toMatch(/^rct_[A-Za-z0-9_-]{43}$/);
    expect(page).toContain('Copiez-le maintenant');
    const admin = await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200);
    expect(admin.text).not.toContain(token);
    expect(admin.text).toMatch(/<td>Calendrier du hall<\/td><td>[^<]+<\/td><td>jamais<\/td>/);

    const listed = await client(t).get('/api/members').auth(token, { type: 'bearer' }).expect(200);
    expect(Number(listed.headers['x-total-count'])).toBeGreaterThan(0);
    const used = await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200);
    expect(used.text).not.toMatch(/<td>Calendrier du hall<\/td><td>[^<]+<\/td><td>jamais<\/td>/);

    const id = /action="\/admin\/tokens\/([0-9a-f-]+)\/revoke"/.exec(used.text)![1];
    await client(t).post(`/admin/tokens/${id}/revoke`).set('Cookie', cookie).type('form').send({}).expect(403);
    const revoked = await client(t)
      .post(`/admin/tokens/${id}/revoke`)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrfOf(used.text) })
      .expect(303);
    expect(revoked.headers.location).toBe('/admin/tokens');
    const refused = await client(t).get('/api/members').auth(token, { type: 'bearer' }).expect(401);
    expect(refused.body).toMatchObject({ statusCode: 401, message: 'The organiser token is not valid' });
    expect((await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200)).text).not.toContain(
      'Calendrier du hall',
    );
  });

  it('stops working when its organiser is no longer one; the admin token still works for scripts', async () => {
    const { organiser, cookie } = await organiserSession('Paul Passe');
    const { token } = await createToken(cookie, 'Script');
    await client(t).get('/api/rooms').auth(token, { type: 'bearer' }).expect(200);
    await t.api.patch(`/api/members/${organiser.id}`).send({ role: 'member' }).expect(200);
    await client(t).get('/api/rooms').auth(token, { type: 'bearer' }).expect(401);
    await client(t).get('/admin/tokens').set('Cookie', cookie).expect(403);
    await t.api.get('/api/rooms').expect(200);
  });

  it('refuses a token without a name beside the field', async () => {
    const { cookie } = await organiserSession('Nina Nom');
    const admin = await client(t).get('/admin/tokens').set('Cookie', cookie).expect(200);
    const page = await client(t)
      .post('/admin/tokens')
      .set('Cookie', cookie)
      .type('form')
      .send({ name: '  ', _csrf: csrfOf(admin.text) })
      .expect(400);
    expect(page.text).toContain('<a href="#name">Donnez un nom au jeton');
  });
});
