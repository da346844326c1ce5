import { Browser } from 'playwright-core';
import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';

interface Member {
  id: string;
  name: string;
  email: string;
  skills: string[];
  membership: string;
  company: string | null;
  locale: string;
  role: string;
  feedUrl: string;
}

describe('Members in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  let cookie: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Orga Nisatrice' });
    cookie = await signIn(t, smtp, organiser.email as string);
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
    await smtp.stop();
  });

  const allMembers = async () => (await t.api.get('/api/members?limit=500').expect(200)).body as Member[];
  const organiserPhone = () => signedInPhone(browser, t.url, cookie);

  it(
    'imports a CSV file with two bad rows: the preview shows their errors, the confirmation writes the good ones and updates an existing email',
    async () => {
      const existing = await createMember(t, { name: 'Ancien Nom', email: 'deja@example.org', skills: ['menuisier'] });
      const before = (await allMembers()).length;
      const csv = [
        'name;email;locale;skills;membership;company',
        'Inès Import;ines.import@example.org;fr;graphiste, illustratrice;nomad;Atelier Nord',
        'Sans Adresse;pas-une-adresse;fr;;nomad;',
        'Nouveau Nom;DEJA@example.org;en;ébéniste;permanent;',
        'Mauvaise Formule;formule@example.org;fr;;abonné;',
        'Jo Import;jo.import@example.org;;;;',
      ].join('\n');

      const { context, page } = await organiserPhone();
      await page.goto(`${t.url}/admin/members/import`);
      await expectAccessible(page);
      await page.setInputFiles('#file', { name: 'membres.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
      await page.waitForURL('**/admin/members/import/preview');
      const preview = page.locator('tbody tr');
      expect(await preview.count()).toBe(5);
      expect(await preview.nth(1).innerText()).toContain('L’adresse e-mail n’est pas valide.');
      expect(await preview.nth(2).innerText()).toContain('Met à jour le membre existant');
      expect(await preview.nth(3).innerText()).toContain('La formule doit être permanent, part-time, nomad ou guest.');
      expect(await page.getByRole('status').innerText()).toContain(
        '2 membres à ajouter, 1 à mettre à jour, 2 lignes refusées',
      );
      await expectAccessible(page);
      // Nothing is written before the confirmation.
      expect(await allMembers()).toHaveLength(before);

      await page.getByRole('button', { name: /Confirmer l’import/ }).click();
      await page.waitForURL('**/admin/members?created=2&updated=1');
      expect(await page.getByRole('status').innerText()).toContain('2 membres ajoutés, 1 mis à jour');
      await expectAccessible(page);
      await context.close();

      const after = await allMembers();
      expect(after).toHaveLength(before + 2);
      expect(after.filter((member) => member.email === 'deja@example.org')).toEqual([
        expect.objectContaining({
          id: existing.id,
          name: 'Nouveau Nom',
          locale: 'en',
          skills: ['ébéniste'],
          membership: 'permanent',
        }),
      ]);
      expect(after.find((member) => member.email === 'ines.import@example.org')).toEqual(
        expect.objectContaining({
          skills: ['graphiste', 'illustratrice'],
          company: 'Atelier Nord',
          membership: 'nomad',
        }),
      );
      expect(after.find((member) => member.email === 'jo.import@example.org')).toEqual(
        expect.objectContaining({ locale: 'fr', membership: 'nomad', skills: [] }),
      );
      expect(after.map((member) => member.email)).not.toContain('formule@example.org');
    },
    BROWSER_TEST_MS,
  );

  it(
    'searches by skill and membership, adds a member after a refused form, and gives the organiser role',
    async () => {
      await createMember(t, { name: 'Céline Céramique', skills: ['céramiste'], membership: 'permanent' });
      await createMember(t, { name: 'Paul Potier', skills: ['céramiste'], membership: 'nomad' });
      const { context, page } = await organiserPhone();
      await page.goto(`${t.url}/admin/members`);
      await expectAccessible(page);
      await page.getByLabel('Nom, adresse ou métier').fill('céram');
      await page.getByLabel('Formule').selectOption('permanent');
      await page.getByRole('button', { name: 'Chercher' }).click();
      await page.waitForURL('**/admin/members?q=*');
      expect(await page.locator('tbody tr').count()).toBe(1);
      expect(await page.locator('tbody').innerText()).toContain('Céline Céramique');

      await page.getByRole('link', { name: 'Ajouter un membre' }).click();
      await expectAccessible(page);
      await page.getByLabel('Nom', { exact: true }).fill('Zoé Zinc');
      await page.getByLabel('Adresse e-mail').fill('zoe-at-example.org');
      await page.getByLabel('Métiers et savoir-faire').fill('soudeuse, designer');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Ajouter le membre' }).click()]);
      expect(await page.locator('.error-summary').innerText()).toContain('Indiquez une adresse e-mail valide');
      expect(await page.getByLabel('Métiers et savoir-faire').inputValue()).toBe('soudeuse, designer');
      expect(await page.getByLabel('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page);
      await page.getByLabel('Adresse e-mail').fill('zoe@example.org');
      await page.getByRole('button', { name: 'Ajouter le membre' }).click();
      await page.waitForURL(/\/admin\/members\/[0-9a-f-]{36}\?done=created$/);
      expect(await page.getByRole('status').innerText()).toBe('Membre ajouté.');
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Donner le rôle d’organisateur' }).click();
      await page.waitForURL('**?done=role');
      expect(await page.getByRole('status').innerText()).toBe('Rôle modifié.');
      await context.close();
      const zoe = (await allMembers()).find((member) => member.email === 'zoe@example.org')!;
      expect(zoe).toEqual(
        expect.objectContaining({ name: 'Zoé Zinc', skills: ['soudeuse', 'designer'], role: 'organiser' }),
      );
    },
    BROWSER_TEST_MS,
  );

  it(
    'erases a member after a confirmation: the API answers 404, their answer still counts, their feed is gone',
    async () => {
      const member = await createMember(t, { name: 'Eva Effacée' });
      const event = await createEvent(t);
      await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
      const feed = new URL(member.feedUrl as string).pathname;
      await t.getText(feed).expect(200);

      const { context, page } = await organiserPhone();
      await page.goto(`${t.url}/admin/members/${member.id}`);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Effacer Eva Effacée…' }).click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Effacer Eva Effacée ?');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Effacer Eva Effacée pour de bon' }).click();
      await page.waitForURL('**/admin/members?done=erased');
      expect(await page.getByRole('status').innerText()).toBe('Le membre est effacé.');
      expect(await page.locator('main').innerText()).not.toContain('Eva Effacée');
      await context.close();

      await t.api.get(`/api/members/${member.id}`).expect(404);
      expect((await t.api.get(`/api/events/${event.id}`).expect(200)).body.counts.going).toBe(1);
      await t.getText(feed).expect(404);
      const audit = (await t.api.get(`/api/audit?thingId=${member.id}`).expect(200)).body;
      expect(audit[0]).toEqual(expect.objectContaining({ action: 'erase', thingKind: 'member' }));
    },
    BROWSER_TEST_MS,
  );

  describe('without a browser', () => {
    const page = async (path: string) => {
      const response = await client(t).get(path).set('Cookie', cookie).expect(200);
      return csrfOf(response.text);
    };

    it('the confirmation checks the text again: a row made bad after the preview is not written', async () => {
      const csrf = await page('/admin/members/import');
      const forged = 'name,email\nBonne Ligne,bonne.ligne@example.org\n,sans-nom@example.org\n';
      const response = await client(t)
        .post('/admin/members/import')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, csv: forged })
        .expect(303);
      expect(response.headers.location).toBe('/admin/members?created=1&updated=0');
      const emails = (await allMembers()).map((member) => member.email);
      expect(emails).toContain('bonne.ligne@example.org');
      expect(emails).not.toContain('sans-nom@example.org');
    });

    it('refuses a file with unknown columns, and a confirmation with nothing good, naming the field', async () => {
      const csrf = await page('/admin/members/import');
      const columns = await client(t)
        .post('/admin/members/import/preview')
        .set('Cookie', cookie)
        .field('_csrf', csrf)
        .attach('file', Buffer.from('nom,courriel\nA,a@example.org\n'), 'membres.csv')
        .expect(400);
      expect(columns.text).toContain('La première ligne doit nommer les colonnes name et email');
      expect(columns.text).toContain('href="#file"');
      const nothing = await client(t)
        .post('/admin/members/import')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, csv: 'name,email\n,x\n' })
        .expect(400);
      expect(nothing.text).toContain('Aucune ligne du fichier ne peut être importée');
    });

    it('takes a file only on the import page', async () => {
      const csrf = await page('/admin/members/new');
      await client(t)
        .post('/admin/members')
        .set('Cookie', cookie)
        .field('_csrf', csrf)
        .attach('name', Buffer.from('Nom'), 'nom.txt')
        .expect(400);
    });

    it('a refused form records nothing in the audit trail, and an email already taken is said beside the field', async () => {
      const taken = await createMember(t);
      const csrf = await page('/admin/members/new');
      const entries = async () => Number((await t.api.get('/api/audit?limit=1').expect(200)).headers['x-total-count']);
      const before = await entries();
      const response = await client(t)
        .post('/admin/members')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          name: 'Double',
          email: (taken.email as string).toUpperCase(),
          membership: 'nomad',
          locale: 'fr',
        })
        .expect(409);
      expect(response.text).toContain('Un membre a déjà cette adresse e-mail');
      expect(await entries()).toBe(before);
    });

    it('speaks English with ?lang=en', async () => {
      const list = await client(t).get('/admin/members?lang=en').set('Cookie', cookie).expect(200);
      expect(list.text).toContain('<h1>Members</h1>');
      expect(list.text).toContain('Import a CSV file');
      const form = await client(t).get('/admin/members/import?lang=en').set('Cookie', cookie).expect(200);
      expect(form.text).toContain('See the preview');
    });

    it('answers 404 for an unknown or erased member, and 403 to a member who is not an organiser', async () => {
      await client(t).get('/admin/members/6f1c2a80-0000-4000-8000-000000000000').set('Cookie', cookie).expect(404);
      await client(t).get('/admin/members/nope').set('Cookie', cookie).expect(404);
      const member = await createMember(t);
      await t.api.delete(`/api/members/${member.id}`).expect(204);
      await client(t).get(`/admin/members/${member.id}`).set('Cookie', cookie).expect(404);
      const someone = await createMember(t);
      const theirs = await signIn(t, smtp, someone.email as string);
      await client(t).get('/admin/members').set('Cookie', theirs).expect(403);
    });
  });
});
