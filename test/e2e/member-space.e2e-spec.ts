import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { Browser, Page } from 'playwright-core';
import { Clock } from '../../src/common/clock';
import { createEvent, createMember, withOffset } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { FixedClock } from '../helpers/fixed-clock';
import { vevents } from '../helpers/ics';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('The member’s space', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  // A Monday morning: every date of the tests is counted from it.
  const clock = new FixedClock('2027-01-04T09:00:00+01:00');
  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true, overrides: [{ provide: Clock, useValue: clock }] }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });
  beforeEach(() => clock.reset());

  /** A member signed in with a phone-sized browser. */
  const memberWithPhone = async (overrides: Record<string, unknown> = {}) => {
    const member = await createMember(t, overrides);
    const cookie = await signIn(t, smtp, member.email);
    const { context, page } = await signedInPhone(browser, t.url, cookie);
    return { member, cookie, context, page };
  };
  const registration = async (eventId: string, memberId: string) => {
    const { body } = await t.api.get(`/api/events/${eventId}/registrations`).expect(200);
    return (body as Array<{ memberId: string; status: string; position: number | null }>).find(
      (entry) => entry.memberId === memberId,
    );
  };
  const eventOn = (page: Page, eventId: string) => page.locator(`#event-${eventId}`);

  it(
    'a member answers yes to a full event, sees their place on the waitlist, then changes their answer',
    async () => {
      const full = await createEvent(t, { title: 'Colunch de la facturation', capacity: 1 });
      const taken = await createMember(t);
      await t.api.put(`/api/events/${full.id}/registrations/${taken.id}`).send({ response: 'yes' }).expect(200);
      const open = await createEvent(t, { kind: 'open-coffee', title: 'Open coffee public', visibility: 'public' });
      const { member, context, page } = await memberWithPhone({ name: 'Maya Membre' });

      await page.goto(`${t.url}/me`);
      await page.getByRole('heading', { name: 'Mes prochains évènements' }).waitFor();
      await eventOn(page, open.id).getByText('Votre réponse : vous n’avez pas encore répondu').waitFor();
      await eventOn(page, full.id).getByText('Complet : un « oui » rejoint la liste d’attente').waitFor();
      await expectAccessible(page);

      await eventOn(page, full.id).getByRole('button', { name: 'Oui, je viens · Colunch de la facturation' }).click();
      await page
        .getByRole('status')
        .getByText(
          'Réponse enregistrée pour « Colunch de la facturation » : vous êtes sur liste d’attente, en position 1',
        )
        .waitFor();
      expect(new URL(page.url()).pathname).toBe('/me');
      expect(await registration(full.id, member.id)).toMatchObject({ status: 'waitlisted', position: 1 });
      await expectAccessible(page);

      await eventOn(page, full.id)
        .getByRole('button', { name: 'Non, je ne viens pas · Colunch de la facturation' })
        .click();
      await page.getByRole('status').getByText('« Colunch de la facturation » : vous ne venez pas').waitFor();
      expect(await registration(full.id, member.id)).toMatchObject({ status: 'declined', position: null });

      await eventOn(page, open.id).getByRole('button', { name: 'Peut-être · Open coffee public' }).click();
      await page.getByRole('status').getByText('« Open coffee public » : peut-être').waitFor();
      expect(await registration(open.id, member.id)).toMatchObject({ status: 'maybe' });
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a member gets a new feed address: the old one answers 404 at once, the new one their calendar',
    async () => {
      const event = await createEvent(t, { title: 'Atelier du midi', kind: 'workshop' });
      const { member, context, page } = await memberWithPhone({ name: 'Félix Flux' });
      const oldPath = new URL(member.feedUrl).pathname;
      // Served once, so that the feed cache holds the old address.
      const before = await t.getText(oldPath).expect(200);
      expect(vevents(before.body).map((vevent) => vevent.getFirstPropertyValue('summary'))).toContain(
        'Atelier du midi',
      );

      await page.goto(`${t.url}/me`);
      expect(await page.locator('#feed-url').textContent()).toBe(member.feedUrl);
      const apple = await page
        .getByRole('link', { name: 'Apple Calendrier, Outlook, Thunderbird' })
        .getAttribute('href');
      expect(apple).toBe(member.feedUrl.replace('http://', 'webcal://'));
      const google = await page.getByRole('link', { name: 'Google Agenda' }).getAttribute('href');
      expect(google).toContain(encodeURIComponent(member.feedUrl.replace('http://', 'webcal://')));
      await page.getByRole('button', { name: 'Obtenir une nouvelle adresse' }).click();
      await page.getByRole('status').getByText('Votre calendrier a une nouvelle adresse').waitFor();
      await expectAccessible(page);

      const newUrl = (await page.locator('#feed-url').textContent())!;
      expect(newUrl).not.toBe(member.feedUrl);
      await t.getText(oldPath).expect(404);
      const after = await t.getText(new URL(newUrl).pathname).expect(200);
      const [vevent] = vevents(after.body).filter((entry) => entry.getFirstPropertyValue('uid') === event.uid);
      expect(vevent.getFirstPropertyValue('summary')).toBe('Atelier du midi');
      const { body } = await t.api.get(`/api/members/${member.id}`).expect(200);
      expect(body.feedUrl).toBe(newUrl);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a member edits their profile: a bad field shows its error beside it with what was typed kept',
    async () => {
      const { member, context, page } = await memberWithPhone({ name: 'Inès Profil', skills: ['graphiste'] });
      await page.goto(`${t.url}/me`);
      await page.getByRole('link', { name: 'Modifier mon profil' }).click();
      await page.getByRole('heading', { name: 'Modifier mon profil' }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('Nom').fill('');
      await page.getByLabel('Métiers et savoir-faire').fill('graphiste, illustratrice');
      await page.getByLabel('Ce que je fais, en une ligne').fill('x'.repeat(301));
      await page.getByLabel('Entreprise').fill('Atelier Nord');
      await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
      await page.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
      const summary = page.locator('.error-summary');
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Indiquez votre nom, sur une ligne, en 200 caractères au plus',
        'Décrivez ce que vous faites sur une ligne, en 300 caractères au plus',
      ]);
      expect(await page.locator('#name-error').textContent()).toContain('Indiquez votre nom');
      expect(await page.getByLabel('Nom').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Métiers et savoir-faire').inputValue()).toBe('graphiste, illustratrice');
      expect(await page.getByLabel('Entreprise').inputValue()).toBe('Atelier Nord');
      expect(await page.getByLabel('Ce que je fais, en une ligne').inputValue()).toHaveLength(301);
      await expectAccessible(page);
      expect((await t.api.get(`/api/members/${member.id}`).expect(200)).body).toMatchObject({
        name: 'Inès Profil',
        bio: null,
      });

      await page.getByLabel('Nom').fill('Inès Profil-Martin');
      await page.getByLabel('Ce que je fais, en une ligne').fill('J’illustre des livres pour enfants');
      await page.getByLabel('English').check();
      await page.getByRole('button', { name: 'Enregistrer mon profil' }).click();
      // Saved in English, the space now speaks it.
      await page.getByRole('status').getByText('Your profile is saved.').waitFor();
      await page.getByText('J’illustre des livres pour enfants').waitFor();
      await expectAccessible(page);
      expect((await t.api.get(`/api/members/${member.id}`).expect(200)).body).toMatchObject({
        name: 'Inès Profil-Martin',
        locale: 'en',
        skills: ['graphiste', 'illustratrice'],
        bio: 'J’illustre des livres pour enfants',
        company: 'Atelier Nord',
      });
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a member applies to an open workclub with a project, then finds their cohort’s page once accepted',
    async () => {
      const { body: cohort } = await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub d’hiver', startsOn: '2027-02-01' })
        .expect(201);
      const { member, context, page } = await memberWithPhone({ name: 'Paul Projet' });
      await page.goto(`${t.url}/me`);
      await page.getByRole('link', { name: 'Candidater à « Workclub d’hiver »' }).click();
      await page.getByRole('heading', { name: 'Candidater à « Workclub d’hiver »' }).waitFor();
      await expectAccessible(page);

      await page.getByLabel('De quelle aide avez-vous besoin ?').fill('Des contacts dans la grande distribution');
      await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
      await page.locator('#projectTitle-error').getByText('Indiquez votre projet').waitFor();
      expect(await page.getByLabel('De quelle aide avez-vous besoin ?').inputValue()).toBe(
        'Des contacts dans la grande distribution',
      );
      await expectAccessible(page);

      await page.getByLabel('Votre projet').fill('Lancer ma marque de vêtements');
      await page.getByRole('button', { name: 'Envoyer ma candidature' }).click();
      await page.getByRole('status').getByText('Votre candidature est envoyée').waitFor();
      await page.getByText('Projet : Lancer ma marque de vêtements · candidature envoyée').waitFor();
      const applied = (await t.api.get(`/api/cohorts/${cohort.id}`).expect(200)).body;
      expect(applied.members).toEqual([
        expect.objectContaining({
          memberId: member.id,
          status: 'applied',
          projectTitle: 'Lancer ma marque de vêtements',
          projectGoal: null,
          helpNeeded: 'Des contacts dans la grande distribution',
        }),
      ]);

      await t.api.post(`/api/cohorts/${cohort.id}/applications/${member.id}/accept`).expect(200);
      await page.reload();
      await page.getByText('vous en faites partie').waitFor();
      await page.getByRole('link', { name: 'Page du workclub « Workclub d’hiver »' }).click();
      await page.getByRole('heading', { name: 'Workclub d’hiver', level: 1 }).waitFor();
      await page.getByText('Lancer ma marque de vêtements').first().waitFor();
      // Accepted, they are enrolled in the sessions: the first one is among their coming events.
      await page.goto(`${t.url}/me`);
      await eventOn(page, applied.sessions[0].eventId).waitFor();
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a member downloads their data: profile, answers, check-ins and workclub applications',
    async () => {
      const soon = DateTime.fromJSDate(clock.now()).plus({ days: 2 });
      const came = await createEvent(t, {
        title: 'Table ronde passée',
        kind: 'round-table',
        startsAt: withOffset(soon),
        endsAt: withOffset(soon.plus({ hours: 2 })),
      });
      const { body: cohort } = await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub des données', startsOn: '2027-03-01' })
        .expect(201);
      const { member, context, page } = await memberWithPhone({ name: 'Dana Données', company: 'Coop' });
      await t.api.post(`/api/events/${came.id}/checkins`).send({ memberId: member.id }).expect(201);
      await t.api
        .post(`/api/cohorts/${cohort.id}/applications`)
        .send({ memberId: member.id, projectTitle: 'Un podcast' })
        .expect(201);
      clock.set(soon.plus({ days: 1 }).toISO()!);

      await page.goto(`${t.url}/me`);
      await page.locator('#attended + ul').getByText('Table ronde passée').waitFor();
      await page.getByText('pointé·e à l’accueil').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click(),
      ]);
      const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(data.profile).toMatchObject({ id: member.id, name: 'Dana Données', email: member.email, company: 'Coop' });
      expect(data.answers).toEqual([expect.objectContaining({ eventId: came.id, status: 'going' })]);
      expect(data.checkIns).toEqual([
        expect.objectContaining({ eventId: came.id, title: 'Table ronde passée', checkedInAt: expect.any(String) }),
      ]);
      expect(data.cohortApplications).toEqual([
        expect.objectContaining({ cohortId: cohort.id, status: 'applied', projectTitle: 'Un podcast' }),
      ]);
      await expectAccessible(page);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  describe('without a browser', () => {
    it('sends an anonymous visitor to sign in, and serves the data as an attachment, never cached', async () => {
      const anonymous = await client(t).get('/me/data.json').expect(303);
      expect(anonymous.headers.location).toBe('/signin?next=%2Fme%2Fdata.json');
      const member = await createMember(t);
      const cookie = await signIn(t, smtp, member.email);
      const data = await client(t).get('/me/data.json').set('Cookie', cookie).expect(200);
      expect(data.headers['content-disposition']).toBe('attachment; filename="my-data.json"');
      expect(data.headers['cache-control']).toBe('no-store');
      expect(data.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('shows another cohort’s sessions to no one else, and refuses an answer to them', async () => {
      const { body: cohort } = await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub fermé', startsOn: '2027-02-15' })
        .expect(201);
      const insider = await createMember(t);
      await t.api
        .post(`/api/cohorts/${cohort.id}/members`)
        .send({ memberId: insider.id, projectTitle: 'Mon projet' })
        .expect(201);
      const session = cohort.sessions[0].eventId;
      const outsider = await createMember(t);
      const cookie = await signIn(t, smtp, outsider.email);
      const page = await client(t).get('/me').set('Cookie', cookie).expect(200);
      expect(page.text).not.toContain(session);
      await client(t)
        .post(`/me/events/${session}/answer`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(page.text), response: 'yes' })
        .expect(404);
      expect(await registration(session, outsider.id)).toBeUndefined();

      const insiderCookie = await signIn(t, smtp, insider.email);
      expect((await client(t).get('/me').set('Cookie', insiderCookie).expect(200)).text).toContain(
        `id="event-${session}"`,
      );
    });

    it('refuses an answer without the form’s CSRF token, and an answer to a cancelled event with its reason', async () => {
      const event = await createEvent(t, { title: 'Formation annulée' });
      const member = await createMember(t);
      const cookie = await signIn(t, smtp, member.email);
      const page = await client(t).get('/me').set('Cookie', cookie).expect(200);
      await client(t)
        .post(`/me/events/${event.id}/answer`)
        .set('Cookie', cookie)
        .type('form')
        .send({ response: 'yes' })
        .expect(403);
      expect(await registration(event.id, member.id)).toBeUndefined();

      const answered = await client(t)
        .post(`/me/events/${event.id}/answer?lang=en`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(page.text), response: 'yes' })
        .expect(303);
      expect(answered.headers.location).toBe(`/me?answered=${event.id}&lang=en#event-${event.id}`);
      await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
      const refused = await client(t)
        .post(`/me/events/${event.id}/answer`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(page.text), response: 'no' })
        .expect(409);
      expect(refused.text).toContain('Il y a un problème');
      expect(refused.text).toContain(`href="#event-${event.id}"`);
      expect(refused.text).toContain('Cet événement est annulé : il ne prend plus de réponses.');
      expect(await registration(event.id, member.id)).toMatchObject({ status: 'going' });
    });

    it('lists only the events of the next three months, with where a quorum stands', async () => {
      const training = await createEvent(t, {
        kind: 'training',
        title: 'Formation Git',
        minAttendees: 5,
        quorumDeadline: withOffset(
          DateTime.fromJSDate(clock.now(), { zone: 'Europe/Paris' }).plus({ days: 10 }).set({ hour: 18, minute: 0 }),
        ),
      });
      const far = DateTime.fromJSDate(clock.now()).plus({ months: 4 });
      const later = await createEvent(t, {
        title: 'Dans quatre mois',
        startsAt: withOffset(far),
        endsAt: withOffset(far.plus({ hours: 1 })),
      });
      const member = await createMember(t, { locale: 'en' });
      const cookie = await signIn(t, smtp, member.email);
      const page = (await client(t).get('/me').set('Cookie', cookie).expect(200)).text;
      expect(page).toContain(`id="event-${training.id}"`);
      expect(page).toContain('Happens if 5 people say yes by 14 Jan 2027, 18:00 (no yes so far).');
      expect(page).not.toContain(later.id);
    });
  });
});
