import { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('Workclub cohorts in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;
  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Corinne Cohorte' });
    cookie = await signIn(t, smtp, organiser.email);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  /** A Monday a few weeks ahead, in the space's zone, as YYYY-MM-DD. */
  const mondayIn = (weeks: number) => {
    const day = DateTime.fromJSDate(t.clock.now(), { zone: 'Europe/Paris' }).plus({ weeks }).startOf('day');
    return day.plus({ days: (8 - day.weekday) % 7 }).toISODate()!;
  };
  const page = (path: string) => client(t).get(path).set('Cookie', cookie);
  const post = async (path: string, form: Record<string, string>, from: string) =>
    client(t)
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...form, _csrf: csrfOf((await page(from).expect(200)).text) });

  it(
    'creates a cohort from the page after previewing its sessions, as GET /api/cohorts then shows it',
    async () => {
      const startsOn = mondayIn(3);
      const { context, page: phone } = await signedInPhone(browser, t.url, cookie);
      await phone.goto(`${t.url}/admin/cohorts`);
      await expectAccessible(phone);
      await phone.getByRole('link', { name: 'Nouvelle cohorte' }).click();
      await phone.getByLabel('Titre').fill('Workclub des indépendants');
      await phone.getByLabel('Premier jour').fill(startsOn);
      await phone.getByLabel('Nombre de places').fill('3');
      await phone.getByLabel('Jour du point hebdo').selectOption({ label: 'jeudi' });
      await expectAccessible(phone);
      await phone.getByRole('button', { name: 'Voir les séances prévues' }).click();
      await phone.getByRole('heading', { name: /séances prévues/ }).waitFor();
      const planned = await phone.locator('ol.plan li').allTextContents();
      expect(planned[0]).toContain('Lancement');
      expect(planned.filter((line) => line.includes('Point hebdo')).every((line) => line.includes('jeudi'))).toBe(true);
      expect(planned[planned.length - 1]).toContain('Présentation finale');
      await expectAccessible(phone);
      // Nothing is created by the preview.
      expect((await t.api.get('/api/cohorts').expect(200)).body).toHaveLength(0);
      await phone.getByRole('button', { name: 'Créer la cohorte' }).click();
      await phone.getByRole('heading', { level: 1, name: 'Workclub des indépendants' }).waitFor();
      await expectAccessible(phone);
      const landedOn = phone.url();
      await context.close();

      const [cohort] = (await t.api.get('/api/cohorts').expect(200)).body;
      expect(cohort).toMatchObject({ title: 'Workclub des indépendants', startsOn, capacity: 3, durationDays: 45 });
      expect(cohort.sessions).toHaveLength(planned.length);
      expect(landedOn).toBe(`${t.url}/admin/cohorts/${cohort.id}`);
      const trail = await t.api.get(`/api/audit?kind=cohort&thingId=${cohort.id}`).expect(200);
      expect(trail.body[0]).toMatchObject({ action: 'create', actorName: 'Corinne Cohorte' });
    },
    BROWSER_TEST_MS,
  );

  it('refuses a wrong form beside each field, keeping what was typed, and creates nothing', async () => {
    const before = (await t.api.get('/api/cohorts').expect(200)).body.length;
    const preview = await page(
      '/admin/cohorts/new?preview=1&title=&startsOn=2027-02-30&sessionTime=25:00&capacity=40',
    ).expect(400);
    expect(preview.text).toContain('<a href="#title">Donnez un titre');
    expect(preview.text).toContain('<a href="#startsOn">Donnez le premier jour, une vraie date</a>');
    expect(preview.text).toContain('<a href="#sessionTime">Donnez une heure écrite HH:MM');
    expect(preview.text).toContain('<a href="#capacity">Le nombre de places va de 2 à 12</a>');
    expect(preview.text).toContain('value="25:00"');
    expect(preview.text).not.toContain('Créer la cohorte');
    const refused = await post('/admin/cohorts', { title: 'Sans date', startsOn: '' }, '/admin/cohorts/new');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('value="Sans date"');
    expect(refused.text).toContain('id="startsOn-error"');
    expect((await t.api.get('/api/cohorts').expect(200)).body).toHaveLength(before);
  });

  it('accepts and declines applications, adds a member with a project, writes notes, and says when it is full', async () => {
    const cohort = (
      await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub à deux', startsOn: mondayIn(2), capacity: 2 })
        .expect(201)
    ).body;
    const [ana, ben, cid, dan] = await Promise.all(
      ['Ana Candidate', 'Ben Candidat', 'Cid Candidat', 'Dan Direct'].map((name) => createMember(t, { name })),
    );
    for (const [member, title] of [
      [ana, 'Ouvrir un atelier'],
      [ben, 'Écrire un livre'],
      [cid, 'Lancer un podcast'],
    ] as const) {
      await t.api
        .post(`/api/cohorts/${cohort.id}/applications`)
        .send({ memberId: member.id, projectTitle: title })
        .expect(201);
    }
    const path = `/admin/cohorts/${cohort.id}`;
    const shown = await page(path).expect(200);
    expect(shown.text).toContain('Accepter Ana Candidate');
    expect(shown.text).toContain('Lancer un podcast');

    const accepted = await post(`${path}/applications/${ana.id}/accept`, {}, path);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.location).toBe(path);
    expect((await post(`${path}/applications/${ben.id}/decline`, {}, path)).status).toBe(303);
    const added = await post(
      `${path}/members`,
      { memberId: dan.id, projectTitle: 'Refaire mon site', projectGoal: 'En ligne fin du mois', helpNeeded: '' },
      path,
    );
    expect(added.status).toBe(303);

    const full = await post(`${path}/applications/${cid.id}/accept`, {}, path);
    expect(full.status).toBe(409);
    expect(full.text).toContain('<a href="#applications">La cohorte est complète');

    const api = (await t.api.get(`/api/cohorts/${cohort.id}`).expect(200)).body;
    const statusOf = (id: string) => api.members.find((place: any) => place.memberId === id)?.status;
    expect([statusOf(ana.id), statusOf(ben.id), statusOf(cid.id), statusOf(dan.id)]).toEqual([
      'accepted',
      'declined',
      'applied',
      'accepted',
    ]);
    expect(api.members.find((place: any) => place.memberId === dan.id)).toMatchObject({
      projectTitle: 'Refaire mon site',
      projectGoal: 'En ligne fin du mois',
      helpNeeded: null,
    });

    const kickoff = api.sessions[0];
    const missing = await post(`${path}/notes`, { memberId: ana.id, eventId: kickoff.eventId, note: ' ' }, path);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<a href="#note-note">Écrivez la note</a>');
    const noted = await post(
      `${path}/notes`,
      { memberId: ana.id, eventId: kickoff.eventId, note: 'Local trouvé, bail à signer.' },
      path,
    );
    expect(noted.status).toBe(303);
    const withNote = (await t.api.get(`/api/cohorts/${cohort.id}`).expect(200)).body;
    expect(withNote.members.find((place: any) => place.memberId === ana.id).notes).toMatchObject([
      { eventId: kickoff.eventId, note: 'Local trouvé, bail à signer.' },
    ]);
    const after = await page(path).expect(200);
    expect(after.text).toContain('Local trouvé, bail à signer.');
    expect(after.text).not.toContain('Ajouter à la cohorte');

    // Accepted members get the welcome mail with the schedule.
    await t.flushOutbox();
    expect(smtp.to(ana.email).map((mail) => mail.parsed.subject)).toEqual([expect.stringContaining('Workclub à deux')]);
    expect(smtp.to(ben.email)).toHaveLength(0);
  });
});
