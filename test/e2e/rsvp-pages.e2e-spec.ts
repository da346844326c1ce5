import { Browser } from 'playwright-core';
import { createEvent, createMember } from '../factories/api.factory';
import { appWithBrowser } from '../helpers/browser';
import { TestApp } from '../helpers/test-app';
import { whenText } from '../helpers/when';

describe('RSVP pages behind mail links', () => {
  let t: TestApp;
  let browser: Browser;
  let close: () => Promise<void>;
  beforeAll(async () => ({ t, browser, close } = await appWithBrowser()));
  afterAll(() => close());

  const linkFor = async (eventId: string, memberId: string) => {
    const url: string = (await t.api.get(`/api/events/${eventId}/registrations/${memberId}/rsvp-link`).expect(200)).body
      .url;
    expect(url.startsWith('http://rencontres.test/rsvp/')).toBe(true);
    return new URL(url).pathname;
  };
  const registrations = async (eventId: string) =>
    (await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body;

  it('shows the event and the answer buttons in French, and changes nothing however often a scanner opens it', async () => {
    const host = await createMember(t, { name: 'Hélène Hôte' });
    const member = await createMember(t, { name: 'Zoé', locale: 'fr' });
    const event = await createEvent(t, {
      title: 'Colunch : <b>facturer</b> & négocier',
      location: 'Grande table',
      hostIds: [host.id],
      capacity: 12,
    });
    const path = await linkFor(event.id, member.id);
    for (let i = 0; i < 3; i++) {
      const page = await t.http.get(`${path}?response=yes`).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.text).toContain('Colunch : &lt;b&gt;facturer&lt;/b&gt; &amp; négocier');
      expect(page.text).toContain(whenText(event, 'fr'));
      expect(page.text).toContain('Hélène Hôte');
      expect(page.text).toContain('Venez-vous ?');
      expect(page.text).toMatch(/<form class="answers" method="post" action="\/rsvp\/[A-Za-z0-9_-]+">/);
      expect(page.text).not.toMatch(/<script|src="http|href="http:\/\/(?!rencontres)/);
    }
    expect(await registrations(event.id)).toHaveLength(1);
  });

  it('records the answer sent by POST and shows the result, idempotently, in English for an English member', async () => {
    const member = await createMember(t, { locale: 'en' });
    const event = await createEvent(t, { capacity: 5 });
    const path = await linkFor(event.id, member.id);
    const first = await t.http.post(path).type('form').send({ response: 'yes' }).expect(200);
    expect(first.text).toContain('you are coming');
    await t.http.post(path).type('form').send({ response: 'yes' }).expect(200);
    expect(await registrations(event.id)).toEqual([expect.objectContaining({ memberId: member.id, status: 'going' })]);
    const no = await t.http.post(path).type('form').send({ response: 'no' }).expect(200);
    expect(no.text).toContain('you are not coming');
    const shown = await t.http.get(path).expect(200);
    expect(shown.text).toContain('Your current answer: you are not coming');
  });

  it('shows the waitlist position', async () => {
    const [first, second] = [await createMember(t), await createMember(t)];
    const event = await createEvent(t, { capacity: 1 });
    await t.http
      .post(await linkFor(event.id, first.id))
      .type('form')
      .send({ response: 'yes' })
      .expect(200);
    const res = await t.http
      .post(await linkFor(event.id, second.id))
      .type('form')
      .send({ response: 'yes' })
      .expect(200);
    expect(res.text).toContain('liste d’attente, en position 1');
  });

  it('answers a 404 page to a tampered, foreign or revoked token, and a 400 page to a bad answer', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    const path = await linkFor(event.id, member.id);
    const token = path.split('/')[2];
    const flipped = token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
    for (const bad of [flipped, token.slice(0, -1), 'nope', `${token}x`]) {
      const res = await t.http.get(`/rsvp/${bad}`).expect(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('Ce lien n’est pas valable');
      await t.http.post(`/rsvp/${bad}`).type('form').send({ response: 'yes' }).expect(404);
    }
    const bad = await t.http.post(path).type('form').send({ response: 'certainly' }).expect(400);
    expect(bad.text).toContain('La demande n’est pas valable');
    await t.api.post(`/api/members/${member.id}/rsvp-links/revoke`).expect(204);
    await t.http.get(path).expect(404);
    expect(await registrations(event.id)).toHaveLength(0);
    await t.http.get(await linkFor(event.id, member.id)).expect(200);
  });

  it('says so when the event is cancelled', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    const path = await linkFor(event.id, member.id);
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    expect((await t.http.get(path).expect(200)).text).toContain('Cet événement est annulé');
    expect((await t.http.post(path).type('form').send({ response: 'yes' }).expect(409)).text).toContain(
      'Cet événement est annulé',
    );
  });

  it('records the answer from a click in Chromium, and the page submits nothing by itself', async () => {
    const member = await createMember(t, { name: 'Inès' });
    const event = await createEvent(t, { title: 'Atelier du midi', kind: 'workshop', capacity: 10 });
    const path = await linkFor(event.id, member.id);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      requests.push(`${request.method()} ${url.host}${url.pathname}`);
    });
    // Once the network is idle, the page has done whatever it does by itself: fetched its stylesheet, nothing else.
    await page.goto(`${t.url}${path}?response=maybe`, { waitUntil: 'networkidle' });
    const host = new URL(t.url).host;
    expect(requests).toEqual([`GET ${host}${path}`, `GET ${host}/assets/app.css`]);
    expect(await registrations(event.id)).toHaveLength(0);
    expect(await page.locator('h1').textContent()).toBe('Atelier du midi');
    expect(await page.locator('button.selected').textContent()).toBe('Peut-être');
    await page.getByRole('button', { name: 'Oui, je viens' }).click();
    await page.waitForSelector('.result');
    expect(await page.locator('.result').textContent()).toBe('vous venez — une place vous est réservée');
    const pageRequests = requests.filter((line) => !line.endsWith('/assets/app.css'));
    expect(pageRequests).toEqual([`GET ${host}${path}`, `POST ${host}${path}`]);
    await page.close();
    expect(await registrations(event.id)).toEqual([
      expect.objectContaining({ memberId: member.id, status: 'going', response: 'yes' }),
    ]);
  });
});
