import { DateTime } from 'luxon';
import { Browser } from 'playwright-core';
import { Clock } from '../../src/common/clock';
import { MailingService } from '../../src/mailing/mailing.service';
import { createEvent, createMember, nextColunch, withOffset } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { FixedClock } from '../helpers/fixed-clock';
import { client, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';

const ZONE = 'Europe/Paris';

describe('Encounters in mails and pages', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  let close: () => Promise<void>;
  const clock = new FixedClock(new Date().toISOString());

  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true, overrides: [{ provide: Clock, useValue: clock }] }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await close();
  });
  beforeEach(() => clock.reset());

  const members = async (count: number, overrides: Record<string, unknown> = {}) => {
    const created = [];
    for (let i = 0; i < count; i++) created.push(await createMember(t, overrides));
    return created as { id: string; email: string; name: string }[];
  };
  const answerYes = async (eventId: string, people: { id: string }[]) => {
    for (const { id } of people) {
      await t.api.put(`/api/events/${eventId}/registrations/${id}`).send({ response: 'yes' }).expect(200);
    }
  };
  const checkIn = async (eventId: string, people: { id: string }[]) => {
    for (const { id } of people) await t.api.post(`/api/events/${eventId}/checkins`).send({ memberId: id }).expect(201);
  };
  /** The last mail of a kind ("Invitation", "Rappel"...) about the event that the member received. */
  const lastMail = async (email: string, kind: string, event: Record<string, string>) => {
    await t.flushOutbox();
    const about = (subject = '') => subject.startsWith(kind) && subject.includes(` ${event.title} — `);
    const mails = smtp.to(email).filter((mail) => about(mail.parsed.subject));
    expect(mails.length).toBeGreaterThan(0);
    const { text, html } = mails[mails.length - 1].parsed;
    return { text: text ?? '', html: String(html) };
  };
  const organiser = async () => {
    const [person] = await members(1, { name: 'Olga Organisatrice' });
    await t.api.patch(`/api/members/${person.id}`).send({ role: 'organiser' }).expect(200);
    return signIn(t, smtp, person.email);
  };

  it('invitations and reminders say how many of those going the member has not met, in their language', async () => {
    const [camille] = await members(1, { name: 'Camille', locale: 'fr' });
    const [jo] = await members(1, { name: 'Jo', locale: 'en' });
    const [ana, bob, cyd, dan] = await members(4);
    // Camille and Jo met Ana at a small workshop (everyone checked in there met).
    const workshop = await createEvent(t, { kind: 'workshop' });
    await checkIn(workshop.id, [camille, jo, ana]);

    const one = await createEvent(t);
    await answerYes(one.id, [ana, bob]);
    const several = await createEvent(t);
    await answerYes(several.id, [ana, bob, cyd, dan]);
    const none = await createEvent(t);
    await answerYes(none.id, [ana]);
    for (const event of [one, several, none]) {
      await t.api
        .post(`/api/events/${event.id}/invitations`)
        .send({ memberIds: [camille.id, jo.id] })
        .expect(202);
      await t.flushOutbox();
      const fr = await lastMail(camille.email, 'Invitation', event);
      const en = await lastMail(jo.email, 'Invitation', event);
      if (event === one) {
        expect(fr.text).toContain('1 personne que vous n’avez pas encore rencontrée vient.');
        expect(fr.html).toContain('1 personne que vous n’avez pas encore rencontrée vient.');
        expect(en.text).toContain('1 person you haven’t met is coming.');
      } else if (event === several) {
        expect(fr.text).toContain('3 personnes que vous n’avez pas encore rencontrées viennent.');
        expect(en.text).toContain('3 people you haven’t met are coming.');
      } else {
        expect(fr.text).not.toMatch(/rencontré/);
        expect(en.text).not.toMatch(/haven’t met/);
      }
    }

    // The reminder: Camille now goes too; she is not counted for herself, Bob has met no one.
    await answerYes(several.id, [camille]);
    clock.set(DateTime.fromISO(several.startsAt).minus({ hours: 2 }).toISO()!);
    await t.app.get(MailingService).queueReminders();
    expect((await lastMail(camille.email, 'Rappel', several)).text).toContain(
      '3 personnes que vous n’avez pas encore rencontrées viennent.',
    );
    expect((await lastMail(bob.email, 'Rappel', several)).text).toContain(
      '4 personnes que vous n’avez pas encore rencontrées viennent.',
    );
  });

  it(
    'shows organisers the new encounters per month, the same numbers as the API, and the isolated members',
    async () => {
      const [a1, a2, a3, a4, loner, newcomer] = await members(6);
      const [guest] = await members(1, { membership: 'guest', name: 'Gaston Invité' });
      const firstDay = nextColunch(clock.now());
      const later = firstDay.plus({ weeks: 6 });
      const first = await createEvent(t, { kind: 'workshop' });
      const second = await createEvent(t, {
        kind: 'workshop',
        startsAt: withOffset(later),
        endsAt: withOffset(later.plus({ hours: 1 })),
      });
      const alone = await createEvent(t, { kind: 'workshop' });
      await checkIn(first.id, [a1, a2, a3]);
      await checkIn(second.id, [a1, a2, a4]);
      await checkIn(alone.id, [loner]);
      // A week after the second workshop: the first was 7 weeks ago, the loner's 7 weeks ago too.
      clock.set(later.plus({ weeks: 1 }).toISO()!);

      // What the API says: every pair's first meeting, by month of the space.
      const expected = new Map<string, number>();
      const everyone: { id: string }[] = (await t.api.get('/api/members?limit=500').expect(200)).body;
      for (const member of everyone) {
        const encounters = (await t.api.get(`/api/members/${member.id}/encounters`).expect(200)).body;
        for (const { memberId, firstMetAt } of encounters as { memberId: string; firstMetAt: string }[]) {
          if (member.id > memberId) continue;
          const month = DateTime.fromISO(firstMetAt, { zone: ZONE }).setLocale('fr').toFormat('LLLL yyyy');
          expected.set(month, (expected.get(month) ?? 0) + 1);
        }
      }
      const month = (at: DateTime) => at.setZone(ZONE).setLocale('fr').toFormat('LLLL yyyy');
      expect(expected.get(month(firstDay))).toBeGreaterThanOrEqual(3);
      expect(expected.get(month(later))).toBeGreaterThanOrEqual(2);

      const cookie = await organiser();
      const { context, page } = await signedInPhone(browser, t.url, cookie);
      await page.goto(`${t.url}/admin/encounters`);
      await page.getByRole('heading', { name: 'Rencontres entre membres' }).waitFor();
      await expectAccessible(page);

      const months = await page.locator('table.encounters-months tbody th').allTextContents();
      const counts = (await page.locator('table.encounters-months tbody td').allTextContents()).map(Number);
      expect(months).toHaveLength(12);
      expect(months[11]).toBe(month(DateTime.fromJSDate(clock.now())));
      expect(counts).toEqual(months.map((label) => expected.get(label) ?? 0));
      // The bars say the same, in the same order, and the chart is named for screen readers.
      expect((await page.locator('svg .bar-value').allTextContents()).map(Number)).toEqual(counts);
      expect(await page.getByRole('img', { name: /Diagramme en barres des nouvelles rencontres/ }).count()).toBe(1);

      // Never came: the newcomer (not the guest); came but met nobody new: the loner.
      const neverCame = page.locator('h3#never-came + ul');
      expect(await neverCame.getByRole('link', { name: newcomer.name, exact: true }).count()).toBe(1);
      expect(await neverCame.getByText(guest.name).count()).toBe(0);
      const quiet = page.getByRole('region', { name: /Venus? sans nouvelle rencontre/ });
      const lonerRow = quiet.getByRole('row', { name: new RegExp(`^${loner.name} `) });
      expect(await lonerRow.getByRole('cell').allTextContents()).toEqual([expect.any(String), 'jamais', '0']);
      for (const member of [a1, a2, a3, a4]) expect(await page.getByText(member.name, { exact: true }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Voir tous les membres' }).getAttribute('href')).toBe(
        '/admin/members',
      );
      await page.getByRole('link', { name: 'Rencontres', exact: true }).waitFor();
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows a member the people they met, how many times and when last, with their trades, in their language',
    async () => {
      const [me] = await members(1, { name: 'Maëlle Membre', locale: 'en' });
      const [zoe] = await members(1, { name: 'Zoé Zinc', skills: ['illustratrice', 'graphiste'] });
      const [yann] = await members(1, { name: 'Yann Yole', skills: ['comptable'], company: 'Chiffres & Co' });
      const first = await createEvent(t, { kind: 'workshop' });
      const second = await createEvent(t, {
        kind: 'workshop',
        startsAt: withOffset(nextColunch(clock.now()).plus({ weeks: 1 })),
        endsAt: withOffset(nextColunch(clock.now()).plus({ weeks: 1, hours: 1 })),
      });
      await checkIn(first.id, [me, zoe, yann]);
      await checkIn(second.id, [me, zoe]);

      const cookie = await signIn(t, smtp, me.email);
      const { context, page } = await signedInPhone(browser, t.url, cookie);
      await page.goto(`${t.url}/me/people`);
      await page.getByRole('heading', { name: 'People I met', level: 1 }).waitFor();
      await expectAccessible(page);
      await page.getByText('You have met 2 people.').waitFor();
      const people = await page.locator('.people-met li').allInnerTexts();
      expect(people).toHaveLength(2);
      const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).setLocale('en').toFormat('d LLLL yyyy');
      expect(people[0]).toContain('Zoé Zinc');
      expect(people[0]).toContain('illustratrice, graphiste');
      expect(people[0]).toContain(`Met 2 times, last on ${day(second.startsAt)}.`);
      expect(people[0]).toContain(`First on ${day(first.startsAt)}.`);
      expect(people[1]).toContain('Yann Yole');
      expect(people[1]).toContain('Chiffres & Co');
      expect(people[1]).toContain(`Met once, on ${day(first.startsAt)}.`);

      await page.goto(`${t.url}/me/people?lang=fr`);
      await page.getByRole('heading', { name: 'Les personnes que j’ai rencontrées' }).waitFor();
      await page
        .getByText(
          `2 rencontres, la dernière le ${DateTime.fromISO(second.startsAt, { zone: ZONE }).setLocale('fr').toFormat('d LLLL yyyy')}.`,
        )
        .waitFor();
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it('tells a member who met no one how to meet people, keeps the pages to who may see them, speaks English', async () => {
    const [newcomer] = await members(1);
    const cookie = await signIn(t, smtp, newcomer.email);
    const page = await client(t).get('/me/people').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('Vous n’avez encore rencontré personne ici');
    await client(t).get('/admin/encounters').set('Cookie', cookie).expect(403);
    const anonymous = await client(t).get('/me/people').expect(303);
    expect(anonymous.headers.location).toMatch(/^\/signin\?next=/);
    await client(t).get('/admin/encounters').expect(303);

    const english = await client(t)
      .get('/admin/encounters?lang=en')
      .set('Cookie', await organiser())
      .expect(200);
    expect(english.text).toContain('New encounters per month');
    expect(english.text).toContain('Members (guests aside) who have met nobody new in the last 60 days');
  });
});
