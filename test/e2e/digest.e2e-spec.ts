import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { Clock } from '../../src/common/clock';
import { DigestScheduler } from '../../src/digest/digest.scheduler';
import { createEvent, createMember, withOffset } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { FixedClock } from '../helpers/fixed-clock';
import { signIn } from '../helpers/signin';
import { appWithSmtp, rawHeader, ReceivedMail, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { createTestDatabase, onPostgres } from '../helpers/test-database';

/** The space's zone in the tests (the TIMEZONE default). */
const ZONE = 'Europe/Paris';

/** Monday 00:00, in the space's zone, of the week `weeksAhead` weeks after the real one: never a date of the past. */
const mondayAhead = (weeksAhead: number) => DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: weeksAhead });

/** A time of the week as the API takes it: `days` after its Monday, at "HH:MM". */
function on(monday: DateTime, days: number, hhmm: string): string {
  const [hour, minute] = hhmm.split(':').map(Number);
  return withOffset(monday.plus({ days }).set({ hour, minute }));
}

const digestsIn = (mails: ReceivedMail[]) =>
  mails.filter((mail) => /^(Cette semaine à|This week at) /.test(mail.parsed.subject ?? ''));

/** The link of a digest's text that answers `response` to the event with this title. */
function answerLink(mail: ReceivedMail, title: string, response: string): URL {
  const after = (mail.parsed.text ?? '').split(`— ${title}\n`)[1];
  const link = new RegExp(`http://rencontres\\.test/rsvp/[\\w-]+\\?response=${response}`).exec(after ?? '')?.[0];
  if (!link) throw new Error(`no ${response} link for ${title} in: ${mail.parsed.text}`);
  return new URL(link);
}

