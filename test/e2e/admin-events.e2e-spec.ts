import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import {
  createEvent,
  createMember,
  createRoom,
  createSeries,
  nextColunch,
  createOrganiser,
} from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';
import { waitUntil } from '../helpers/wait';

const ZONE = 'Europe/Paris';

describe('Events and series in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;

  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Olga Orga' });
    cookie = await signIn(t, smtp, organiser.email);
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });

  const page = () => signedInPhone(browser, t.url, cookie);
  const get = (path: string) => client(t).get(path).set('Cookie', cookie);
  /** Posts a form the way a browser does, with the CSRF token of the page it came from. */
  const post = async (path: string, form: Record<string, string | string[]>, from = '/admin/events/new') => {
    const csrf = csrfOf((await get(from).expect(200)).text);
    return client(t)
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, ...form });
  };
  const statusIs = <T extends { status: number }>(response: T, status: number) => {
    expect(response.status).toBe(status);
    return response;
  };
  const local = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm");
  const apiEvents = async (query: string) => (await t.api.get(`/api/events?${query}`).expect(200)).body as any[];
  const byOrganiser = async () =>
    ((await t.api.get('/api/audit').expect(200)).body as any[]).filter((entry) => entry.actorName === 'Olga Orga');
  const auditOf = async (thingKind: string) =>
    ((await t.api.get('/api/audit').expect(200)).body as any[]).filter((entry) => entry.thingKind === thingKind);

  describe('in Chromium, 375 px wide', () => {
    it(
      'creates a series in words, previews its dates, and sees its occurrences on its page and through the API',
      async () => {
        const { context, page: tab } = await page();
        await tab.goto(`${t.url}/admin/events`);
        await expectAccessible(tab);
        await tab.getByRole('link', { name: 'Nouvelle série' }).click();
        await tab.getByRole('heading', { name: 'Nouvelle série', level: 1 }).waitFor();
        await expectAccessible(tab);

        const monday = nextColunch(t.clock.now()).minus({ days: 1 });
        await tab.getByLabel('Type').selectOption('colunch');
        await tab.getByLabel('Titre').fill('Colunch du mardi et du jeudi');
        await tab.getByLabel('À partir du').fill(monday.toISODate()!);
        await tab.getByLabel('Heure de début').fill('12:30');
        await tab.getByLabel('Heure de fin').fill('14:00');
        await tab.getByLabel('Chaque semaine').check();
        for (const day of ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']) {
          await tab.getByLabel(day, { exact: true }).setChecked(day === 'mardi' || day === 'jeudi');
        }
        await tab.getByLabel('Après un nombre de fois').check();
        await tab.getByLabel('Nombre de fois', { exact: true }).fill('6');
        await tab.getByRole('button', { name: 'Voir les dates' }).click();
        await tab.getByRole('heading', { name: 'Les dates de la série' }).waitFor();
        const dates = await tab.locator('.series-preview li').allTextContents();
        expect(dates).toHaveLength(6);
        expect(dates[0]).toBe(
          `${monday.plus({ days: 1 }).setLocale('fr').toFormat('cccc d LLLL yyyy')}, 12:30 – 14:00`,
        );
        expect(dates[1]).toContain(monday.plus({ days: 3 }).setLocale('fr').toFormat('cccc d LLLL yyyy'));
        await expectAccessible(tab);
        // The preview wrote nothing.
        expect(await apiEvents('title=du%20mardi%20et%20du%20jeudi')).toEqual([]);

        await tab.getByRole('button', { name: 'Créer la série' }).click();
        await tab.getByRole('heading', { name: 'Colunch du mardi et du jeudi', level: 1 }).waitFor();
        expect(new URL(tab.url()).pathname).toMatch(/^\/admin\/series\/[0-9a-f-]{36}$/);
        await tab.getByText('6 occurrences').waitFor();
        expect(await tab.locator('tbody tr').count()).toBe(6);
        await expectAccessible(tab);

        const seriesId = new URL(tab.url()).pathname.split('/').pop();
        const occurrences = await apiEvents(`seriesId=${seriesId}`);
        expect(occurrences.map((event) => event.localStartsAt.slice(0, 16))).toEqual(
          [1, 3, 8, 10, 15, 17].map((days) => local(monday.plus({ days }).set({ hour: 12, minute: 30 }))),
        );
        expect(occurrences.every((event) => event.title === 'Colunch du mardi et du jeudi')).toBe(true);
        expect((await auditOf('series')).filter((entry) => entry.thingId === seriesId)).toHaveLength(1);
        await context.close();
      },
      BROWSER_TEST_MS,
    );

    it(
      'edits an occurrence and the following ones: later occurrences move, earlier ones stay',
      async () => {
        const series = await createSeries(t, { title: 'Open coffee du mardi', rrule: 'FREQ=WEEKLY;COUNT=4' });
        const [first, second] = series.occurrences;
        const { context, page: tab } = await page();
        await tab.goto(`${t.url}/admin/events/${second.id}/edit`);
        await tab.getByRole('heading', { name: 'Modifier « Open coffee du mardi »' }).waitFor();
        await expectAccessible(tab);
        const start = DateTime.fromISO(second.startsAt, { zone: ZONE });
        await tab.getByLabel('Début').fill(local(start.set({ hour: 9, minute: 0 })));
        await tab.getByLabel('Fin', { exact: true }).fill(local(start.set({ hour: 10, minute: 30 })));
        await tab.getByLabel('Titre').fill('Open coffee matinal');
        await tab.getByLabel('Cette occurrence et les suivantes').check();
        await tab.getByRole('button', { name: 'Enregistrer' }).click();
        await tab.waitForURL(`${t.url}/admin/events/${second.id}`);

        const after = await apiEvents(`seriesId=${series.id}`);
        expect(after[0]).toMatchObject({ id: first.id, title: 'Open coffee du mardi' });
        expect(after[0].localStartsAt).toContain('T12:30');
        for (const event of after.slice(1)) {
          expect(event.title).toBe('Open coffee matinal');
          expect(event.localStartsAt).toContain('T09:00');
          expect(event.localEndsAt).toContain('T10:30');
        }
        await context.close();
      },
      BROWSER_TEST_MS,
    );

    it(
      'shows a room conflict beside the room, naming the other event, and keeps what was typed',
      async () => {
        const room = await createRoom(t, { name: 'La verrière' });
        const day = nextColunch(t.clock.now()).plus({ days: 2 });
        await createEvent(t, {
          title: 'Atelier photo',
          roomId: room.id,
          startsAt: day.set({ hour: 18 }).toISO(),
          endsAt: day.set({ hour: 20 }).toISO(),
        });
        const { context, page: tab } = await page();
        await tab.goto(`${t.url}/admin/events/new`);
        await expectAccessible(tab);
        await tab.getByLabel('Type').selectOption('talk');
        await tab.getByLabel('Titre').fill('Introduction aux méthodes agiles');
        await tab.getByLabel('Description').fill('Deux heures pour comprendre Scrum.\nQuestions bienvenues.');
        await tab.getByLabel('Début').fill(local(day.set({ hour: 19 })));
        await tab.getByLabel('Fin', { exact: true }).fill(local(day.set({ hour: 21 })));
        await tab.getByLabel('Salle', { exact: true }).selectOption(room.id);
        await tab.getByRole('button', { name: 'Créer l’évènement' }).click();
        await tab.getByRole('heading', { name: 'Il y a un problème' }).waitFor();
        const message = await tab.locator('#roomId-error').textContent();
        expect(message).toContain('« Atelier photo »');
        expect(message).toContain(day.setLocale('fr').toFormat('cccc d LLLL yyyy'));
        expect(await tab.getByLabel('Salle', { exact: true }).getAttribute('aria-invalid')).toBe('true');
        expect(await tab.getByLabel('Titre').inputValue()).toBe('Introduction aux méthodes agiles');
        expect(await tab.getByLabel('Description').inputValue()).toBe(
          'Deux heures pour comprendre Scrum.\nQuestions bienvenues.',
        );
        expect(await tab.getByLabel('Salle', { exact: true }).inputValue()).toBe(room.id);
        await expectAccessible(tab);
        expect(await apiEvents('title=agiles')).toEqual([]);

        // Another hour is free: the same form, now accepted.
        await tab.getByLabel('Début').fill(local(day.set({ hour: 20 })));
        await tab.getByLabel('Fin', { exact: true }).fill(local(day.set({ hour: 22 })));
        await tab.getByRole('button', { name: 'Créer l’évènement' }).click();
        await tab.waitForURL(/\/admin\/events\/[0-9a-f-]{36}$/);
        const [created] = await apiEvents('title=agiles');
        expect(new URL(tab.url()).pathname).toBe(`/admin/events/${created.id}`);
        expect(created).toMatchObject({ kind: 'talk', roomId: room.id, visibility: 'members', capacity: 12 });
        expect(created.localStartsAt).toBe(day.set({ hour: 20 }).toISO({ suppressMilliseconds: true }));
        await context.close();
      },
      BROWSER_TEST_MS,
    );

    it(
      'a refused form names each field at fault and keeps what was typed, in English for ?lang=en',
      async () => {
        const { context, page: tab } = await page();
        await tab.goto(`${t.url}/admin/events/new?lang=en`);
        await tab.getByLabel('Title').fill('   ');
        await tab.getByLabel('Theme').fill('Billing as a freelancer');
        await tab.getByLabel('Seats').fill('0');
        await tab.getByRole('button', { name: 'Create the event' }).click();
        await tab.getByRole('heading', { name: 'There is a problem' }).waitFor();
        const summary = await tab.locator('.error-summary li').allTextContents();
        expect(summary).toEqual([
          'Give a title on one line, 200 characters at most',
          'Give the date and time it starts',
          'Give a date and time it ends, after the start',
          expect.stringContaining('Give a number of seats'),
        ]);
        expect(await tab.locator('#title-error').textContent()).toBe(
          'Give a title on one line, 200 characters at most',
        );
        expect(await tab.getByLabel('Theme').inputValue()).toBe('Billing as a freelancer');
        expect(await tab.getByLabel('Seats').inputValue()).toBe('0');
        await expectAccessible(tab);
        await context.close();
      },
      BROWSER_TEST_MS,
    );
  });

  describe('over HTTP', () => {
    it('sends an anonymous browser to sign in and refuses a form without its CSRF token', async () => {
      const anonymous = await client(t).get('/admin/events').expect(303);
      expect(anonymous.headers.location).toBe('/signin?next=%2Fadmin%2Fevents');
      await client(t)
        .post('/admin/events')
        .set('Cookie', cookie)
        .type('form')
        .send({ kind: 'other', title: 'Sans jeton' })
        .expect(403);
      expect(await apiEvents('title=Sans%20jeton')).toEqual([]);
    });

    it('creates an event: 303 to its page, times read in the space’s zone, hosts seated, recorded in the audit trail', async () => {
      const host = await createMember(t, { name: 'Hélène Hôte', skills: ['photographe'] });
      const day = nextColunch(t.clock.now()).plus({ days: 1 });
      const response = await post('/admin/events', {
        kind: 'workshop',
        title: 'Atelier portrait',
        description: '',
        theme: '',
        startsAt: local(day.set({ hour: 12, minute: 15 })),
        endsAt: local(day.set({ hour: 13, minute: 45 })),
        location: '',
        roomId: '',
        capacity: '8',
        visibility: 'public',
        minAttendees: '',
        quorumDeadline: '',
        streamUrl: '',
        hostIds: host.id,
      }).then((r) => statusIs(r, 303));
      const id = /^\/admin\/events\/([0-9a-f-]{36})$/.exec(response.headers.location)![1];
      const event = (await t.api.get(`/api/events/${id}`).expect(200)).body;
      expect(event).toMatchObject({
        title: 'Atelier portrait',
        kind: 'workshop',
        visibility: 'public',
        capacity: 8,
        hostIds: [host.id],
        description: null,
        roomId: null,
        minAttendees: null,
        seatsLeft: 7,
      });
      expect(event.localStartsAt).toBe(day.set({ hour: 12, minute: 15 }).toISO({ suppressMilliseconds: true }));
      const [entry] = (await auditOf('event')).filter((audit) => audit.thingId === id);
      expect(entry).toMatchObject({ action: 'create', actorName: 'Olga Orga' });
    });

    it('offers as hosts the members with a skill, by ?hostSkill=, without JavaScript', async () => {
      await createMember(t, { name: 'Paul Photo', skills: ['Photographe culinaire'] });
      await createMember(t, { name: 'Rita Rédaction', skills: ['rédactrice'] });
      await createMember(t, { name: 'Gaston Invité', skills: ['photographe'], membership: 'guest' });
      const narrowed = (await get('/admin/events/new?hostSkill=photo').expect(200)).text;
      expect(narrowed).toContain('Paul Photo');
      expect(narrowed).toContain('Photographe culinaire');
      expect(narrowed).not.toContain('Gaston Invité');
      expect(narrowed).not.toContain('Rita Rédaction');
      const all = (await get('/admin/events/new').expect(200)).text;
      expect(all).toContain('Rita Rédaction');
    });

    it('answers garbage with a 4xx naming the field, never a 500, and records nothing', async () => {
      const before = (await byOrganiser()).length;
      const refused = await post('/admin/events', {
        kind: 'party',
        title: 'Bad\u0007title',
        startsAt: 'tomorrow',
        endsAt: '2027-13-45T99:99',
        capacity: 'lots',
        roomId: 'not-a-room',
        visibility: 'everyone',
        hostIds: ['not-an-id', 'x'],
        streamUrl: 'javascript:alert(1)',
      }).then((r) => statusIs(r, 400));
      for (const field of [
        'kind',
        'title',
        'startsAt',
        'endsAt',
        'capacity',
        'roomId',
        'visibility',
        'hostIds',
        'streamUrl',
      ]) {
        expect(refused.text).toContain(`id="${field}-error"`);
      }
      expect(refused.text).toContain('value="tomorrow"');
      expect(refused.text).toContain('value="lots"');

      await post('/admin/events', { title: 'x', surprise: 'field' }).then((r) => statusIs(r, 400));
      await post('/admin/events', { title: ['one', 'two'] }).then((r) => statusIs(r, 400));
      // A description as long as the API takes (10,000 characters, 9 bytes each once encoded) is read, not refused.
      const long = await post('/admin/events', { title: 'x', description: 'é'.repeat(10_000) });
      expect(statusIs(long, 400).text).toContain('id="startsAt-error"');
      await post('/admin/events', { title: 'x'.repeat(200_000) }).then((r) => statusIs(r, 413));
      const unknownHost = await post('/admin/events', {
        kind: 'other',
        title: 'Hôte inconnu',
        startsAt: local(nextColunch(t.clock.now())),
        endsAt: local(nextColunch(t.clock.now()).plus({ hours: 1 })),
        hostIds: '00000000-0000-4000-8000-000000000000',
      }).then((r) => statusIs(r, 400));
      expect(unknownHost.text).toContain('id="hostIds-error"');

      const list = await get('/admin/events?from=yesterday&status=gone&kind=party&page=-1').expect(400);
      for (const field of ['from', 'status', 'kind']) expect(list.text).toContain(`id="${field}-error"`);
      expect(list.text).toContain('id="page">Ce numéro de page n’existe pas');
      await get('/admin/events?sort=title').expect(400);
      await get('/admin/events/not-an-id/edit').expect(404);
      await get('/admin/events/00000000-0000-4000-8000-000000000000/edit').expect(404);
      await get('/admin/series/00000000-0000-4000-8000-000000000000').expect(404);

      const series = await post(
        '/admin/series',
        {
          kind: 'colunch',
          title: 'Série ratée',
          firstDay: '2027-02-30',
          startTime: '25:00',
          endTime: '12:00',
          frequency: 'weekly',
          monthWeek: '1',
          monthWeekday: 'TH',
          ending: 'count',
          count: '999',
          visibility: 'members',
          action: 'create',
        },
        '/admin/series/new',
      ).then((r) => statusIs(r, 400));
      for (const field of ['firstDay', 'startTime', 'weekdays', 'count']) {
        expect(series.text).toContain(`id="${field}-error"`);
      }
      await post('/admin/series', { frequency: 'hourly' }, '/admin/series/new').then((r) => statusIs(r, 400));

      const event = await createEvent(t, { title: 'Annulation ratée' });
      await post(
        `/admin/events/${event.id}/cancel`,
        { reason: 'bad\u0000reason' },
        `/admin/events/${event.id}/edit`,
      ).then((r) => statusIs(r, 400));
      expect((await t.api.get(`/api/events/${event.id}`).expect(200)).body.status).toBe('scheduled');
      expect(await byOrganiser()).toHaveLength(before);
      expect(await apiEvents('title=ratée')).toHaveLength(1);
    });

    it('lists events with filters on kind, dates, status and title, paged', async () => {
      const day = nextColunch(t.clock.now()).plus({ weeks: 10 });
      const talk = await createEvent(t, {
        kind: 'talk',
        title: 'Conférence 100% agile',
        startsAt: day.toISO(),
        endsAt: day.plus({ hours: 1 }).toISO(),
      });
      const cancelled = await createEvent(t, {
        kind: 'talk',
        title: 'Conférence annulée',
        startsAt: day.plus({ days: 1 }).toISO(),
        endsAt: day.plus({ days: 1, hours: 1 }).toISO(),
      });
      await t.api.post(`/api/events/${cancelled.id}/cancel`).send({ reason: 'Orateur malade' }).expect(200);

      const byTitle = (await get('/admin/events?title=100%25%20AGILE').expect(200)).text;
      expect(byTitle).toContain(`href="/admin/events/${talk.id}"`);
      expect(byTitle).toContain('1 évènement');
      expect((await get('/admin/events?title=%25').expect(200)).text).not.toContain('Conférence annulée');

      const day1 = day.toISODate();
      const talks = (await get(`/admin/events?kind=talk&from=${day1}&to=${day1}`).expect(200)).text;
      expect(talks).toContain('Conférence 100% agile');
      expect(talks).not.toContain('Conférence annulée');
      const gone = (await get('/admin/events?status=cancelled&kind=talk').expect(200)).text;
      expect(gone).toContain('Conférence annulée');
      expect(gone).not.toContain('Conférence 100% agile');
      expect((await get('/admin/events?status=past').expect(200)).text).toContain('Aucun évènement');

      await createSeries(t, { title: 'Colunch paginé', rrule: 'FREQ=DAILY;COUNT=60' });
      const first = (await get('/admin/events?title=pagin').expect(200)).text;
      expect(first).toContain('60 évènements');
      expect(first).toContain('Page 1 sur 2');
      const next = /href="([^"]+)" rel="next"/
        .exec(first)![1]
        .replace(/&amp;/g, '&')
        .replace(/&#x3D;/g, '=');
      expect(next).toBe('/admin/events?title=pagin&kind=&from=&to=&status=scheduled&page=2');
      const second = (await get(next).expect(200)).text;
      const english = (await get('/admin/events?title=pagin&lang=en').expect(200)).text;
      expect(english).toContain('60 events');
      expect(english).toContain('href="/admin/events/new?lang&#x3D;en"');
      expect(english).toMatch(/href="\/admin\/events\?title&#x3D;pagin[^"]*&amp;lang&#x3D;en" rel="next"/);
      expect(second).toContain('Page 2 sur 2');
      expect(second.match(/Colunch paginé/g)).toHaveLength(10);
    });

    it('cancels one occurrence with a reason (members are told by mail), then every one to come', async () => {
      const member = await createMember(t, { name: 'Inès Inscrite' });
      const series = await createSeries(t, { title: 'Colunch annulable', rrule: 'FREQ=WEEKLY;COUNT=3' });
      const [first, second, third] = series.occurrences;
      await t.api.put(`/api/events/${first.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
      const edit = `/admin/events/${first.id}/edit`;
      const page = (await get(edit).expect(200)).text;
      expect(page).toContain('Cette occurrence seulement (la sauter)');

      const skipped = await post(
        `/admin/events/${first.id}/cancel`,
        { reason: 'Jour férié', cancelScope: 'this' },
        edit,
      );
      expect(skipped.status).toBe(303);
      expect(skipped.headers.location).toBe(`/admin/events/${first.id}`);
      const statuses = async () => (await apiEvents(`seriesId=${series.id}`)).map((event) => event.status);
      expect(await statuses()).toEqual(['cancelled', 'scheduled', 'scheduled']);
      expect((await t.api.get(`/api/events/${first.id}`).expect(200)).body.cancelReason).toBe('Jour férié');
      await t.flushOutbox();
      await waitUntil(
        () => smtp.to(member.email).some((mail) => (mail.parsed.text ?? '').includes('Jour férié')),
        () => `no cancellation mail for ${member.email}`,
      );
      const editCancelled = (await get(edit).expect(200)).text;
      expect(editCancelled).toContain('Cet évènement est annulé');

      const all = await post(
        `/admin/events/${second.id}/cancel`,
        { reason: 'Fin de saison', cancelScope: 'coming' },
        `/admin/events/${second.id}/edit`,
      );
      expect(all.headers.location).toBe(`/admin/series/${series.id}`);
      expect(await statuses()).toEqual(['cancelled', 'cancelled', 'cancelled']);
      expect((await t.api.get(`/api/events/${third.id}`).expect(200)).body.cancelReason).toBe('Fin de saison');
      const seriesPage = (await get(`/admin/series/${series.id}`).expect(200)).text;
      expect(seriesPage.match(/class="cancelled">Annulé</g)).toHaveLength(3);
      expect(seriesPage).not.toContain('Annuler toutes les occurrences à venir');
    });

    it('edits one occurrence only, leaving the others and the fields not changed as they were', async () => {
      const series = await createSeries(t, { title: 'Colunch à part', rrule: 'FREQ=WEEKLY;COUNT=3', capacity: 10 });
      const [, second] = series.occurrences;
      await t.api.patch(`/api/events/${series.occurrences[2].id}`).send({ capacity: 20 }).expect(200);
      const form = (await get(`/admin/events/${second.id}/edit`).expect(200)).text;
      const value = (name: string) => new RegExp(`name="${name}" type="[^"]+" value="([^"]*)"`).exec(form)![1];
      await post(
        `/admin/events/${second.id}/edit`,
        {
          kind: 'colunch',
          title: 'Colunch spécial',
          startsAt: value('startsAt'),
          endsAt: value('endsAt'),
          capacity: '10',
          visibility: 'members',
          scope: 'this',
        },
        `/admin/events/${second.id}/edit`,
      ).then((r) => statusIs(r, 303));
      const events = await apiEvents(`seriesId=${series.id}`);
      expect(events.map((event) => [event.title, event.capacity])).toEqual([
        ['Colunch à part', 10],
        ['Colunch spécial', 10],
        ['Colunch à part', 20],
      ]);
    });
  });
});
