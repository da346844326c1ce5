import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { SessionsService } from '../../src/signin/sessions.service';
import { createMember } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { client, csrfOf, sessionCookie, signIn, signinMail } from '../helpers/signin';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Sign-in by link or code', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, SPACE_NAME: 'La Coloc' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const rows = (sql: string, ...params: unknown[]) => t.app.get(DataSource).query(sql, params);

  it('signs a member in with the link of the mail; scanners opening it (3 GETs and a HEAD) sign no one in', async () => {
    const member = await createMember(t, { name: 'Zoé Lien' });
    const { link, code, text, subject } = await signinMail(t, smtp, member.email.toUpperCase());
    expect(subject).toBe('Connexion à La Coloc');
    expect(text).toContain('Bonjour Zoé Lien');
    expect(link.startsWith('http://rencontres.test/signin/')).toBe(true);
    const path = new URL(link).pathname;
    for (let i = 0; i < 3; i++) {
      const page = await client(t).get(path).expect(200);
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.text).toContain('<title>Se connecter · La Coloc</title>');
      expect(page.text).toMatch(new RegExp(`<form method="post" action="${path}">`));
      expect(page.text).not.toMatch(/<script|src="http/);
    }
    const head = await client(t).head(path).expect(200);
    expect(head.headers['set-cookie']).toBeUndefined();
    // Only hashes are kept: neither the link's token nor the code is in the database once the mail went out.
    const token = path.split('/').pop()!;
    const stored =
      JSON.stringify(await rows('SELECT * FROM signin_request')) + JSON.stringify(await rows('SELECT * FROM outbox'));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(code);

    const signedIn = await client(t).post(path).type('form').send({}).expect(303);
    expect(signedIn.headers.location).toBe('/me');
    const setCookie = (signedIn.headers['set-cookie'] as unknown as string[]).join('\n');
    expect(setCookie).toMatch(
      /^rencontres_session=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/m,
    );
    const cookie = sessionCookie(signedIn);
    const me = await client(t).get('/me').set('Cookie', cookie).expect(200);
    expect(me.text).toContain('Connecté·e en tant que Zoé Lien');
    // Single use: the same link, again, signs no one in.
    const again = await client(t).post(path).type('form').send({}).expect(404);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.text).toContain('Ce lien ne fonctionne plus');
    expect((await client(t).get(path).expect(404)).text).toContain('Recevoir un nouveau lien');
  });

  it('signs in with the code instead, in English, to the page asked for; a wrong code is refused with the typed code kept', async () => {
    const member = await createMember(t, { name: 'Ann Code', locale: 'en' });
    const { code, subject } = await signinMail(t, smtp, member.email);
    expect(subject).toBe('Sign in to La Coloc');
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await client(t)
      .post('/signin/code?lang=en')
      .type('form')
      .send({ email: member.email, code: wrong, next: '/me?tab=events' })
      .expect(400);
    expect(refused.headers['set-cookie']).toBeUndefined();
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toContain('<a href="#code">This code is not right');
    expect(refused.text).toContain(`value="${wrong}"`);
    expect(refused.text).toContain('aria-invalid="true"');
    const signedIn = await client(t)
      .post('/signin/code')
      .type('form')
      .send({ email: member.email, code: ` ${code.slice(0, 3)} ${code.slice(3)} `, next: '/me?tab=events' })
      .expect(303);
    expect(signedIn.headers.location).toBe('/me?tab=events');
    const me = await client(t).get('/me').set('Cookie', sessionCookie(signedIn)).expect(200);
    expect(me.text).toContain('Signed in as Ann Code');
    // The code is single use too.
    await client(t).post('/signin/code').type('form').send({ email: member.email, code }).expect(400);
  });

  it('voids a code after 5 wrong tries, not fewer', async () => {
    const member = await createMember(t);
    const { code } = await signinMail(t, smtp, member.email);
    const wrong = (i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 4; i++) {
      await client(t)
        .post('/signin/code')
        .type('form')
        .send({ email: member.email, code: wrong(i) })
        .expect(400);
    }
    // After 4 wrong tries the right code still works: another ask, to keep this one for the 5th try.
    const second = await signinMail(t, smtp, member.email);
    await client(t).post('/signin/code').type('form').send({ email: member.email, code: second.code }).expect(303);
    const third = await signinMail(t, smtp, member.email);
    for (let i = 0; i < 5; i++) {
      const guess = String((Number(third.code) + 1 + i) % 1_000_000).padStart(6, '0');
      await client(t).post('/signin/code').type('form').send({ email: member.email, code: guess }).expect(400);
    }
    await client(t).post('/signin/code').type('form').send({ email: member.email, code: third.code }).expect(400);
  });

  it('answers an unknown address with the same page and sends it no mail', async () => {
    const known = await createMember(t);
    const unknown = `nobody-${Date.now()}@example.org`;
    const forUnknown = await client(t).post('/signin').type('form').send({ email: unknown }).expect(200);
    const forKnown = await client(t).post('/signin').type('form').send({ email: known.email }).expect(200);
    expect(forUnknown.text.replaceAll(unknown, 'X')).toBe(forKnown.text.replaceAll(known.email, 'X'));
    await smtp.waitFor(1);
    const deadline = Date.now() + 10000;
    while (smtp.to(known.email).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(smtp.to(known.email)).toHaveLength(1);
    expect(smtp.to(unknown)).toHaveLength(0);
  });

  it('refuses a badly typed address beside the field, with what was typed kept', async () => {
    const page = await client(t).post('/signin').type('form').send({ email: 'camille@' }).expect(400);
    expect(page.text).toContain('Il y a un problème');
    expect(page.text).toContain('<a href="#email">Indiquez une adresse mail comme');
    expect(page.text).toContain('value="camille@"');
  });

  it('only ever leads to a path of this site after signing in', async () => {
    for (const next of ['//evil.example/admin', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const member = await createMember(t);
      const { link } = await signinMail(t, smtp, member.email);
      const signedIn = await client(t).post(new URL(link).pathname).type('form').send({ next }).expect(303);
      expect(signedIn.headers.location).toBe('/me');
    }
  });

  it('refuses a form posted with the session but without its CSRF token, or from another site: nothing changes', async () => {
    const member = await createMember(t);
    const cookie = await signIn(t, smtp, member.email);
    const me = await client(t).get('/me').set('Cookie', cookie).expect(200);
    const csrf = csrfOf(me.text);
    expect(me.text).toContain('<form method="post" action="/signout"');
    const noToken = await client(t).post('/signout').set('Cookie', cookie).type('form').send({}).expect(403);
    expect(noToken.text).toContain('Accès refusé');
    await client(t)
      .post('/signout')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) })
      .expect(403);
    await client(t)
      .post('/signout')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ _csrf: csrf })
      .expect(403);
    await client(t)
      .post('/signout')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ _csrf: csrf })
      .expect(403);
    // A foreign Origin is refused on any change, with or without a session.
    const other = await createMember(t);
    const { link } = await signinMail(t, smtp, other.email);
    await client(t)
      .post(new URL(link).pathname)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({})
      .expect(403);
    await client(t).get('/me').set('Cookie', cookie).expect(200);
    await client(t).post(new URL(link).pathname).set('Origin', 'null').type('form').send({}).expect(303);

    const out = await client(t)
      .post('/signout')
      .set('Cookie', cookie)
      .set('Origin', 'http://rencontres.test')
      .type('form')
      .send({ _csrf: csrf })
      .expect(303);
    expect(out.headers.location).toBe('/signin');
    expect(((out.headers['set-cookie'] as unknown as string[]) ?? []).join()).toMatch(/rencontres_session=;/);
    const after = await client(t).get('/me').set('Cookie', cookie).expect(303);
    expect(after.headers.location).toBe('/signin?next=%2Fme');
  });

  it('signs out everywhere: every session of the member ends, others stay', async () => {
    const member = await createMember(t);
    const other = await createMember(t);
    const [phone, laptop, someoneElse] = [
      await signIn(t, smtp, member.email),
      await signIn(t, smtp, member.email),
      await signIn(t, smtp, other.email),
    ];
    expect(phone).not.toBe(laptop);
    const csrf = csrfOf((await client(t).get('/me').set('Cookie', phone).expect(200)).text);
    await client(t).post('/signout/everywhere').set('Cookie', phone).type('form').send({ _csrf: csrf }).expect(303);
    await client(t).get('/me').set('Cookie', phone).expect(303);
    await client(t).get('/me').set('Cookie', laptop).expect(303);
    await client(t).get('/me').set('Cookie', someoneElse).expect(200);
  });

  it('gives a new session id at every sign-in, and ends the one the browser had', async () => {
    const member = await createMember(t);
    const first = await signIn(t, smtp, member.email);
    const { link } = await signinMail(t, smtp, member.email);
    const second = sessionCookie(
      await client(t).post(new URL(link).pathname).set('Cookie', first).type('form').send({}).expect(303),
    );
    expect(second).not.toBe(first);
    await client(t).get('/me').set('Cookie', first).expect(303);
    await client(t).get('/me').set('Cookie', second).expect(200);
  });

  it('keeps /admin for organisers: sign-in for anonymous browsers, 403 for members', async () => {
    const anonymous = await client(t).get('/admin').expect(303);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fadmin');
    const signinPage = await client(t)
      .get(`/signin?next=${encodeURIComponent('/admin')}`)
      .expect(200);
    expect(signinPage.text).toContain('<input type="hidden" name="next" value="/admin">');
    const member = await createMember(t);
    const memberCookie = await signIn(t, smtp, member.email);
    const refused = await client(t).get('/admin').set('Cookie', memberCookie).expect(403);
    expect(refused.text).toContain('Accès refusé');
    const organiser = await createMember(t, { name: 'Olga Orga' });
    const patched = await t.api.patch(`/api/members/${organiser.id}`).send({ role: 'organiser' }).expect(200);
    expect(patched.body.role).toBe('organiser');
    await t.api.patch(`/api/members/${organiser.id}`).send({ role: 'boss' }).expect(400);
    const { link } = await signinMail(t, smtp, organiser.email);
    const signedIn = await client(t).post(new URL(link).pathname).type('form').send({}).expect(303);
    expect(signedIn.headers.location).toBe('/admin');
    const admin = await client(t).get('/admin').set('Cookie', sessionCookie(signedIn)).expect(200);
    expect(admin.text).toContain('Olga Orga');
  });
});

