import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { GuestRequest } from '../../src/guests/guest-request.entity';
import { GuestsService } from '../../src/guests/guests.service';
import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, phone } from '../helpers/browser';
import { vevents } from '../helpers/ics';
import { client, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';
import { waitUntil } from '../helpers/wait';

let counter = 0;
const address = (who: string) => `${who}-${(counter += 1)}-${Date.now()}@invite.example`;

describe('guests register for a public event by mail', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });

  const registrations = async (eventId: string): Promise<Record<string, any>[]> =>
    (await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body;
  const membersWith = async (email: string): Promise<Record<string, any>[]> =>
    (await t.api.get('/api/members?limit=500').expect(200)).body.filter(
      (member: { email: string }) => member.email === email.toLowerCase(),
    );

  /** The path of the confirmation link in the `count`th mail to `email`, once it arrives. */
  /** The link of the `count`th mail to `email`; of the one whose text holds `naming`, when several may come in any order. */
  const confirmationPath = async (email: string, count = 1, naming?: string) => {
    await t.flushOutbox();
    await waitUntil(
      () => smtp.to(email).length >= count,
      () => `expected ${count} mails to ${email}`,
      15000,
    );
    const mails = smtp.to(email).map((mail) => mail.parsed.text ?? '');
    const text = (naming ? mails.find((mail) => mail.includes(naming)) : mails[count - 1]) ?? '';
    const link = /http:\/\/rencontres\.test(\/guests\/[A-Za-z0-9_-]+(\?lang=en)?)/.exec(text);
    if (!link) throw new Error(`no confirmation link in: ${text}`);
    return link[1];
  };

  const ask = (eventId: string, form: Record<string, string>, lang = '') =>
    t.http.post(`/events/${eventId}/guests${lang}`).type('form').send(form);

  it(
    'in Chromium: a visitor registers for a public talk, confirms in the mail’s page, and shows in the organisers’ list',
    async () => {
      const talk = await createEvent(t, {
        kind: 'talk',
        title: 'Conférence ouverte',
        visibility: 'public',
        capacity: 50,
      });
      const email = address('Zoe');
      const { context, page } = await phone(browser);
      await page.goto(`${t.url}/events/${talk.id}`);
      await expectAccessible(page);
      await page.getByLabel('Votre nom').fill('Zoé Invitée');
      await page.getByLabel('Votre adresse e-mail').fill(email);
      await page.getByRole('button', { name: 'Recevoir le lien de confirmation' }).click();
      await page.getByRole('heading', { name: 'Vérifiez vos e-mails' }).waitFor();
      await expectAccessible(page);
      expect(await registrations(talk.id)).toEqual([]);

      const path = await confirmationPath(email);
      const [mail] = smtp.to(email);
      expect(mail.parsed.subject).toBe('Confirmez votre inscription : Conférence ouverte');
      expect(mail.parsed.to).toMatchObject({ value: [{ name: 'Zoé Invitée', address: email.toLowerCase() }] });
      expect(mail.parsed.headers.has('list-unsubscribe')).toBe(false);
      const html = String(mail.parsed.html);
      expect(html).not.toMatch(/<script|src="http/);
      const link = /href="http:\/\/rencontres\.test(\/guests\/[A-Za-z0-9_-]+)"/.exec(html)![1];
      expect(link).toBe(path);

      // What a mail scanner does: open the link. Nobody is registered, no member is made.
      await page.goto(`${t.url}${link}`);
      await page.getByRole('button', { name: 'Confirmer mon inscription' }).waitFor();
      await expectAccessible(page);
      expect(await registrations(talk.id)).toEqual([]);
      expect(await membersWith(email)).toEqual([]);

      await page.getByRole('button', { name: 'Confirmer mon inscription' }).click();
      await page.getByText('C’est confirmé : vous êtes inscrit·e.').waitFor();
      expect(new URL(page.url()).pathname).toBe(link);
      await expectAccessible(page);
      await context.close();

      const [guest] = await membersWith(email);
      expect(guest).toMatchObject({ name: 'Zoé Invitée', membership: 'guest', role: 'member', locale: 'fr' });
      expect(await registrations(talk.id)).toEqual([
        expect.objectContaining({ memberId: guest.id, name: 'Zoé Invitée', status: 'going', response: 'yes' }),
      ]);
      // Single use: pressing again (a second tab) changes nothing and shows where they stand.
      await t.http.post(link).type('form').send({}).expect(303);
      expect(await registrations(talk.id)).toHaveLength(1);
    },
    BROWSER_TEST_MS,
  );

  it('a guest sees the public events and those they answered, never the members’ own, nor their invitations', async () => {
    const guest = await createMember(t, { name: 'Gaston Invité', membership: 'guest', email: address('Gaston') });
    const member = await createMember(t, { name: 'Mona Membre', email: address('Mona') });
    const colunch = await createEvent(t, { title: 'Colunch des membres' });
    const workshop = await createEvent(t, { title: 'Atelier sur invitation' });
    const talk = await createEvent(t, { title: 'Talk ouvert', visibility: 'public' });
    await t.api.put(`/api/events/${workshop.id}/registrations/${guest.id}`).send({ response: 'yes' }).expect(200);

    const feed = (await t.http.get(new URL(guest.feedUrl).pathname).expect(200)).text;
    const titles = vevents(feed).map((event) => event.getFirstPropertyValue('summary'));
    expect(titles).toEqual(expect.arrayContaining(['Atelier sur invitation', 'Talk ouvert']));
    expect(titles).not.toContain('Colunch des membres');

    const cookie = await signIn(t, smtp, guest.email);
    const space = (await client(t).get('/me').set('Cookie', cookie).expect(200)).text;
    expect(space).toContain('Talk ouvert');
    expect(space).toContain('Atelier sur invitation');
    expect(space).not.toContain('Colunch des membres');
    const page = await client(t).get(`/events/${colunch.id}`).set('Cookie', cookie).expect(404);
    expect(page.text).not.toContain('Colunch des membres');
    await client(t).get(`/events/${colunch.id}.ics`).set('Cookie', cookie).expect(404);
    await client(t).get(`/events/${talk.id}`).set('Cookie', cookie).expect(200);

    const inviteAll = async (eventId: string, arrivesTo: string, title: string) => {
      await t.api.post(`/api/events/${eventId}/invitations`).send({ all: true }).expect(202);
      await t.flushOutbox();
      const arrived = () => smtp.to(arrivesTo).some((mail) => mail.parsed.subject?.includes(title));
      await waitUntil(arrived, () => `expected an invitation to ${title} for ${arrivesTo}`, 15000);
    };
    await inviteAll(colunch.id, member.email, 'Colunch des membres');
    expect(smtp.to(guest.email).map((mail) => mail.parsed.subject)).not.toContainEqual(
      expect.stringContaining('Colunch des membres'),
    );
    // A public event is theirs too: "invite all" reaches them.
    await inviteAll(talk.id, guest.email, 'Talk ouvert');
  });

  it('a scanner that opens every link registers no one, and an unknown link is a 404 page', async () => {
    const event = await createEvent(t, { title: 'Open coffee du jeudi', visibility: 'public' });
    const email = address('scanner');
    expect((await ask(event.id, { name: 'Sam Scanné', email }).expect(303)).headers.location).toBe('/guests/sent');
    const path = await confirmationPath(email);
    for (let i = 0; i < 3; i += 1) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Open coffee du jeudi');
      expect(res.text).not.toMatch(/<script/);
    }
    await t.http.head(path).expect(200);
    expect(await registrations(event.id)).toEqual([]);
    expect(await membersWith(email)).toEqual([]);
    expect((await t.http.get('/guests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(404)).text).toContain(
      'Ce lien ne fonctionne plus',
    );
    await t.http.post('/guests/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').type('form').send({}).expect(404);
  });

  it('forgets asks that expired unconfirmed: the name and address are gone, the link is a 404 page', async () => {
    const event = await createEvent(t, { title: 'Conférence oubliée', visibility: 'public' });
    const email = address('old').toLowerCase();
    await ask(event.id, { name: 'Olga Oubliée', email }).expect(303);
    const path = await confirmationPath(email);
    const asks = t.app.get(DataSource).getRepository(GuestRequest);
    const twoHoursAgo = new Date(t.clock.now().getTime() - 2 * 3_600_000);
    await asks.update({ email }, { createdAt: twoHoursAgo, expiresAt: twoHoursAgo });
    await t.http.get(path).expect(404);
    await t.app.get(GuestsService).forgetExpired();
    expect(await asks.countBy({ email })).toBe(0);
    await t.http.post(path).type('form').send({}).expect(404);
    expect(await membersWith(email)).toEqual([]);
    expect(await registrations(event.id)).toEqual([]);
  });

  it('the same address registering twice is one guest; an existing member is used as is', async () => {
    const event = await createEvent(t, { title: 'Table ronde', visibility: 'public' });
    const email = address('Twice');
    await ask(event.id, { name: 'Tom Deux-Fois', email }).expect(303);
    await ask(event.id, { name: 'Tom 2', email: email.toUpperCase() }).expect(303);
    const firstPath = await confirmationPath(email, 2, 'Tom Deux-Fois');
    const second = await confirmationPath(email, 2, 'Tom 2');
    await t.http.post(second).type('form').send({}).expect(303);
    await t.http.post(firstPath).type('form').send({}).expect(303);
    const guests = await membersWith(email);
    expect(guests).toHaveLength(1);
    expect(guests[0]).toMatchObject({ name: 'Tom 2', membership: 'guest' });
    expect(await registrations(event.id)).toHaveLength(1);

    const permanent = await createOrganiser(t, { name: 'Paula Permanente', membership: 'permanent', locale: 'en' });
    await ask(event.id, { name: 'Quelqu’un d’autre', email: permanent.email }).expect(303);
    await t.http
      .post(await confirmationPath(permanent.email))
      .type('form')
      .send({})
      .expect(303);
    expect(await membersWith(permanent.email)).toEqual([
      expect.objectContaining({
        id: permanent.id,
        name: 'Paula Permanente',
        membership: 'permanent',
        role: 'organiser',
      }),
    ]);
    expect(await registrations(event.id)).toContainEqual(
      expect.objectContaining({ memberId: permanent.id, status: 'going' }),
    );
  });

  it('a full event waitlists the guest with a position, said in English for an English page', async () => {
    const event = await createEvent(t, { title: 'Atelier complet', visibility: 'public', capacity: 1 });
    const first = await createMember(t);
    await t.api.put(`/api/events/${event.id}/registrations/${first.id}`).send({ response: 'yes' }).expect(200);
    const email = address('late');
    expect((await ask(event.id, { name: 'Léo Tard', email }, '?lang=en').expect(303)).headers.location).toBe(
      '/guests/sent?lang=en',
    );
    const path = await confirmationPath(email);
    expect(smtp.to(email)[0].parsed.subject).toBe('Confirm your registration: Atelier complet');
    expect(path).toMatch(/\?lang=en$/);
    expect((await t.http.get(path).expect(200)).text).toContain('Confirm my registration');
    const done = await t.http.post(path).type('form').send({}).expect(303);
    const page = await t.http.get(done.headers.location).expect(200);
    expect(page.text).toContain('you are on the waitlist, in position 1');
    const [guest] = await membersWith(email);
    expect(guest).toMatchObject({ locale: 'en', membership: 'guest' });
    expect(await registrations(event.id)).toContainEqual(
      expect.objectContaining({ memberId: guest.id, status: 'waitlisted', position: 1 }),
    );
  });

  it('a refused form comes back with each message beside its field and what was typed kept', async () => {
    const event = await createEvent(t, { title: 'Talk public', visibility: 'public' });
    const res = await ask(event.id, { name: '', email: 'pas-une-adresse' }).expect(400);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('<a href="#name">Indiquez votre nom</a>');
    expect(res.text).toContain('<p class="field-error" id="email-error">Indiquez une adresse e-mail valide');
    expect(res.text).toContain('value="pas-une-adresse"');
    expect(res.text).toContain('aria-invalid="true"');
    expect((await ask(event.id, { name: 'A\u0007B', email: address('x') }).expect(400)).text).toContain(
      'Indiquez un nom de 200 caractères au plus',
    );
    await t.flushOutbox();
    expect(
      smtp.received.filter((mail) => mail.to.endsWith('@invite.example') && mail.parsed.text?.includes('Talk public')),
    ).toEqual([]);

    // A members-only event takes no guests, and says nothing of itself.
    const lunch = await createEvent(t, { title: 'Colunch des membres' });
    const hidden = await ask(lunch.id, { name: 'Intrus', email: address('intrus') }).expect(404);
    expect(hidden.text).not.toContain('Colunch des membres');
  });

  it('limits asks like sign-in mails: the sixth for one address within an hour is refused, whoever it is', async () => {
    const event = await createEvent(t, { title: 'Très demandé', visibility: 'public' });
    const member = await createMember(t);
    for (const email of [address('flood'), member.email]) {
      for (let i = 0; i < 5; i += 1) await ask(event.id, { name: 'Flo', email }).expect(303);
      const refused = await ask(event.id, { name: 'Flo', email }).expect(429);
      expect(refused.text).toContain('Trop de demandes en une heure');
      expect(refused.text).toContain(`value="${email}"`);
    }
  });
});
