import { createTestApp, TestApp } from '../helpers/test-app';
import { memberInput } from '../factories/member.factory';

describe('members', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('creates a member with a private feed URL of 128+ random bits', async () => {
    const input = memberInput({ skills: ['graphiste', 'styliste'], membership: 'permanent', company: 'Atelier Nord' });
    const res = await t.api.post('/api/members').send(input).expect(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: input.name,
      email: input.email,
      locale: 'fr',
      skills: ['graphiste', 'styliste'],
      membership: 'permanent',
      company: 'Atelier Nord',
    });
    const token = /^http:\/\/rencontres\.test\/calendar\/members\/([A-Za-z0-9_-]+)\.ics$/.exec(res.body.feedUrl)?.[1];
    expect(Buffer.from(token!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(res.body).not.toHaveProperty('feedToken');

    const fetched = await t.api.get(`/api/members/${res.body.id}`).expect(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('defaults to French and to a nomad membership', async () => {
    const { locale: _locale, membership: _membership, skills: _skills, ...input } = memberInput();
    const res = await t.api.post('/api/members').send(input).expect(201);
    expect(res.body).toMatchObject({ locale: 'fr', membership: 'nomad', skills: [], company: null });
  });

  it('refuses a second member with the same email in another case (409), and keeps the first', async () => {
    const input = memberInput({ email: 'Claire.Dupont@Example.org' });
    const first = await t.api.post('/api/members').send(input).expect(201);
    const res = await t.api
      .post('/api/members')
      .send(memberInput({ email: 'claire.dupont@example.ORG' }))
      .expect(409);
    expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', code: 'EMAIL_TAKEN' });
    const kept = await t.api.get(`/api/members/${first.body.id}`).expect(200);
    expect(kept.body.name).toBe(input.name);
  });

  it('refuses two concurrent creations with one email: exactly one 201', async () => {
    const email = 'same-time@example.org';
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.api.post('/api/members').send(memberInput({ email }))),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, ...Array(9).fill(409)]);
  });

  it('lists members by name with the total in X-Total-Count, paginated', async () => {
    await t.api
      .post('/api/members')
      .send(memberInput({ name: 'Aaron Liste' }))
      .expect(201);
    const all = await t.api.get('/api/members').expect(200);
    const total = Number(all.headers['x-total-count']);
    expect(all.body).toHaveLength(total);
    const names = all.body.map((member: { name: string }) => member.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));

    const page = await t.api.get('/api/members?limit=2&offset=1').expect(200);
    expect(page.body).toEqual(all.body.slice(1, 3));
    await t.api.get('/api/members?limit=0').expect(400);
  });

  it('edits a member; a field left out stays, a null required field is refused', async () => {
    const created = (
      await t.api
        .post('/api/members')
        .send(memberInput({ company: 'Coop' }))
        .expect(201)
    ).body;
    const res = await t.api
      .patch(`/api/members/${created.id}`)
      .send({ locale: 'en', skills: ['DRH'], company: null })
      .expect(200);
    expect(res.body).toMatchObject({ name: created.name, locale: 'en', skills: ['DRH'], company: null });
    expect(res.body.feedUrl).toBe(created.feedUrl);

    const refused = await t.api.patch(`/api/members/${created.id}`).send({ name: null }).expect(400);
    expect(refused.body.fields).toHaveProperty('name');
  });

  it('refuses to take another member’s email on edit (409)', async () => {
    const a = (await t.api.post('/api/members').send(memberInput()).expect(201)).body;
    const b = (await t.api.post('/api/members').send(memberInput()).expect(201)).body;
    await t.api.patch(`/api/members/${b.id}`).send({ email: a.email.toUpperCase() }).expect(409);
  });

  it('answers 404 to an unknown member', async () => {
    const res = await t.api.get('/api/members/00000000-0000-4000-8000-000000000000').expect(404);
    expect(res.body.message).toContain('not found');
    await t.api.patch('/api/members/not-a-uuid').send({ name: 'X' }).expect(404);
  });

  describe.each([
    ['name', { name: '' }],
    ['name', { name: 42 }],
    ['name', { name: 'n'.repeat(201) }],
    ['email', { email: 'not-an-email' }],
    ['email', { email: null }],
    ['locale', { locale: 'de' }],
    ['skills', { skills: 'graphiste' }],
    ['skills', { skills: [12] }],
    ['membership', { membership: 'vip' }],
    ['company', { company: 7 }],
  ])('validation of %s', (field, change) => {
    it(`answers 400 naming ${field} for ${JSON.stringify(change).slice(0, 60)}`, async () => {
      const res = await t.api.post('/api/members').send(memberInput(change)).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(Object.keys(res.body.fields)).toContain(field);
      expect(res.body.message).toContain(field.split('.')[0]);
    });
  });

  it('answers 400 naming the missing fields', async () => {
    const res = await t.api.post('/api/members').send({}).expect(400);
    expect(Object.keys(res.body.fields)).toEqual(expect.arrayContaining(['name', 'email']));
  });
});
