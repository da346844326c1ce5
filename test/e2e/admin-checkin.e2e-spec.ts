import { Browser } from 'playwright-core';
import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('Check-in at the door, on a phone', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;

  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Oscar Accueil' });
    cookie = await signIn(t, smtp, organiser.email);
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });

  /** An event with these members answering yes, in this order. */
  const eventWith = async (names: string[], overrides: Record<string, unknown> = {}) => {
    const event = await createEvent(t, overrides);
    const members = [];
    for (const name of names) {
      const member = await createMember(t, { name });
      await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
      members.push(member);
    }
    return { event, members };
  };
  const registrations = async (eventId: string) =>
    (await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, any>[];

  it(
    'checks three people in at 375 px and undoes one: the API then shows exactly two check-ins',
    async () => {
      const { event, members } = await eventWith(
        ['Alice Arrivée', 'Bruno Bientôt', 'Céline Certaine', 'David Dernier', 'Emma Attente'],
        { capacity: 4 },
      );
      const { context, page } = await signedInPhone(browser, t.url, cookie);
      await page.goto(`${t.url}/admin/events/${event.id}/checkin`);
      await page.getByText('Aucun des 5 inscrits n’est là').waitFor();
      await page.getByText('Liste d’attente, rang 1').waitFor();
      await expectAccessible(page);
      const button = page.getByRole('button', { name: 'Pointer Alice Arrivée' });
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      expect(box.width).toBeGreaterThan(300);

      for (const name of ['Alice Arrivée', 'Bruno Bientôt', 'Céline Certaine']) {
        await page.getByRole('button', { name: `Pointer ${name}` }).click();
        await page.getByRole('button', { name: `Annuler l’arrivée de ${name}` }).waitFor();
      }
      await page.getByText('3 sur 5 sont là').waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Annuler l’arrivée de Bruno Bientôt' }).click();
      await page.getByRole('button', { name: 'Pointer Bruno Bientôt' }).waitFor();
      await page.getByText('2 sur 5 sont là').waitFor();
      await context.close();

      const checkedIn = (await registrations(event.id)).filter((registration) => registration.checkedInAt);
      expect(checkedIn.map((registration) => registration.memberId).sort()).toEqual(
        [members[0].id, members[2].id].sort(),
      );
      const audit = (await t.api.get('/api/audit').query({ thingId: event.id }).expect(200)).body;
      expect(audit.map((entry: { action: string }) => entry.action).slice(0, 2)).toEqual(['checkins.undo', 'checkins']);
    },
    BROWSER_TEST_MS,
  );

  it(
    'filters by name without JavaScript and checks in a walk-in found among all members',
    async () => {
      const { event } = await eventWith(['Zoé Zéphyr', 'Yann Yole']);
      const walid = await createMember(t, { name: 'Walid Walk' });
      const xavier = await createMember(t, { name: 'Xavier Peut-être' });
      await t.api.put(`/api/events/${event.id}/registrations/${xavier.id}`).send({ response: 'maybe' }).expect(200);

      const noScript = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
      const [name, value] = cookie.split('=');
      await noScript.addCookies([{ name, value, url: t.url }]);
      const tab = await noScript.newPage();
      await tab.goto(`${t.url}/admin/events/${event.id}/checkin`);
      await tab.getByLabel('Chercher un nom').fill('zoe');
      await tab.getByRole('button', { name: 'Chercher', exact: true }).click();
      expect(new URL(tab.url()).search).toBe('?q=zoe');
      await tab.getByRole('button', { name: 'Pointer Zoé Zéphyr' }).waitFor();
      expect(await tab.getByRole('button', { name: 'Pointer Yann Yole' }).count()).toBe(0);
      await tab.getByRole('button', { name: 'Pointer Zoé Zéphyr' }).click();
      expect(new URL(tab.url()).search).toBe('?q=zoe');
      await tab.getByRole('button', { name: 'Annuler l’arrivée de Zoé Zéphyr' }).waitFor();

      await tab.getByLabel('Chercher un nom').fill('walid');
      await tab.getByRole('button', { name: 'Chercher', exact: true }).click();
      await tab.getByText('Aucun inscrit ne porte ce nom.').waitFor();
      await tab.getByText('N’a pas répondu').waitFor();
      await tab.getByRole('button', { name: 'Pointer Walid Walk (sans inscription)' }).click();
      await tab.getByRole('button', { name: 'Annuler l’arrivée de Walid Walk' }).waitFor();
      await tab.getByText('2 sur 3 sont là').waitFor();

      await tab.getByLabel('Chercher un nom').fill('xavier');
      await tab.getByRole('button', { name: 'Chercher', exact: true }).click();
      await tab.getByText('A répondu peut-être').waitFor();
      await noScript.close();
      const { context, page } = await signedInPhone(browser, t.url, cookie);
      await page.goto(`${t.url}/admin/events/${event.id}/checkin?q=xavier`);
      await page.getByRole('button', { name: 'Pointer Xavier Peut-être (sans inscription)' }).waitFor();
      await expectAccessible(page);
      await context.close();

      const walk = (await registrations(event.id)).find((registration) => registration.memberId === walid.id);
      expect(walk).toMatchObject({ status: 'going', response: 'yes' });
      expect(walk!.checkedInAt).not.toBeNull();
    },
    BROWSER_TEST_MS,
  );

  it('refuses what it cannot do with a clear 4xx, never a 500', async () => {
    const { event, members } = await eventWith(['Paul Porte']);
    const path = `/admin/events/${event.id}/checkin`;
    const html = (
      await client(t)
        .get(`${path}?q=${encodeURIComponent('<b>x</b>')}`)
        .set('Cookie', cookie)
        .expect(200)
    ).text;
    expect(html).toContain('value="&lt;b&gt;x&lt;/b&gt;"');
    const csrf = csrfOf(html);
    const post = (to: string, form: Record<string, string>) =>
      client(t)
        .post(to)
        .set('Cookie', cookie)
        .type('form')
        .send({ ...form, _csrf: csrf });

    const noId = await post(`/admin/events/${event.id}/checkins`, { memberId: 'paul' });
    expect(noId.status).toBe(422);
    expect(noId.text).toContain('id="q-error">Choisissez un membre');
    const ghost = await post(`/admin/events/${event.id}/checkins`, {
      memberId: '00000000-0000-4000-8000-000000000000',
    });
    expect(ghost.status).toBe(422);
    expect(ghost.text).toContain('Ce membre n’existe pas');
    await post(`/admin/events/${event.id}/checkins/${members[0].id}/undo`, {}).expect(303);
    const stranger = await createMember(t);
    await post(`/admin/events/${event.id}/checkins/${stranger.id}/undo`, {}).expect(404);
    await post(`/admin/events/${event.id}/checkins/nobody/undo`, {}).expect(404);
    await client(t)
      .post(`/admin/events/${event.id}/checkins`)
      .set('Cookie', cookie)
      .type('form')
      .send({ memberId: members[0].id })
      .expect(403);
    await client(t).get(path).expect(303);
    await client(t)
      .get(`${path}?q=${'x'.repeat(201)}`)
      .set('Cookie', cookie)
      .expect(400);

    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    const cancelled = await post(`/admin/events/${event.id}/checkins`, { memberId: members[0].id });
    expect(cancelled.status).toBe(409);
    expect(cancelled.text).toContain('L’évènement est annulé');
    expect((await registrations(event.id))[0].checkedInAt).toBeNull();
  });
});
