import { Browser } from 'playwright-core';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { createEvent, createMember, createSeries, withOffset, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { client, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

describe('The organisers’ dashboard, tokens and audit pages', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;
  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Odile Tableau' });
    cookie = await signIn(t, smtp, organiser.email);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  /** A day from now in Paris, at a wall-clock time. */
  const inDays = (days: number, hour = 12, minute = 30) =>
    DateTime.fromJSDate(t.clock.now(), { zone: 'Europe/Paris' }).plus({ days }).set({ hour, minute, second: 0 });

  it(
    'shows the next 14 days with their answers, quorums, failed mails, cohorts running and what to fix; readable at 375 px',
    async () => {
      const [ana, bob, cid] = await Promise.all(
        ['Ana Oui', 'Bob Oui', 'Cid Attente'].map((name) => createMember(t, { name })),
      );
      const host = await createMember(t, { name: 'Hélène Hôte' });
      const soon = await createEvent(t, {
        title: 'Colunch du jeudi',
        startsAt: withOffset(inDays(3)),
        endsAt: withOffset(inDays(3, 14, 0)),
        capacity: 2,
        hostIds: [host.id],
      });
      for (const [member, response] of [
        [ana, 'yes'],
        [bob, 'yes'],
        [cid, 'yes'],
        [host, 'maybe'],
      ] as const) {
        await t.api.put(`/api/events/${soon.id}/registrations/${member.id}`).send({ response }).expect(200);
      }
      const training = await createEvent(t, {
        kind: 'training',
        title: 'Formation comptabilité',
        startsAt: withOffset(inDays(20, 9, 0)),
        endsAt: withOffset(inDays(20, 12, 0)),
        minAttendees: 5,
        quorumDeadline: withOffset(inDays(18, 18, 0)),
      });
      await t.api.put(`/api/events/${training.id}/registrations/${ana.id}`).send({ response: 'yes' }).expect(200);
      await createEvent(t, {
        title: 'Atelier sans hôte',
        startsAt: withOffset(inDays(5)),
        endsAt: withOffset(inDays(5, 14, 0)),
        hostIds: [],
      });
      await createSeries(t, {
        title: 'Open coffee bientôt fini',
        startsAt: withOffset(inDays(2, 9, 0)),
        endsAt: withOffset(inDays(2, 10, 0)),
        rrule: 'FREQ=WEEKLY;COUNT=2',
        hostIds: [host.id],
      });
      const today = DateTime.fromJSDate(t.clock.now(), { zone: 'Europe/Paris' }).toISODate();
      await t.api.post('/api/cohorts').send({ title: 'Workclub d’hiver', startsOn: today }).expect(201);
      // The relay refuses Bob's address for good: his invitation fails.
      smtp.reject = (address) => (address === bob.email ? { code: 550, message: 'No such mailbox' } : null);
      await t.api
        .post(`/api/events/${soon.id}/invitations`)
        .send({ memberIds: [bob.id] })
        .expect(202);
      await t.flushOutbox();
      smtp.reject = () => null;

      const page = await client(t).get('/admin').set('Cookie', cookie).expect(200);
      const html = page.text;
      expect(html).toContain('Les 14 prochains jours');
      // Colunch du jeudi: 2 going, 1 on the waitlist, 1 maybe, no seat left.
      expect(html).toMatch(
        /Colunch du jeudi<\/a><\/td>\s*<td class="number">2<\/td><td class="number">1<\/td><td class="number">1<\/td>\s*<td class="number">0<\/td>/,
      );
      expect(html).toContain('Formation comptabilité');
      expect(html).toContain('1 oui sur 5 nécessaires');
      expect(html).toContain('1 courrier en échec');
      expect(html).toContain('No such mailbox');
      expect(html).toContain('Workclub d’hiver');
      const toFix = html.slice(html.indexOf('id="fix"'));
      expect(toFix).toContain('Atelier sans hôte');
      expect(toFix).not.toContain('Colunch du jeudi');
      expect(toFix).toContain('Open coffee bientôt fini');

      const english = await client(t).get('/admin?lang=en').set('Cookie', cookie).expect(200);
      expect(english.text).toContain('The next 14 days');
      expect(english.text).toContain('1 yes of the 5 needed');

      const { context, page: phone } = await signedInPhone(browser, t.url, cookie);
      for (const path of ['/admin', '/admin/tokens', '/admin/audit']) {
        await phone.goto(`${t.url}${path}`);
        await expectAccessible(phone);
      }
      await phone.goto(`${t.url}/admin`);
      await phone.getByRole('link', { name: 'Voir les courriers en échec et les renvoyer' }).click();
      await phone.getByText('No such mailbox').waitFor();
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it('reads the dashboard in as many queries with 40 more events in the fortnight', async () => {
    const dataSource = t.app.get(DataSource);
    const eventQueries = async () => {
      const spy = jest.spyOn(dataSource.logger, 'logQuery');
      await client(t).get('/admin').set('Cookie', cookie).expect(200);
      const count = spy.mock.calls.filter(([sql]) => /FROM "event"/.test(sql)).length;
      spy.mockRestore();
      return count;
    };
    const before = await eventQueries();
    for (let i = 0; i < 40; i++) {
      const day = 1 + (i % 12);
      await createEvent(t, {
        title: `Colunch n°${i}`,
        startsAt: withOffset(inDays(day)),
        endsAt: withOffset(inDays(day, 14, 0)),
      });
    }
    expect(await eventQueries()).toBe(before);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(10);
  });

  it('shows the audit trail with filters and pages; a bad day comes back beside its field', async () => {
    const room = (await t.api.post('/api/rooms').send({ name: 'Verrière du journal' }).expect(201)).body;
    await t.api.patch(`/api/rooms/${room.id}`).send({ capacity: 30 }).expect(200);
    const ofRoom = await client(t).get(`/admin/audit?kind=room&thingId=${room.id}`).set('Cookie', cookie).expect(200);
    expect(ofRoom.text).toContain('2 modifications');
    expect(ofRoom.text).toContain(`update · room <a href="/admin/audit?thingId=${room.id}">`);
    const byAdmin = await client(t).get('/admin/audit?actor=admin-token&kind=room').set('Cookie', cookie).expect(200);
    expect(byAdmin.text).toContain('jeton d’administration');
    expect(byAdmin.text).toContain('Page 1 sur 1');
    const future = DateTime.now().plus({ days: 2 }).toISODate();
    const none = await client(t).get(`/admin/audit?from=${future}`).set('Cookie', cookie).expect(200);
    expect(none.text).toContain('Aucune modification enregistrée');
    const bad = await client(t).get('/admin/audit?from=hier&kind=room').set('Cookie', cookie).expect(400);
    expect(bad.text).toContain('<a href="#from">Donnez une date au format AAAA-MM-JJ</a>');
    expect(bad.text).toContain('value="hier"');
    expect(bad.text).toContain('<option value="room" selected>');
  });

  it('sends an anonymous browser to sign in and refuses a member who is not an organiser', async () => {
    for (const path of [
      '/admin',
      '/admin/tokens',
      '/admin/audit',
      '/admin/cohorts',
      '/admin/mail',
      '/admin/mail/inbox',
    ]) {
      const anonymous = await client(t).get(path).expect(303);
      expect(anonymous.headers.location).toBe(`/signin?next=${encodeURIComponent(path)}`);
    }
    const member = await createMember(t, { name: 'Marc Membre' });
    const memberCookie = await signIn(t, smtp, member.email);
    await client(t).get('/admin').set('Cookie', memberCookie).expect(403);
  });
});
