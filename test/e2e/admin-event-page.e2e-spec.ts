import { Browser } from 'playwright-core';
import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, csrfOf, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('An event’s page in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;

  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Olga Organisatrice', skills: ['animatrice'] });
    cookie = await signIn(t, smtp, organiser.email);
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });

  const page = (path: string) => client(t).get(path).set('Cookie', cookie);
  /** Posts a form of the page at `from` with its CSRF token. */
  const post = async (from: string, path: string, form: Record<string, string | string[]>) => {
    const csrf = csrfOf((await page(from).expect(200)).text);
    return client(t)
      .post(path)
      .set('Cookie', cookie)
      .type('form')
      .send({ ...form, _csrf: csrf });
  };
  const registrations = async (eventId: string) =>
    (await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, any>[];
  const statusOf = async (eventId: string, memberId: string) =>
    (await registrations(eventId)).find((registration) => registration.memberId === memberId)?.status;

  it(
    'invites by skill: the page shows who gets a mail before sending, then the mails reach exactly them',
    async () => {
      const event = await createEvent(t, { title: 'Atelier terre et four' });
      const [ana, basile, chloe, denis] = await Promise.all([
        createMember(t, { name: 'Ana Argile', skills: ['céramiste', 'graphiste'] }),
        createMember(t, { name: 'Basile Barbotine', skills: ['Céramiste'] }),
        createMember(t, { name: 'Chloé Chamotte', skills: ['céramiste'] }),
        createMember(t, { name: 'Denis Dessin', skills: ['graphiste'] }),
      ]);
      await t.api
        .post(`/api/events/${event.id}/invitations`)
        .send({ memberIds: [chloe.id] })
        .expect(202);
      await t.flushOutbox();

      const { context, page: tab } = await signedInPhone(browser, t.url, cookie);
      await tab.goto(`${t.url}/admin/events/${event.id}`);
      await tab.getByRole('heading', { name: 'Atelier terre et four', level: 1 }).waitFor();
      await tab.getByText('1 personne déjà invitée').waitFor();
      await expectAccessible(tab);
      await tab.getByLabel('Les membres ayant un métier').check();
      await tab.getByLabel('Métier', { exact: true }).selectOption('céramiste');
      await tab.getByRole('button', { name: 'Voir qui sera invité' }).click();

      await tab.getByText('2 personnes recevront un mail').waitFor();
      expect(await tab.locator('#invite-count + ul').innerText()).toBe('Ana Argile\nBasile Barbotine');
      await tab.getByText('1 personne déjà invitée').waitFor();
      await expectAccessible(tab);
      expect(smtp.to(ana.email)).toHaveLength(0);
      await tab.getByRole('button', { name: 'Envoyer 2 invitations' }).click();
      await tab.getByText('2 invitations envoyées').waitFor();
      expect(new URL(tab.url()).pathname).toBe(`/admin/events/${event.id}`);
      await tab.getByText('3 personnes déjà invitées').waitFor();
      await context.close();

      await t.flushOutbox();
      for (const member of [ana, basile]) {
        const mails = smtp.to(member.email);
        expect(mails).toHaveLength(1);
        expect(mails[0].parsed.subject).toContain('Atelier terre et four');
      }
      expect(smtp.to(chloe.email)).toHaveLength(1);
      expect(smtp.to(denis.email)).toHaveLength(0);
      const audit = (await t.api.get('/api/audit').query({ thingId: event.id }).expect(200)).body;
      expect(audit[0]).toMatchObject({ action: 'invitations', actorKind: 'organiser' });
    },
    BROWSER_TEST_MS,
  );

  it('adds, changes and removes answers under the seats rule: a full event waitlists, a removal promotes', async () => {
    const event = await createEvent(t, { title: 'Colunch à une place', capacity: 1 });
    const [eve, fred] = await Promise.all([
      createMember(t, { name: 'Ève Première' }),
      createMember(t, { name: 'Fred Second' }),
    ]);
    const from = `/admin/events/${event.id}`;
    await post(from, `${from}/registrations`, { memberId: eve.id, response: 'yes' }).then((r) =>
      expect(r.status).toBe(303),
    );
    await post(from, `${from}/registrations`, { memberId: fred.id, response: 'yes' }).then((r) =>
      expect(r.status).toBe(303),
    );
    expect(await statusOf(event.id, eve.id)).toBe('going');
    expect(await statusOf(event.id, fred.id)).toBe('waitlisted');
    const html = (await page(from).expect(200)).text;
    expect(html).toContain('Viennent (1)');
    expect(html).toContain('Liste d’attente, dans l’ordre (1)');
    expect(html).toMatch(/<td>1<\/td>\s*<td>Fred Second/);
    expect(html).toContain('complet sur 1');

    const removed = await post(from, `${from}/registrations/${eve.id}/remove`, {});
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`${from}#attendees`);
    expect(await statusOf(event.id, eve.id)).toBeUndefined();
    expect(await statusOf(event.id, fred.id)).toBe('going');
    await post(from, `${from}/registrations`, { memberId: fred.id, response: 'maybe' }).then((r) =>
      expect(r.status).toBe(303),
    );
    expect(await statusOf(event.id, fred.id)).toBe('maybe');
    expect((await page(from).expect(200)).text).toContain('Peut-être (1)');
  });

  it('shows a training’s quorum, links to the public page and the feed, and exports the CSV', async () => {
    const start = new Date(t.clock.now().getTime() + 30 * 24 * 3600 * 1000);
    const event = await createEvent(t, {
      kind: 'training',
      title: 'Formation compta',
      minAttendees: 3,
      quorumDeadline: new Date(start.getTime() - 7 * 24 * 3600 * 1000).toISOString(),
    });
    const gina = await createMember(t, { name: 'Gina Tableur' });
    await t.api.put(`/api/events/${event.id}/registrations/${gina.id}`).send({ response: 'yes' }).expect(200);
    const html = (await page(`/admin/events/${event.id}`).expect(200)).text;
    expect(html).toContain('1 sur 3 minimum ont dit oui');
    for (const link of [
      `/events/${event.id}`,
      `/events/${event.id}.ics`,
      '/calendar/kinds/training',
      `/admin/events/${event.id}/edit`,
      `/admin/events/${event.id}/checkin`,
      `/admin/events/${event.id}/table-plan`,
    ]) {
      expect(html).toContain(`href="${link}"`);
    }
    const csv = await page(`/admin/events/${event.id}/attendees.csv`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toContain(`"Gina Tableur","${gina.email}","attendee","going"`);
    const english = (await page(`/admin/events/${event.id}?lang=en`).expect(200)).text;
    expect(english).toContain('1 of 3 needed said yes');
  });

  it('refuses bad forms with the message beside the field and what was typed kept; 4xx, never 500', async () => {
    const event = await createEvent(t, { title: 'Colunch des erreurs' });
    const hana = await createMember(t, { name: 'Hana Hors-sujet', skills: ['potière'] });
    const from = `/admin/events/${event.id}`;

    const noMember = await post(from, `${from}/registrations`, { memberId: '', response: 'yes' });
    expect(noMember.status).toBe(422);
    expect(noMember.text).toContain('<p class="field-error" id="memberId-error">Choisissez un membre</p>');
    expect(noMember.text).toContain('<a href="#memberId">Choisissez un membre</a>');
    const badAnswer = await post(from, `${from}/registrations`, { memberId: hana.id, response: 'perhaps' });
    expect(badAnswer.status).toBe(422);
    expect(badAnswer.text).toContain('Choisissez oui, peut-être ou non');
    expect(badAnswer.text).toContain(`<option value="${hana.id}" selected>`);
    const ghost = await post(from, `${from}/registrations`, {
      memberId: '00000000-0000-4000-8000-000000000000',
      response: 'yes',
    });
    expect(ghost.status).toBe(422);
    expect(ghost.text).toContain('Ce membre n’existe pas');

    const noSkill = await page(`${from}/invitations?audience=skill&skill=`).expect(422);
    expect(noSkill.text).toContain('id="skill-error">Choisissez un métier');
    const unknownSkill = await page(`${from}/invitations?audience=skill&skill=astronaute`).expect(422);
    expect(unknownSkill.text).toContain('Aucun membre n’a ce métier');
    expect((await page(`${from}/invitations?audience=chosen`).expect(422)).text).toContain('Cochez au moins un membre');
    expect((await page(`${from}/invitations?audience=everyone`).expect(422)).text).toContain('Choisissez qui inviter');
    const kept = await page(`${from}/invitations?audience=membership&membership=astronaut`).expect(422);
    expect(kept.text).toContain('id="audience-membership" name="audience" value="membership" checked');
    expect((await post(from, `${from}/invitations`, { audience: 'chosen' })).status).toBe(422);
    expect(
      (await client(t).post(`${from}/invitations`).set('Cookie', cookie).type('form').send({ audience: 'all' })).status,
    ).toBe(403);

    const chosen = await page(`${from}/invitations?audience=chosen&memberIds=${hana.id}`).expect(200);
    expect(chosen.text).toContain('1 personne recevra un mail');
    expect(chosen.text).toContain(`<input type="hidden" name="memberIds" value="${hana.id}">`);
    const sent = await post(`${from}/invitations?audience=chosen&memberIds=${hana.id}`, `${from}/invitations`, {
      audience: 'chosen',
      memberIds: [hana.id],
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.location).toBe(`${from}?invited=1#invitations`);
    expect((await page(`${from}/invitations?audience=chosen&memberIds=${hana.id}`).expect(200)).text).toContain(
      'Personne ne recevra de mail',
    );

    await page('/admin/events/not-an-id').expect(404);
    await page('/admin/events/00000000-0000-4000-8000-000000000000').expect(404);
    await page(`${from}/invitations?audience=all&surprise=1`).expect(400);
    await client(t)
      .get(from)
      .expect(303)
      .expect('Location', `/signin?next=${encodeURIComponent(from)}`);
    const plain = await createMember(t);
    const memberCookie = await signIn(t, smtp, plain.email);
    await client(t).get(from).set('Cookie', memberCookie).expect(403);

    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    const cancelled = await post(from, `${from}/registrations`, { memberId: hana.id, response: 'yes' });
    expect(cancelled.status).toBe(409);
    expect(cancelled.text).toContain('L’évènement est annulé');
    expect((await page(`${from}/invitations?audience=all`).expect(409)).text).toContain('L’évènement est annulé');
    expect(await registrations(event.id)).toEqual([]);
  });

  it(
    'makes a printable table plan in Chromium, one card per table with names and trades, and makes it again',
    async () => {
      const event = await createEvent(t, { title: 'Colunch en tables' });
      const people = await Promise.all(
        ['Inès', 'Jules', 'Karim', 'Léna', 'Marc', 'Nora'].map((name, index) =>
          createMember(t, {
            name: `${name} Table`,
            skills: [`métier ${index}`],
            company: index === 0 ? 'Atelier Inès' : undefined,
          }),
        ),
      );
      for (const member of people) {
        await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
      }
      const from = `/admin/events/${event.id}/table-plan`;
      const wrong = await post(from, from, { tableSize: 'quatre', tables: '' });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('id="tableSize-error">Donnez un nombre entier de personnes par table');
      expect(wrong.text).toContain('value="quatre"');
      expect((await post(from, from, { tableSize: '3', tables: '2' })).text).toContain('un seul des deux');
      expect((await post(from, from, { tableSize: '', tables: '0' })).status).toBe(422);

      const { context, page: tab } = await signedInPhone(browser, t.url, cookie);
      await tab.goto(`${t.url}${from}`);
      await tab.getByText('Pas encore de plan de table.').waitFor();
      await expectAccessible(tab);
      await tab.getByLabel('Personnes par table').fill('3');
      await tab.getByRole('button', { name: 'Faire le plan' }).click();
      await tab.getByRole('heading', { name: 'Table 2' }).waitFor();
      await expectAccessible(tab);
      const cards = tab.locator('.table-card');
      expect(await cards.count()).toBe(2);
      const text = (await cards.allInnerTexts()).join('\n');
      for (const member of people) expect(text.split(member.name as string)).toHaveLength(2);
      expect(text).toContain('métier 0 · Atelier Inès');
      const plan = (await t.api.get(`/api/events/${event.id}/table-plan`).expect(200)).body;
      expect(plan.tables.map((table: { memberIds: string[] }) => table.memberIds.length)).toEqual([3, 3]);

      await tab.emulateMedia({ media: 'print' });
      expect(await tab.locator('.site-header').isHidden()).toBe(true);
      expect(await tab.locator('form.no-print').isHidden()).toBe(true);
      expect(await cards.first().isVisible()).toBe(true);
      await tab.emulateMedia({ media: 'screen' });

      await tab.getByLabel('Personnes par table').fill('');
      await tab.getByLabel('Nombre de tables').fill('3');
      await tab.getByRole('button', { name: 'Refaire le plan' }).click();
      await tab.getByRole('heading', { name: 'Table 3' }).waitFor();
      expect((await t.api.get(`/api/events/${event.id}/table-plan`).expect(200)).body.tables).toHaveLength(3);
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
