import { createEvent, createMember, createRoom, timeOn } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { calendarPart, vevents } from '../helpers/ics';
import { rawHeader, SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { localStart, wallClock, whenText } from '../helpers/when';
import { Clock } from '../../src/common/clock';
import { QuorumScheduler } from '../../src/planning/quorum.scheduler';
import { OutboxWorker } from '../../src/mailing/outbox.worker';
import { RemindersScheduler } from '../../src/mailing/reminders.scheduler';

describe('mailing through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const clock = new FixedClock('2027-01-04T09:00:00+01:00');

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>' },
      overrides: [{ provide: Clock, useValue: clock }],
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });
  beforeEach(async () => {
    clock.reset();
    // The poller may be sending a mail of the previous test: let it land before emptying the mailbox.
    await t.flushOutbox();
    smtp.received.length = 0;
    smtp.reject = () => null;
  });

  const invite = (eventId: string, body: Record<string, unknown>) =>
    t.api.post(`/api/events/${eventId}/invitations`).send(body);
  const drain = () => t.app.get(OutboxWorker).drain();

  it('sends one invitation per member, in their language, with answer links and an iTIP REQUEST', async () => {
    const host = await createMember(t, { name: 'Hélène Hôte' });
    const camille = await createMember(t, { name: 'Camille', locale: 'fr' });
    const jo = await createMember(t, { name: 'Jo', locale: 'en' });
    const room = await createRoom(t, { name: 'Salle verrière' });
    const event = await createEvent(t, {
      title: 'Colunch <b>facturer</b> & négocier',
      location: 'Grande table',
      roomId: room.id,
      hostIds: [host.id],
      capacity: 15,
      streamUrl: 'https://stream.example/live?a=1&b=2',
    });
    const res = await invite(event.id, { memberIds: [camille.id, jo.id] }).expect(202);
    expect(res.body).toEqual({ queued: 2, alreadyInvited: 0, unsubscribed: 0 });
    await smtp.waitFor(2);

    const [fr] = smtp.to(camille.email);
    expect(fr.parsed.to).toMatchObject({ value: [{ address: camille.email, name: 'Camille' }] });
    expect(fr.parsed.from?.value[0]).toMatchObject({
      address: 'rencontres@coworking.example',
      name: 'Rencontres Lille',
    });
    const subjectWhen = (locale: string) => wallClock(event.startsAt, event.timezone, locale, 'cccc d LLLL, HH:mm');
    expect(fr.parsed.subject).toBe(`Invitation : Colunch <b>facturer</b> & négocier — ${subjectWhen('fr')}`);
    expect(fr.parsed.messageId).toMatch(/^<[0-9a-f-]{36}@rencontres\.test>$/);
    expect(rawHeader(fr, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(rawHeader(fr, 'List-Unsubscribe')).toMatch(/^<http:\/\/rencontres\.test\/unsubscribe\/[A-Za-z0-9_-]+>$/);

    const text = fr.parsed.text!;
    expect(text).toContain('Bonjour Camille, vous êtes invité·e à « Colunch <b>facturer</b> & négocier ».');
    expect(text).toContain(whenText(event, 'fr'));
    expect(text).toContain('Salle verrière, Grande table');
    expect(text).toContain('Hélène Hôte');
    expect(text).toContain('https://stream.example/live?a=1&b=2');
    const links = [...text.matchAll(/http:\/\/rencontres\.test\/rsvp\/([A-Za-z0-9_-]+)\?response=(yes|maybe|no)/g)];
    expect(links.map((link) => link[2])).toEqual(['yes', 'maybe', 'no']);

    const html = fr.parsed.html as string;
    expect(html).toContain('Colunch &lt;b&gt;facturer&lt;/b&gt; &amp; négocier');
    expect(html).not.toContain('<b>facturer</b>');

    const ics = calendarPart(fr.parsed);
    expect(ics.contentType).toContain('method');
    expect(fr.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(ics.content).toMatch(/^METHOD:REQUEST\r?$/m);
    const [vevent] = vevents(ics.content);
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe(`mailto:${camille.email}`);
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
    expect(attendee.getParameter('partstat')).toBe('NEEDS-ACTION');
    expect(String(vevent.getFirstPropertyValue('organizer'))).toMatch(
      /^mailto:rencontres\+[a-z2-7]{20}@coworking\.example$/,
    );
    const start = vevent.getFirstPropertyValue('dtstart') as any;
    expect([start.zone.tzid, start.hour, start.minute]).toEqual(['Europe/Paris', 12, 30]);

    const [en] = smtp.to(jo.email);
    expect(en.parsed.subject).toBe(`Invitation: Colunch <b>facturer</b> & négocier — ${subjectWhen('en')}`);
    expect(en.parsed.text).toContain('Hello Jo, you are invited');
    expect(en.parsed.text).toContain(whenText(event, 'en'));
  });

  it('does not invite the same member twice unless asked to resend', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    await invite(event.id, { memberIds: [member.id] }).expect(202);
    expect((await invite(event.id, { memberIds: [member.id] }).expect(202)).body).toMatchObject({
      queued: 0,
      alreadyInvited: 1,
    });
    expect((await invite(event.id, { memberIds: [member.id], resend: true }).expect(202)).body).toMatchObject({
      queued: 1,
    });
    await t.flushOutbox();
    expect(smtp.to(member.email)).toHaveLength(2);
  });

  it('refuses an invitation without members (400), to unknown members (400), for a cancelled event (409)', async () => {
    const event = await createEvent(t);
    expect((await invite(event.id, {}).expect(400)).body.fields).toHaveProperty('memberIds');
    expect((await invite(event.id, { memberIds: ['nobody'] }).expect(400)).body.fields).toHaveProperty('memberIds');
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    // The same rule, in the same words, as for answers.
    expect((await invite(event.id, { all: true }).expect(409)).body.message).toContain('takes no more answers');
  });

  it('tells every invitee what changed (same UID, higher SEQUENCE), and sends nothing for a new title', async () => {
    const [a, b] = [await createMember(t), await createMember(t, { locale: 'en' })];
    const event = await createEvent(t, { location: 'Grande table' });
    await invite(event.id, { memberIds: [a.id, b.id] }).expect(202);
    await smtp.waitFor(2);
    smtp.received.length = 0;
    await t.api.patch(`/api/events/${event.id}`).send({ title: 'Nouveau titre' }).expect(200);
    const day = localStart(event);
    const moved = (
      await t.api
        .patch(`/api/events/${event.id}`)
        .send({ startsAt: timeOn(day, '13:00'), endsAt: timeOn(day, '14:30'), location: 'Terrasse' })
        .expect(200)
    ).body;
    await smtp.waitFor(2);
    const [update] = smtp.to(a.email);
    expect(update.parsed.subject).toMatch(/^Modifié : Nouveau titre/);
    expect(update.parsed.text).toContain(`Quand : ${whenText(moved, 'fr')} (avant : ${whenText(event, 'fr')})`);
    expect(update.parsed.text).toContain('Où : Terrasse (avant : Grande table)');
    const [vevent] = vevents(calendarPart(update.parsed).content);
    expect(vevent.getFirstPropertyValue('uid')).toBe(event.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(smtp.to(b.email)[0].parsed.text).toContain('What changes');
    expect(smtp.received).toHaveLength(2);
  });

  it('sends a METHOD:CANCEL with the reason when an event is cancelled', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    await invite(event.id, { memberIds: [member.id] }).expect(202);
    await smtp.waitFor(1);
    smtp.received.length = 0;
    await t.api.post(`/api/events/${event.id}/cancel`).send({ reason: 'Grève des transports' }).expect(200);
    const [cancel] = await smtp.waitFor(1);
    expect(cancel.parsed.subject).toMatch(/^Annulé : /);
    expect(cancel.parsed.text).toContain('Motif : Grève des transports');
    expect(cancel.raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=CANCEL/i);
    const ics = calendarPart(cancel.parsed).content;
    expect(ics).toMatch(/^METHOD:CANCEL\r?$/m);
    expect(ics).not.toContain('VALARM');
    const [vevent] = vevents(ics);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
    expect(cancel.parsed.text).not.toContain('?response=yes');
  });

  it('mails the member promoted from the waitlist', async () => {
    const [first, second] = [await createMember(t), await createMember(t)];
    const event = await createEvent(t, { capacity: 1 });
    await t.api.put(`/api/events/${event.id}/registrations/${first.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${event.id}/registrations/${second.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${event.id}/registrations/${first.id}`).send({ response: 'no' }).expect(200);
    const [promotion] = await smtp.waitFor(1);
    expect(promotion.to).toBe(second.email);
    expect(promotion.parsed.subject).toMatch(/^Une place pour vous : /);
  });

  it('mails the members who get a seat when a registration is removed or the capacity grows', async () => {
    const [first, second, third] = [await createMember(t), await createMember(t), await createMember(t)];
    const event = await createEvent(t, { capacity: 1 });
    for (const member of [first, second, third]) {
      await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    }
    await t.api.delete(`/api/events/${event.id}/registrations/${first.id}`).expect(204);
    const [removed] = await smtp.waitFor(1);
    expect(removed.to).toBe(second.email);
    expect(removed.parsed.subject).toMatch(/^Une place pour vous : /);
    await t.api.patch(`/api/events/${event.id}`).send({ capacity: 2 }).expect(200);
    const [, grown] = await smtp.waitFor(2);
    expect(grown.to).toBe(third.email);
    expect(grown.parsed.subject).toMatch(/^Une place pour vous : /);
  });

  it('mails the quorum outcome to those who answered', async () => {
    const [a, b] = [await createMember(t), await createMember(t)];
    const quorum = {
      kind: 'training',
      minAttendees: 2,
      quorumDeadline: '2027-01-10T18:00:00+01:00',
      startsAt: '2027-01-12T12:00:00+01:00',
      endsAt: '2027-01-12T14:00:00+01:00',
    };
    const reached = await createEvent(t, { ...quorum, title: 'Formation atteinte' });
    const missed = await createEvent(t, { ...quorum, title: 'Formation manquée' });
    for (const member of [a, b])
      await t.api.put(`/api/events/${reached.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${missed.id}/registrations/${a.id}`).send({ response: 'yes' }).expect(200);
    clock.set('2027-01-10T18:00:01+01:00');
    await t.app.get(QuorumScheduler).run();
    await smtp.waitFor(3);
    expect(
      smtp
        .to(a.email)
        .map((mail) => mail.parsed.subject)
        .sort(),
    ).toEqual([
      expect.stringMatching(/^Annulé faute d’inscrits : Formation manquée/),
      expect.stringMatching(/^Confirmé : Formation atteinte/),
    ]);
    const missedMail = smtp.to(a.email).find((mail) => mail.parsed.subject!.includes('manquée'))!;
    expect(missedMail.parsed.text).toContain('Motif : pas assez de participants');
    expect(calendarPart(missedMail.parsed).content).toMatch(/^METHOD:CANCEL\r?$/m);
  });

  it('reminds going members the day before, once, except those who turned reminders off', async () => {
    const [going, away, quiet] = [await createMember(t), await createMember(t), await createMember(t)];
    const event = await createEvent(t, {
      startsAt: '2027-01-05T08:00:00+01:00',
      endsAt: '2027-01-05T09:00:00+01:00',
      kind: 'open-coffee',
    });
    for (const member of [going, quiet])
      await t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${event.id}/registrations/${away.id}`).send({ response: 'no' }).expect(200);
    await t.api
      .patch(`/api/members/${quiet.id}`)
      .send({ mailPreferences: { reminders: false } })
      .expect(200);

    clock.set('2027-01-04T07:00:00+01:00');
    await t.app.get(RemindersScheduler).run();
    await drain();
    expect(smtp.received).toHaveLength(0);
    clock.set('2027-01-04T09:00:00+01:00');
    await t.app.get(RemindersScheduler).run();
    await t.app.get(RemindersScheduler).run();
    const [reminder] = await smtp.waitFor(1);
    await drain();
    expect(smtp.received).toHaveLength(1);
    expect(reminder.to).toBe(going.email);
    expect(reminder.parsed.subject).toMatch(/^Rappel : /);
  });

  /** The unsubscribe link of a member, read from a mail sent to them. */
  async function unsubscribeLinkOf(memberId: string): Promise<string> {
    const member = (await t.api.get(`/api/members/${memberId}`)).body;
    const event = await createEvent(t);
    await invite(event.id, { memberIds: [memberId] }).expect(202);
    const mail = (await smtp.waitFor(1)) && smtp.to(member.email).at(-1)!;
    smtp.received.splice(smtp.received.indexOf(mail), 1);
    return new URL(rawHeader(mail, 'List-Unsubscribe')!.slice(1, -1)).pathname;
  }

  it('unsubscribes with one click: the GET page changes nothing, the POST stops invitations but not news of answered events', async () => {
    const member = await createMember(t);
    const path = await unsubscribeLinkOf(member.id);
    for (let i = 0; i < 3; i++) expect((await t.http.get(path).expect(200)).text).toContain('Me désabonner');
    expect((await t.api.get(`/api/members/${member.id}`)).body.mailPreferences.invitations).toBe(true);
    const done = await t.http
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(done.text).toContain('vous ne recevrez plus les invitations à de nouveaux événements');
    expect((await t.api.get(`/api/members/${member.id}`)).body.mailPreferences).toEqual({
      invitations: false,
      reminders: true,
      digest: true,
    });

    const fresh = await createEvent(t);
    expect((await invite(fresh.id, { memberIds: [member.id] }).expect(202)).body).toEqual({
      queued: 0,
      alreadyInvited: 0,
      unsubscribed: 1,
    });
    const answered = await createEvent(t);
    await t.api.put(`/api/events/${answered.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    expect((await invite(answered.id, { memberIds: [member.id] }).expect(202)).body.queued).toBe(1);
    await smtp.waitFor(1);
    await t.http.get('/unsubscribe/forged-token').expect(404);
  });

  it('waits out an SMTP outage, loses nothing, and retries with backoff', async () => {
    const member = await createMember(t);
    const event = await createEvent(t);
    await smtp.stop();
    await invite(event.id, { memberIds: [member.id] }).expect(202);
    await drain();
    const [pending] = (await t.api.get('/api/outbox?status=pending').expect(200)).body;
    expect(pending).toMatchObject({
      attempts: 1,
      memberId: member.id,
      lastError: expect.stringMatching(/ECONNREFUSED|connect/i),
    });
    expect(new Date(pending.nextAttemptAt).getTime()).toBe(clock.now().getTime() + 30_000);
    await smtp.listen();
    await drain();
    expect(smtp.received).toHaveLength(0);
    clock.set('2027-01-04T09:00:31+01:00');
    await drain();
    await smtp.waitFor(1);
    expect((await t.api.get('/api/outbox?status=pending').expect(200)).body).toHaveLength(0);
  });

  it('shows a permanent refusal (5xx) as failed to organisers and retries a temporary one (4xx)', async () => {
    const [bounced, greylisted] = [await createMember(t), await createMember(t)];
    smtp.reject = (address) =>
      address === bounced.email
        ? { code: 550, message: 'No such user' }
        : address === greylisted.email
          ? { code: 451, message: 'Try later' }
          : null;
    const event = await createEvent(t);
    await invite(event.id, { memberIds: [bounced.id, greylisted.id] }).expect(202);
    await drain();
    const failed = (await t.api.get('/api/outbox?status=failed').expect(200)).body;
    expect(failed).toEqual([
      expect.objectContaining({ memberId: bounced.id, kind: 'invitation', lastError: expect.stringContaining('550') }),
    ]);
    const pending = (await t.api.get('/api/outbox?status=pending').expect(200)).body;
    expect(pending).toEqual([expect.objectContaining({ memberId: greylisted.id, attempts: 1 })]);
    smtp.reject = () => null;
    await t.api.post(`/api/outbox/${failed[0].id}/retry`).expect(200);
    await drain();
    expect(smtp.to(bounced.email)).toHaveLength(1);
    clock.set('2027-01-04T10:00:00+01:00');
    await drain();
    expect(smtp.to(greylisted.email)).toHaveLength(1);
    await t.api.get('/api/outbox?status=lost').expect(400);
  });
});
