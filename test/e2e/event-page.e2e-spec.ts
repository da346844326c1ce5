import { Browser } from 'playwright-core';
import { createEvent, createMember, createRoom } from '../factories/api.factory';
import { appWithBrowser } from '../helpers/browser';
import { vevents } from '../helpers/ics';
import { TestApp } from '../helpers/test-app';
import { whenText } from '../helpers/when';

describe('event page', () => {
  let t: TestApp;
  let browser: Browser;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, browser, close } = await appWithBrowser()));
  afterAll(() => close());

  it('shows what, when, where, who hosts and seats left in Chromium, with a .ics download', async () => {
    const host = await createMember(t, { name: 'Nadia Animatrice' });
    const room = await createRoom(t, { name: 'Salle Agile' });
    const event = await createEvent(t, {
      kind: 'talk',
      title: 'Introduction aux méthodes agiles',
      visibility: 'public',
      roomId: room.id,
      capacity: 20,
      hostIds: [host.id],
      streamUrl: 'https://live.example/agile',
    });
    const page = await browser.newPage();
    await page.goto(`${t.url}/events/${event.id}`);
    expect(await page.locator('h1').textContent()).toBe('Introduction aux méthodes agiles');
    const details = await page.locator('dl').innerText();
    expect(details).toContain(whenText(event, 'fr'));
    expect(details).toContain('Salle Agile');
    expect(details).toContain('Nadia Animatrice');
    expect(details).toMatch(/Places restantes\s+19/);
    const href = await page.getByRole('link', { name: 'Ajouter à mon calendrier (.ics)' }).getAttribute('href');
    await page.goto(`${t.url}/events/${event.id}?lang=en`);
    expect(await page.locator('dl').innerText()).toContain(whenText(event, 'en'));
    await page.close();

    const ics = await fetch(`${t.url}${href}`);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const [vevent] = vevents(await ics.text());
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid);
    await t.http.get('/events/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('says why a cancelled event was cancelled', async () => {
    const plain = await createEvent(t, { title: 'Atelier annulé', visibility: 'public' });
    await t.api.post(`/api/events/${plain.id}/cancel`).send({ reason: 'Salle inondée' }).expect(200);
    expect((await t.http.get(`/events/${plain.id}`).expect(200)).text).toContain(
      '<p class="cancelled">Salle inondée</p>',
    );
  });
});
