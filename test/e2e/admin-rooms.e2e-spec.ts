import { Browser } from 'playwright-core';
import { createEvent, createRoom, nextColunch, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Rooms in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  let cookie: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Orga Salles' });
    cookie = await signIn(t, smtp, organiser.email as string);
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
    await smtp.stop();
  });

  it(
    'adds a room after a refused form, edits it, and shows its bookings week by week',
    async () => {
      const { context, page } = await signedInPhone(browser, t.url, cookie);
      await page.goto(`${t.url}/admin/rooms`);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Ajouter une salle' }).click();
      await expectAccessible(page);
      await page.getByLabel('Nom').fill('La Verrière');
      await page.getByLabel('Places').fill('douze');
      await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Ajouter la salle' }).click()]);
      expect(await page.locator('.error-summary').innerText()).toContain('Indiquez un nombre entier de places');
      expect(await page.getByLabel('Nom').inputValue()).toBe('La Verrière');
      await expectAccessible(page);
      await page.getByLabel('Places').fill('12');
      await page.getByRole('button', { name: 'Ajouter la salle' }).click();
      await page.waitForURL(/\/admin\/rooms\/[0-9a-f-]{36}\?done=created$/);
      const roomId = new URL(page.url()).pathname.split('/').pop()!;
      expect(await page.getByRole('status').innerText()).toBe('Salle ajoutée.');

      await page.getByLabel('Description').fill('Au premier étage, avec un écran.');
      await page.getByLabel('Places').fill('');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.waitForURL('**?done=updated');
      const room = (await t.api.get(`/api/rooms/${roomId}`).expect(200)).body;
      expect(room).toEqual(
        expect.objectContaining({
          name: 'La Verrière',
          capacity: null,
          description: 'Au premier étage, avec un écran.',
        }),
      );

      // A lunch in that room on a Tuesday four weeks ahead, 12:30 in Paris.
      const day = nextColunch(t.clock.now());
      const event = await createEvent(t, { roomId, title: 'Colunch de la verrière' });
      const week = day.toISOWeekDate()!.slice(0, 8);
      await page.goto(`${t.url}/admin/rooms/${roomId}?week=${week}`);
      const tuesday = page.locator('.week > li').nth(1);
      expect(await tuesday.innerText()).toContain('12:30 – 14:00 · Colunch de la verrière');
      expect(await tuesday.getByRole('link', { name: 'Colunch de la verrière' }).getAttribute('href')).toBe(
        `/admin/events/${event.id}`,
      );
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Semaine suivante →' }).click();
      await page.waitForURL(`**?week=${day.plus({ weeks: 1 }).toISOWeekDate()!.slice(0, 8)}`);
      expect(await page.locator('.week').innerText()).not.toContain('Colunch de la verrière');
      await page.getByRole('link', { name: '← Semaine précédente' }).click();
      await page.waitForURL(`**?week=${week}`);
      expect(await page.locator('.week').innerText()).toContain('Colunch de la verrière');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  describe('without a browser', () => {
    it('refuses a week that is not one, and answers 404 for an unknown room', async () => {
      const room = await createRoom(t);
      for (const week of ['2026-W60', '2026-50', 'demain']) {
        const response = await client(t).get(`/admin/rooms/${room.id}?week=${week}`).set('Cookie', cookie).expect(400);
        expect(response.text).toContain('n’est pas une semaine');
        expect(response.text).toContain('href="#week"');
      }
      await client(t).get(`/admin/rooms/${room.id}?week=2026-W50`).set('Cookie', cookie).expect(200);
      await client(t).get('/admin/rooms/6f1c2a80-0000-4000-8000-000000000000').set('Cookie', cookie).expect(404);
    });

    it('says beside the name that another room has it, keeping what was typed', async () => {
      const taken = await createRoom(t, { name: 'La Bulle' });
      const form = await client(t).get(`/admin/rooms/new`).set('Cookie', cookie).expect(200);
      const response = await client(t)
        .post('/admin/rooms')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(form.text), name: taken.name, capacity: '4', description: 'Pour les appels' })
        .expect(409);
      expect(response.text).toContain('Une salle porte déjà ce nom');
      expect(response.text).toContain('Pour les appels');
      expect(((await t.api.get('/api/rooms').expect(200)).body as unknown[]).length).toBeGreaterThan(0);
    });
  });
});