describe('Sign-in against the clock', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const clock = new FixedClock(new Date().toISOString());
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://rencontres.test' },
      overrides: [{ provide: Clock, useValue: clock }],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  const later = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000).toISOString());

  it('allows 5 sign-in mails per address and 30 per client an hour, not fewer, then refuses more until the hour is over', async () => {
    later(61);
    const member = await createMember(t);
    const ask = (email: string) => client(t).post('/signin').type('form').send({ email });
    for (let i = 0; i < 5; i++) await ask(member.email).expect(200);
    const refused = await ask(member.email).expect(429);
    expect(refused.text).toContain('Trop de mails de connexion');
    for (let i = 0; i < 25; i++) await ask(`someone-${i}@example.org`).expect(200);
    await ask('one-more@example.org').expect(429);
    const deadline = Date.now() + 10000;
    while (smtp.to(member.email).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(smtp.to(member.email)).toHaveLength(5);
    later(61);
    await ask(member.email).expect(200);
  });

  it('holds the limit under a burst: 12 asks at once for one address send 5 mails', async () => {
    later(61);
    const member = await createMember(t);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => client(t).post('/signin').type('form').send({ email: member.email })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(7);
    const deadline = Date.now() + 10000;
    while (smtp.to(member.email).length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(smtp.to(member.email)).toHaveLength(5);
  });

  it('forgets sessions idle for 30 days and sign-in asks a day old', async () => {
    const member = await createMember(t);
    const cookie = await signIn(t, smtp, member.email);
    const count = async (table: string) =>
      Number((await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    expect(await count('session')).toBeGreaterThan(0);
    later(31 * 24 * 60);
    await t.app.get(SessionsService).forgetExpired();
    expect(await count('session')).toBe(0);
    expect(await count('signin_request')).toBe(0);
    await client(t).get('/me').set('Cookie', cookie).expect(303);
  });

  it('refuses a link and a code 15 minutes on', async () => {
    const member = await createMember(t);
    const { link, code } = await signinMail(t, smtp, member.email);
    later(15.1);
    const path = new URL(link).pathname;
    await client(t).get(path).expect(404);
    const refused = await client(t).post(path).type('form').send({}).expect(404);
    expect(refused.headers['set-cookie']).toBeUndefined();
    await client(t).post('/signin/code').type('form').send({ email: member.email, code }).expect(400);
  });

  it('sets a Secure cookie under https and ends a session after 30 idle days, not before', async () => {
    const member = await createMember(t);
    const { link } = await signinMail(t, smtp, member.email);
    const signedIn = await client(t).post(new URL(link).pathname).type('form').send({}).expect(303);
    expect((signedIn.headers['set-cookie'] as unknown as string[]).join()).toMatch(/; Secure; SameSite=Lax/);
    const cookie = sessionCookie(signedIn);
    later(29 * 24 * 60);
    await client(t).get('/me').set('Cookie', cookie).expect(200);
    later(29 * 24 * 60);
    await client(t).get('/me').set('Cookie', cookie).expect(200);
    later(30 * 24 * 60 + 1);
    await client(t).get('/me').set('Cookie', cookie).expect(303);
  });
});
