import { createMember } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { vevents } from '../helpers/ics';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';
import { Clock } from '../../src/common/clock';
import { CohortSummariesScheduler } from '../../src/cohorts/cohort-summaries.scheduler';

describe('workclub cohorts', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const clock = new FixedClock('2027-03-01T09:00:00+01:00');
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, overrides: [{ provide: Clock, useValue: clock }] });
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
  });

  const createCohort = async (body: Record<string, unknown> = {}) =>
    (
      await t.api
        .post('/api/cohorts')
        .send({ title: 'Workclub de printemps', startsOn: '2027-03-22', ...body })
        .expect(201)
    ).body;
  const project = (memberId: string, title = 'Lancer ma marque') => ({
    memberId,
    projectTitle: title,
    projectGoal: 'Dix premiers clients',
    helpNeeded: 'Un regard sur mes prix',
  });
  const getText = (path: string) => t.getText(path);

  it('creates a 45-day cohort of four with its session plan, 12:30 local across the DST change', async () => {
    const cohort = await createCohort({ sponsor: 'Grande enseigne du Nord', theme: 'Trouver ses clients' });
    expect(cohort).toMatchObject({
      startsOn: '2027-03-22',
      endsOn: '2027-05-05',
      durationDays: 45,
      capacity: 4,
      seatsLeft: 4,
      status: 'upcoming',
      sponsor: 'Grande enseigne du Nord',
    });
    expect(cohort.sessions.map((s: any) => `${s.kind} ${s.localStartsAt}`)).toEqual([
      'kickoff 2027-03-22T12:30:00+01:00',
      'check-in 2027-03-29T12:30:00+02:00',
      'check-in 2027-04-05T12:30:00+02:00',
      'check-in 2027-04-12T12:30:00+02:00',
      'midpoint 2027-04-13T12:30:00+02:00',
      'check-in 2027-04-19T12:30:00+02:00',
      'check-in 2027-04-26T12:30:00+02:00',
      'check-in 2027-05-03T12:30:00+02:00',
      'showcase 2027-05-05T12:30:00+02:00',
    ]);
    expect(cohort.sessions[0].title).toBe('Lancement · Workclub de printemps');
    const event = (await t.api.get(`/api/events/${cohort.sessions[1].eventId}`).expect(200)).body;
    expect(event).toMatchObject({
      kind: 'workclub-session',
      cohortId: cohort.id,
      visibility: 'members',
      startsAt: '2027-03-29T10:30:00.000Z',
    });
  });

  it('takes a configured time, weekday and length', async () => {
    const cohort = await createCohort({
      startsOn: '2027-06-01',
      durationDays: 14,
      sessionTime: '18:00',
      sessionMinutes: 60,
      checkInWeekday: 4,
      capacity: 6,
    });
    expect(cohort.endsOn).toBe('2027-06-14');
    expect(cohort.sessions.map((s: any) => `${s.kind} ${s.localStartsAt.slice(0, 16)}`)).toEqual([
      'kickoff 2027-06-01T18:00',
      'check-in 2027-06-03T18:00',
      'midpoint 2027-06-07T18:00',
      'check-in 2027-06-10T18:00',
      'showcase 2027-06-14T18:00',
    ]);
  });

  it.each([
    ['startsOn', { startsOn: '2027-02-30' }],
    ['startsOn', { startsOn: '01/03/2027' }],
    ['capacity', { capacity: 0 }],
    ['capacity', { capacity: 1000 }],
    ['durationDays', { durationDays: 0 }],
    ['sessionTime', { sessionTime: '25:00' }],
    ['title', { title: '' }],
    ['timezone', { timezone: 'Mars/Olympus' }],
  ])('answers 400 naming %s', async (field, body) => {
    const res = await t.api
      .post('/api/cohorts')
      .send({ title: 'X', startsOn: '2027-03-22', ...body })
      .expect(400);
    expect(Object.keys(res.body.fields)).toContain(field);
  });

  it('adds members up to capacity, registers them to every session and welcomes them with the schedule', async () => {
    const cohort = await createCohort();
    const members = await Promise.all([1, 2, 3, 4, 5].map(() => createMember(t)));
    for (const member of members.slice(0, 4))
      await t.api.post(`/api/cohorts/${cohort.id}/members`).send(project(member.id)).expect(201);
    const full = await t.api.post(`/api/cohorts/${cohort.id}/members`).send(project(members[4].id)).expect(409);
    expect(full.body.code).toBe('COHORT_FULL');
    await t.api.post(`/api/cohorts/${cohort.id}/members`).send(project('nobody')).expect(400);

    const registrations = (await t.api.get(`/api/events/${cohort.sessions[3].eventId}/registrations`).expect(200)).body;
    expect(registrations.map((r: any) => r.memberId).sort()).toEqual(
      members
        .slice(0, 4)
        .map((m) => m.id)
        .sort(),
    );
    expect(registrations.every((r: any) => r.status === 'going')).toBe(true);

    const mails = await smtp.waitFor(4);
    const welcome = mails.find((mail) => mail.to === members[0].email)!;
    expect(welcome.parsed.subject).toBe('Bienvenue dans le workclub « Workclub de printemps »');
    expect(welcome.parsed.text).toContain(
      'Point hebdo n°1 · Workclub de printemps — lundi 29 mars 2027, 12:30 – 14:00',
    );
    const ics = welcome.parsed.attachments.find((part) => part.filename === 'workclub.ics')!;
    expect(vevents(ics.content.toString('utf8'))).toHaveLength(9);

    const inFeed = await getText(new URL(members[0].feedUrl).pathname).expect(200);
    expect(
      vevents(inFeed.body).filter((e) => String(e.getFirstPropertyValue('summary')).endsWith('Workclub de printemps')),
    ).toHaveLength(9);
    const outsider = await getText(new URL(members[4].feedUrl).pathname).expect(200);
    expect(outsider.body).not.toContain('Workclub de printemps');

    const cohortFeed = await getText(new URL(cohort.feedUrl).pathname).expect(200);
    expect(cohortFeed.headers['cache-control']).toBe('private, max-age=300');
    expect(vevents(cohortFeed.body).map((e) => (e.getFirstPropertyValue('dtstart') as any).hour)).toEqual(
      Array(9).fill(12),
    );
    await t.http.get('/calendar/cohorts/unknown.ics').expect(404);
  });

  it('lets members apply and organisers accept or decline, never past capacity even when accepts arrive at once', async () => {
    const cohort = await createCohort();
    const applicants = await Promise.all(Array.from({ length: 10 }, () => createMember(t)));
    for (const member of applicants)
      await t.api.post(`/api/cohorts/${cohort.id}/applications`).send(project(member.id)).expect(201);
    await t.api.post(`/api/cohorts/${cohort.id}/applications/${applicants[9].id}/decline`).expect(200);
    const answers = await Promise.all(
      applicants.slice(0, 9).map((member) => t.api.post(`/api/cohorts/${cohort.id}/applications/${member.id}/accept`)),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 409, 409, 409, 409, 409]);
    const after = (await t.api.get(`/api/cohorts/${cohort.id}`).expect(200)).body;
    expect(after.members.filter((m: any) => m.status === 'accepted')).toHaveLength(4);
    expect(after.members.find((m: any) => m.memberId === applicants[9].id).status).toBe('declined');
    expect(after.seatsLeft).toBe(0);
  });

  it('keeps progress notes per session, lists cohorts by phase and per member, and mails a summary at the end', async () => {
    const cohort = await createCohort({ startsOn: '2027-02-01', title: 'Workclub d’hiver' });
    const [a, b] = [await createMember(t, { name: 'Anaïs' }), await createMember(t, { name: 'Bruno' })];
    await t.api.post(`/api/cohorts/${cohort.id}/members`).send(project(a.id, 'Ouvrir un atelier')).expect(201);
    await t.api.post(`/api/cohorts/${cohort.id}/members`).send(project(b.id, 'Écrire un livre')).expect(201);
    const [kickoff, firstCheckIn] = cohort.sessions;
    await t.api
      .put(`/api/cohorts/${cohort.id}/sessions/${kickoff.eventId}/notes/${a.id}`)
      .send({ note: 'Local trouvé' })
      .expect(200);
    const noted = (
      await t.api
        .put(`/api/cohorts/${cohort.id}/sessions/${firstCheckIn.eventId}/notes/${a.id}`)
        .send({ note: 'Bail signé' })
        .expect(200)
    ).body;
    expect(noted.members.find((m: any) => m.memberId === a.id)).toMatchObject({
      projectTitle: 'Ouvrir un atelier',
      projectGoal: 'Dix premiers clients',
      notes: [{ note: 'Local trouvé' }, { note: 'Bail signé' }],
    });
    const outsider = await createMember(t);
    expect(
      (
        await t.api
          .put(`/api/cohorts/${cohort.id}/sessions/${kickoff.eventId}/notes/${outsider.id}`)
          .send({ note: 'x' })
          .expect(400)
      ).body.fields,
    ).toHaveProperty('memberId');

    const page = await t.http.get(new URL(noted.pageUrl).pathname).expect(200);
    expect(page.text).toContain('Anaïs — Ouvrir un atelier');
    expect(page.text).toContain('Dix premiers clients');
    expect(page.text).toContain('<strong>Lancement · Workclub d’hiver</strong> : Local trouvé');
    expect(page.text).toContain('href="webcal://rencontres.test/calendar/cohorts/');
    await t.http.get('/cohorts/unknown-token').expect(404);

    expect((await t.api.get('/api/cohorts?status=running').expect(200)).body.map((c: any) => c.id)).toEqual([
      cohort.id,
    ]);
    expect((await t.api.get('/api/cohorts?status=upcoming').expect(200)).body.map((c: any) => c.id)).not.toContain(
      cohort.id,
    );
    expect((await t.api.get(`/api/members/${a.id}/cohorts`).expect(200)).body.map((c: any) => c.id)).toEqual([
      cohort.id,
    ]);

    await t.app.get(CohortSummariesScheduler).run();
    clock.set('2027-03-18T09:00:00+01:00');
    expect((await t.api.get('/api/cohorts?status=past').expect(200)).body.map((c: any) => c.id)).toContain(cohort.id);
    await t.flushOutbox();
    smtp.received.length = 0;
    await t.app.get(CohortSummariesScheduler).run();
    await t.app.get(CohortSummariesScheduler).run();
    await t.flushOutbox();
    const summaries = smtp.received.filter((mail) => mail.parsed.subject!.startsWith('Bilan'));
    expect(summaries.map((mail) => mail.to).sort()).toEqual([a.email, b.email].sort());
    const summary = summaries.find((mail) => mail.to === b.email)!;
    expect(summary.parsed.subject).toBe('Bilan du workclub « Workclub d’hiver »');
    expect(summary.parsed.text).toContain('Anaïs : Ouvrir un atelier');
    expect(summary.parsed.text).toContain('Lancement · Workclub d’hiver : Local trouvé');
  });
});