describe('the weekly digest', () => {
  const clock = new FixedClock(mondayAhead(1).toISO()!);
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  beforeAll(
    async () =>
      ({ t, smtp, close } = await appWithSmtp({ listen: true, overrides: [{ provide: Clock, useValue: clock }] })),
  );
  afterAll(() => close());

  /** Monday of that week at `hhmm`, the scheduler's pass, and every mail it queued sent. */
  async function mondayMorning(monday: DateTime, hhmm = '08:00'): Promise<void> {
    clock.set(on(monday, 0, hhmm));
    await t.app.get(DigestScheduler).run();
    await t.flushOutbox();
  }

  const digestsTo = (email: string) => digestsIn(smtp.to(email));
  const statusOf = async (eventId: string, memberId: string) =>
    ((await t.api.get(`/api/events/${eventId}/registrations`).expect(200)).body as Record<string, string>[]).find(
      (registration) => registration.memberId === memberId,
    )?.status;

  it('lists on Monday 08:00 the week’s events each member may attend with their answer, in their language, once', async () => {
    const monday = mondayAhead(1);
    clock.set(on(monday, 0, '00:30'));
    const camille = await createMember(t, { name: 'Camille Martin' });
    const alex = await createMember(t, { name: 'Alex Smith', locale: 'en' });
    const workclubber = await createMember(t, { name: 'Dominique Leroy' });
    await createEvent(t, {
      kind: 'open-coffee',
      title: 'Open coffee du mardi',
      visibility: 'public',
      startsAt: on(monday, 1, '09:00'),
      endsAt: on(monday, 1, '10:30'),
    });
    const colunch = await createEvent(t, {
      title: 'Colunch du jeudi',
      startsAt: on(monday, 3, '12:30'),
      endsAt: on(monday, 3, '14:00'),
    });
    const cancelled = await createEvent(t, {
      kind: 'talk',
      title: 'Conférence annulée',
      startsAt: on(monday, 2, '18:30'),
      endsAt: on(monday, 2, '20:00'),
    });
    await t.api.post(`/api/events/${cancelled.id}/cancel`).send({}).expect(200);
    await createEvent(t, {
      title: 'Atelier de la semaine suivante',
      startsAt: on(monday, 7, '12:00'),
      endsAt: on(monday, 7, '13:00'),
    });
    const cohort = (
      await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub de décembre', startsOn: monday.plus({ days: 2 }).toISODate(), durationDays: 45 })
        .expect(201)
    ).body;
    await t.api
      .post(`/api/cohorts/${cohort.id}/members`)
      .send({ memberId: workclubber.id, projectTitle: 'Ouvrir un atelier' })
      .expect(201);
    await t.api.put(`/api/events/${colunch.id}/registrations/${camille.id}`).send({ response: 'yes' }).expect(200);

    await mondayMorning(monday, '07:59');
    expect(digestsTo(camille.email)).toHaveLength(0);
    await mondayMorning(monday);
    await mondayMorning(monday, '08:01');

    const [fr] = digestsTo(camille.email);
    expect(digestsTo(camille.email)).toHaveLength(1);
    expect(fr.parsed.subject).toBe('Cette semaine à Rencontres');
    const text = fr.parsed.text!;
    expect(text).toContain('Bonjour Camille Martin, voici les 2 événements de la semaine');
    expect(text.indexOf('Open coffee du mardi')).toBeLessThan(text.indexOf('Colunch du jeudi'));
    expect(text).toMatch(
      /Colunch du jeudi\nQuand : jeudi .*\nVotre réponse : vous venez — une place vous est réservée/,
    );
    expect(text).toMatch(/Open coffee du mardi\nQuand : mardi .*\nVotre réponse : pas encore de réponse/);
    for (const absent of ['Conférence annulée', 'Atelier de la semaine suivante', 'Workclub de décembre']) {
      expect(text).not.toContain(absent);
    }
    expect(fr.parsed.html).toContain('Colunch du jeudi');
    expect(rawHeader(fr, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(fr, 'List-Unsubscribe')).toMatch(/^<http:\/\/rencontres\.test\/unsubscribe\/[\w-]+>$/);
    expect(text).toContain('Ne plus recevoir le résumé de la semaine');

    const [en] = digestsTo(alex.email);
    expect(en.parsed.subject).toBe('This week at Rencontres');
    expect(en.parsed.text).toContain('Hello Alex Smith, here are the 2 events of the week');
    expect(en.parsed.text).toMatch(/Open coffee du mardi\nWhen : Tuesday .*\nYour answer : no answer yet/);
    expect(en.parsed.text).toContain('Stop receiving the weekly digest');

    const [session] = digestsTo(workclubber.email);
    expect(session.parsed.text).toContain('voici les 3 événements');
    expect(session.parsed.text).toContain('Workclub de décembre');
  });

  it('answers only when the button of the page behind its link is pressed, and stops with one click', async () => {
    const monday = mondayAhead(2);
    clock.set(on(monday, 0, '06:00'));
    const member = await createMember(t);
    const keen = await createMember(t);
    const lunch = await createEvent(t, {
      title: 'Colunch bis',
      startsAt: on(monday, 1, '12:30'),
      endsAt: on(monday, 1, '14:00'),
    });
    await mondayMorning(monday);
    const [digest] = digestsTo(member.email);

    const yes = answerLink(digest, 'Colunch bis', 'yes');
    for (let i = 0; i < 3; i++) {
      const page = await t.http.get(yes.pathname + yes.search).expect(200);
      expect(page.text).toContain('Colunch bis');
    }
    expect(await statusOf(lunch.id, member.id)).toBeUndefined();
    const done = await t.http.post(yes.pathname).type('form').send({ response: 'yes' }).expect(200);
    expect(done.text).toContain('vous venez');
    expect(await statusOf(lunch.id, member.id)).toBe('going');

    const unsubscribe = new URL(rawHeader(digest, 'List-Unsubscribe')!.slice(1, -1)).pathname;
    await t.http
      .post(unsubscribe)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await t.api.get(`/api/members/${member.id}`)).body.mailPreferences).toEqual({
      invitations: true,
      reminders: true,
      digest: false,
    });

    const next = mondayAhead(3);
    clock.set(on(next, 0, '06:00'));
    await createEvent(t, { title: 'Colunch ter', startsAt: on(next, 1, '12:30'), endsAt: on(next, 1, '14:00') });
    await mondayMorning(next);
    expect(digestsTo(member.email)).toHaveLength(1);
    expect(digestsTo(keen.email)).toHaveLength(2);
  });

  it('sends nothing when the week holds no event', async () => {
    await createMember(t);
    const before = smtp.received.length;
    await mondayMorning(mondayAhead(12));
    expect(smtp.received).toHaveLength(before);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => (browser = await launchBrowser()));
    afterAll(() => browser.close());

    it(
      'is turned off on /me/mail, and the next Monday brings no digest',
      async () => {
        const monday = mondayAhead(4);
        clock.set(on(monday.minus({ days: 3 }), 0, '10:00'));
        const member = await createMember(t, { name: 'Sacha Petit' });
        const control = await createMember(t);
        const cookie = await signIn(t, smtp, member.email);
        const { context, page } = await signedInPhone(browser, t.url, cookie);
        try {
          await page.goto(`${t.url}/me/mail`);
          await expectAccessible(page);
          const digest = page.getByLabel('Le résumé de la semaine');
          expect(await digest.isChecked()).toBe(true);
          await digest.uncheck();
          await page.getByRole('button', { name: 'Enregistrer' }).click();
          await page.waitForURL(/\/me\/mail\?saved=1$/);
          expect(await page.getByRole('status').textContent()).toContain('Vos choix sont enregistrés.');
          expect(await page.getByLabel('Le résumé de la semaine').isChecked()).toBe(false);
          expect(await page.getByLabel('Les invitations').isChecked()).toBe(true);
          await expectAccessible(page);
        } finally {
          await context.close();
        }

        await createEvent(t, {
          title: 'Atelier du midi',
          startsAt: on(monday, 2, '12:30'),
          endsAt: on(monday, 2, '13:30'),
        });
        await mondayMorning(monday);
        expect(digestsTo(control.email)).toHaveLength(1);
        expect(digestsTo(member.email)).toHaveLength(0);
      },
      BROWSER_TEST_MS,
    );
  });
});

