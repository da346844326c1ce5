import { Browser } from 'playwright-core';
import { createEvent, createMember, createRoom, eventInput, nextColunch, withOffset } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, phone, signedInPhone } from '../helpers/browser';
import { client, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';
import { whenText } from '../helpers/when';

/** The JSON-LD of a page, parsed (it must be valid JSON). */
function jsonLd(html: string): Record<string, any> {
  const data = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!data) throw new Error('no JSON-LD on the page');
  return JSON.parse(data);
}

const meta = (html: string, property: string) =>
  new RegExp(`<meta property="${property}" content="([^"]*)">`).exec(html)?.[1];

describe('home page and public event pages', () => {
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

  const member = async (overrides: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const created = await createMember(t, overrides);
    return { ...created, cookie: await signIn(t, smtp, created.email) };
  };

  it('lists the public events of the next 60 days, with what, when, where, who hosts, seats and the live stream', async () => {
    const host = await createMember(t, { name: 'Inès Hôte' });
    const room = await createRoom(t, { name: 'Grande salle' });
    const talk = await createEvent(t, {
      kind: 'talk',
      title: 'Les méthodes agiles en 45 minutes',
      visibility: 'public',
      roomId: room.id,
      capacity: 30,
      hostIds: [host.id],
      streamUrl: 'https://live.example/agile',
    });
    const lunch = await createEvent(t, { title: 'Colunch entre membres' });
    const later = nextColunch(t.clock.now()).plus({ weeks: 5 });
    await t.api
      .post('/api/events')
      .send(
        eventInput({
          title: 'Open coffee trop lointain',
          visibility: 'public',
          startsAt: withOffset(later),
          endsAt: withOffset(later.plus({ hours: 1 })),
        }),
      )
      .expect(201);

    const res = await t.http.get('/').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).toContain('<h1>Rencontres</h1>');
    expect(html).toContain(`<a href="/events/${talk.id}">Les méthodes agiles en 45 minutes</a>`);
    expect(html).toContain('Conférence');
    expect(html).toContain(whenText(talk, 'fr'));
    expect(html).toContain('Grande salle');
    expect(html).toContain('Animé par Inès Hôte');
    expect(html).toContain('29 places restantes');
    expect(html).toContain('En direct');
    expect(html).not.toContain(lunch.title);
    expect(html).not.toContain(lunch.id);
    expect(html).not.toContain('Open coffee trop lointain');
    expect(html).toContain('href="webcal://rencontres.test/calendar/public.ics"');
    expect(html).toContain(
      'https://calendar.google.com/calendar/r?cid&#x3D;webcal%3A%2F%2Frencontres.test%2Fcalendar%2Fpublic.ics',
    );
    expect(html).toContain('<a class="home-account" href="/signin">Se connecter</a>');

    const en = await t.http.get('/?lang=en').expect(200);
    expect(en.text).toContain(whenText(talk, 'en'));
    expect(en.text).toContain('29 seats left');
    expect(en.text).toContain(`<a href="/events/${talk.id}?lang&#x3D;en">`);
  });

  it('is cached like the feeds: an ETag and 304 while nothing changed, a new page once an answer takes a seat', async () => {
    const event = await createEvent(t, { title: 'Atelier cache', visibility: 'public', capacity: 10 });
    const first = await t.http.get('/').expect(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    expect(first.headers.vary).toBe('Cookie');
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    await t.http.get('/').set('If-None-Match', etag).expect(304);

    const guest = await createMember(t);
    await t.api.put(`/api/events/${event.id}/registrations/${guest.id}`).send({ response: 'yes' }).expect(200);
    const after = await t.http.get('/').set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.text).toMatch(/Atelier cache[\s\S]*?9 places restantes/);

    await t.api.patch(`/api/members/${guest.id}`).send({ name: 'Nouveau nom' }).expect(200);
    await t.api
      .patch(`/api/events/${event.id}`)
      .send({ hostIds: [guest.id] })
      .expect(200);
    expect((await t.http.get('/').expect(200)).text).toContain('Animé par Nouveau nom');
    await t.api.patch(`/api/members/${guest.id}`).send({ name: 'Autre nom' }).expect(200);
    expect((await t.http.get('/').expect(200)).text).toContain('Animé par Autre nom');
  });

  it('links a signed-in visitor to their space, and names nobody in the page', async () => {
    const camille = await member({ name: 'Camille Connectée' });
    const res = await client(t).get('/').set('Cookie', camille.cookie).expect(200);
    expect(res.text).toContain('<a class="home-account" href="/me">Mon espace</a>');
    expect(res.text).not.toContain('Camille Connectée');
    expect(res.text).not.toContain('_csrf');
    const anonymous = await t.http.get('/').expect(200);
    expect(anonymous.headers.etag).not.toBe(res.headers.etag);
  });

  it('gives a public event page Open Graph tags and schema.org Event data, escaped inside its script', async () => {
    const host = await createMember(t, { name: 'Hugo Hôte' });
    const event = await createEvent(t, {
      kind: 'open-coffee',
      title: 'Open coffee </script><b>',
      description: 'Un café pour se rencontrer',
      location: '12 rue des Arts, Lille',
      visibility: 'public',
      hostIds: [host.id],
      streamUrl: 'https://live.example/coffee',
    });
    const res = await t.http.get(`/events/${event.id}`).expect(200);
    const html = res.text;
    expect(meta(html, 'og:title')).toBe('Open coffee &lt;/script&gt;&lt;b&gt;');
    expect(meta(html, 'og:description')).toBe('Un café pour se rencontrer');
    expect(meta(html, 'og:type')).toBe('website');
    expect(meta(html, 'og:url')).toBe(`http://rencontres.test/events/${event.id}`);
    expect(html).not.toContain('<meta name="robots" content="noindex">');
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    const data = jsonLd(html);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Open coffee </script><b>',
      startDate: event.localStartsAt,
      endDate: event.localEndsAt,
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/MixedEventAttendanceMode',
      url: `http://rencontres.test/events/${event.id}`,
      organizer: { '@type': 'Organization', name: 'Rencontres' },
      performer: [{ '@type': 'Person', name: 'Hugo Hôte' }],
    });
    expect(data.location).toEqual([
      { '@type': 'Place', name: '12 rue des Arts, Lille', address: '12 rue des Arts, Lille' },
      { '@type': 'VirtualLocation', url: 'https://live.example/coffee' },
    ]);
    await t.http.get(`/events/${event.id}`).set('If-None-Match', res.headers.etag).expect(304);
  });

  it('asks an anonymous visitor of a members-only event to sign in and shows nothing of it; a member sees it', async () => {
    const lunch = await createEvent(t, { title: 'Colunch secret des membres', capacity: 12 });
    for (const path of [`/events/${lunch.id}`, `/events/${lunch.id}.ics`]) {
      const res = await t.http.get(path).expect(303);
      expect(res.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
      expect(res.text).not.toContain('Colunch secret');
    }
    expect((await t.http.get(`/events/${lunch.id}?lang=en`).expect(303)).headers.location).toBe(
      `/signin?next=${encodeURIComponent(`/events/${lunch.id}?lang=en`)}&lang=en`,
    );

    const camille = await member();
    const page = await client(t).get(`/events/${lunch.id}`).set('Cookie', camille.cookie).expect(200);
    expect(page.text).toContain('<h1>Colunch secret des membres</h1>');
    expect(page.text).toContain('<meta name="robots" content="noindex">');
    expect(page.text).not.toContain('og:title');
    expect(page.text).not.toContain('application/ld+json');
    expect(page.text).not.toContain('name="email"');
    await client(t).get(`/events/${lunch.id}.ics`).set('Cookie', camille.cookie).expect(200);

    // The RSVP link in a member's mail needs no session, members-only event or not.
    const rsvp = (await t.api.get(`/api/events/${lunch.id}/registrations/${camille.id}/rsvp-link`).expect(200)).body;
    const path = new URL(rsvp.url).pathname;
    expect((await t.http.get(path).expect(200)).text).toContain('Colunch secret des membres');
    await t.http.post(path).type('form').send({ response: 'yes' }).expect(200);
    const [registration] = (await t.api.get(`/api/events/${lunch.id}/registrations`).expect(200)).body;
    expect(registration).toMatchObject({ memberId: camille.id, status: 'going' });
  });

  it('hides an event that became members-only at once, and 404s an unknown one', async () => {
    const event = await createEvent(t, { title: 'Bientôt privé', visibility: 'public' });
    await t.http.get(`/events/${event.id}`).expect(200);
    await t.api.patch(`/api/events/${event.id}`).send({ visibility: 'members' }).expect(200);
    expect((await t.http.get(`/events/${event.id}`).expect(303)).text).not.toContain('Bientôt privé');
    expect((await t.http.get('/').expect(200)).text).not.toContain('Bientôt privé');
    await t.api.patch(`/api/events/${event.id}`).send({ visibility: 'public' }).expect(200);
    expect((await t.http.get(`/events/${event.id}`).expect(200)).text).toContain('<h1>Bientôt privé</h1>');
    await t.http.get('/events/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it(
    'reads well on a phone: home, a public event page and a member’s view pass axe at 375 px',
    async () => {
      const event = await createEvent(t, {
        kind: 'talk',
        title: 'Une conférence au titre vraiment très long pour voir si la page déborde sur un téléphone',
        visibility: 'public',
        capacity: 40,
        location: 'Auditorium',
        streamUrl: 'https://live.example/une-adresse-de-diffusion-en-direct-elle-aussi-particulierement-longue',
      });
      const { context, page } = await phone(browser);
      await page.goto(`${t.url}/`);
      await expectAccessible(page);
      await page.getByRole('link', { name: event.title }).click();
      await page.getByRole('heading', { level: 1, name: event.title }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/events/${event.id}`);
      await expectAccessible(page);
      await page.goto(`${t.url}/?lang=en`);
      await expectAccessible(page);
      await context.close();

      const camille = await member();
      const signedIn = await signedInPhone(browser, t.url, camille.cookie);
      await signedIn.page.goto(`${t.url}/`);
      await signedIn.page.getByRole('link', { name: 'Mon espace' }).waitFor();
      await expectAccessible(signedIn.page);
      await signedIn.context.close();
    },
    BROWSER_TEST_MS,
  );
  it('shows 30 events a page, with links to the later and earlier ones', async () => {
    for (let i = 0; i < 31; i++) await createEvent(t, { title: `Rencontre ${i}`, visibility: 'public' });
    const count = (html: string) => html.match(/class="home-event"/g)?.length ?? 0;
    const first = (await t.http.get('/').expect(200)).text;
    expect(count(first)).toBe(30);
    expect(first).toContain('<a href="/?page&#x3D;2" rel="next">Rencontres suivantes</a>');
    expect(first).not.toContain('rel="prev"');
    const second = (await t.http.get('/?page=2&lang=en').expect(200)).text;
    expect(count(second)).toBeGreaterThanOrEqual(1);
    // Each of the 31 is on one of the two pages, once.
    for (let i = 0; i < 31; i++) expect((first + second).split(`>Rencontre ${i}</a>`)).toHaveLength(2);
    expect(second).toContain('<a href="/?page&#x3D;1&amp;lang&#x3D;en" rel="prev">Earlier events</a>');
    // A page number edited by hand: the refusal names the field, as the API would.
    const refused = (await t.http.get('/?page=0').expect(400)).text;
    expect(refused).toContain('<li><code>page</code>: page must be a page number from 1</li>');
  });
});