/** Several server processes share a PostgreSQL database; a SQLite file has one. */
describe('the weekly digest with two server processes on one PostgreSQL database', () => {
  (onPostgres ? it : it.skip)('reaches each member once', async () => {
    const smtp = await SmtpSink.start();
    const database = await createTestDatabase();
    const monday = mondayAhead(1);
    const clock = new FixedClock(on(monday, 0, '06:00'));
    const options = { database, env: { SMTP_URL: smtp.url }, overrides: [{ provide: Clock, useValue: clock }] };
    const a = await createTestApp(options);
    const b = await createTestApp(options);
    try {
      const members = [];
      for (let i = 0; i < 6; i++) members.push(await createMember(a));
      await createEvent(a, {
        title: 'Colunch partagé',
        startsAt: on(monday, 1, '12:30'),
        endsAt: on(monday, 1, '14:00'),
      });
      clock.set(on(monday, 0, '08:00'));
      await Promise.all([a.app.get(DigestScheduler).run(), b.app.get(DigestScheduler).run()]);
      await Promise.all([a.flushOutbox(), b.flushOutbox()]);
      await Promise.all([a.app.get(DigestScheduler).run(), b.app.get(DigestScheduler).run()]);
      await Promise.all([a.flushOutbox(), b.flushOutbox()]);
      for (const member of members) expect(digestsIn(smtp.to(member.email))).toHaveLength(1);
      expect(smtp.received).toHaveLength(members.length);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
      await smtp.stop();
    }
  });
});
