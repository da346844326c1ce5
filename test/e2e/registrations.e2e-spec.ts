import { createEvent, createMember } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { createTestApp, TestApp } from '../helpers/test-app';
import { localStart, utc } from '../helpers/when';
import { Clock } from '../../src/common/clock';
import { ChangeLog } from '../../src/database/change-log';
import { QuorumScheduler } from '../../src/planning/quorum.scheduler';

describe('registrations', () => {
  let t: TestApp;
  const clock = new FixedClock('2027-01-04T09:00:00+01:00');
  beforeAll(async () => (t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }] })));
  afterAll(() => t.close());
  beforeEach(() => clock.reset());

  const answer = (eventId: string, memberId: string, response: string) =>
    t.api.put(`/api/events/${eventId}/registrations/${memberId}`).send({ response });
  const members = (n: number) => Promise.all(Array.from({ length: n }, () => createMember(t)));
  const eventNow = async (id: string) => (await t.api.get(`/api/events/${id}`).expect(200)).body;

  it('records yes, no and maybe; answering again changes the answer', async () => {
    const event = await createEvent(t, { capacity: 10 });
    const [camille] = await members(1);
    const yes = await answer(event.id, camille.id, 'yes').expect(200);
    expect(yes.body).toMatchObject({
      status: 'going',
      response: 'yes',
      memberId: camille.id,
      name: camille.name,
      position: null,
    });
    await answer(event.id, camille.id, 'yes').expect(200);
    expect(await eventNow(event.id)).toMatchObject({
      seatsLeft: 9,
      counts: { going: 1, waitlisted: 0, maybe: 0, declined: 0 },
    });
    expect((await answer(event.id, camille.id, 'maybe').expect(200)).body.status).toBe('maybe');
    expect((await answer(event.id, camille.id, 'no').expect(200)).body.status).toBe('declined');
    expect(await eventNow(event.id)).toMatchObject({ seatsLeft: 10, counts: { going: 0, maybe: 0, declined: 1 } });
    const list = await t.api.get(`/api/events/${event.id}/registrations`).expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('puts yes beyond capacity on a first-come waitlist and promotes at once when a seat frees', async () => {
    const event = await createEvent(t, { capacity: 2 });
    const [a, b, c, d, e] = await members(5);
    for (const member of [a, b, c, d]) await answer(event.id, member.id, 'yes').expect(200);
    const registrations = async () =>
      Object.fromEntries(
        (await t.api.get(`/api/events/${event.id}/registrations`)).body.map((r: any) => [
          r.memberId,
          [r.status, r.position],
        ]),
      );
    expect(await registrations()).toEqual({
      [a.id]: ['going', null],
      [b.id]: ['going', null],
      [c.id]: ['waitlisted', 1],
      [d.id]: ['waitlisted', 2],
    });

    await answer(event.id, a.id, 'no').expect(200);
    expect(await registrations()).toMatchObject({ [c.id]: ['going', null], [d.id]: ['waitlisted', 1] });

    await t.api.delete(`/api/events/${event.id}/registrations/${b.id}`).expect(204);
    expect(await registrations()).toMatchObject({ [d.id]: ['going', null] });

    await answer(event.id, e.id, 'yes').expect(200);
    await answer(event.id, a.id, 'yes').expect(200);
    expect(await registrations()).toMatchObject({ [e.id]: ['waitlisted', 1], [a.id]: ['waitlisted', 2] });
    await t.api.patch(`/api/events/${event.id}`).send({ capacity: 4 }).expect(200);
    expect(await registrations()).toMatchObject({ [e.id]: ['going', null], [a.id]: ['going', null] });
    expect(await eventNow(event.id)).toMatchObject({ seatsLeft: 0, counts: { going: 4, waitlisted: 0, declined: 0 } });
    const shrink = await t.api.patch(`/api/events/${event.id}`).send({ capacity: 3 }).expect(400);
    expect(shrink.body.fields).toHaveProperty('capacity');
  });

  it("answers each yes with the member's own place in line, which moves up as the line does", async () => {
    const event = await createEvent(t, { capacity: 1 });
    const [a, b, c] = await members(3);
    expect((await answer(event.id, a.id, 'yes').expect(200)).body).toMatchObject({ status: 'going', position: null });
    expect((await answer(event.id, b.id, 'yes').expect(200)).body).toMatchObject({ status: 'waitlisted', position: 1 });
    expect((await answer(event.id, c.id, 'yes').expect(200)).body).toMatchObject({ status: 'waitlisted', position: 2 });
    expect((await answer(event.id, c.id, 'yes').expect(200)).body).toMatchObject({ status: 'waitlisted', position: 2 });
    await answer(event.id, b.id, 'maybe').expect(200);
    expect((await answer(event.id, c.id, 'yes').expect(200)).body).toMatchObject({
      name: c.name,
      email: c.email,
      status: 'waitlisted',
      position: 1,
    });
  });

  it('tells the feeds that an answer changes the feeds of the members whose status moved, not the events', async () => {
    const changes = t.app.get(ChangeLog);
    const event = await createEvent(t, { capacity: 1 });
    const [a, b, c] = await members(3);
    const versions = () =>
      ['events', `member:${a.id}`, `member:${b.id}`, `member:${c.id}`].map((s) => changes.version(s));
    await answer(event.id, a.id, 'yes').expect(200);
    await answer(event.id, b.id, 'yes').expect(200);
    const [events, ofA, ofB, ofC] = versions();
    await answer(event.id, a.id, 'no').expect(200);
    expect(versions()).toEqual([events, ofA + 1, ofB + 1, ofC]);
    await answer(event.id, a.id, 'no').expect(200);
    expect(versions()).toEqual([events, ofA + 1, ofB + 1, ofC]);
    await t.api.patch(`/api/events/${event.id}`).send({ title: 'Colunch renamed' }).expect(200);
    expect(versions()).toEqual([events + 1, ofA + 1, ofB + 1, ofC]);
  });

  it('gives exactly 15 seats to 100 simultaneous yes', async () => {
    const event = await createEvent(t, { capacity: 15 });
    const crowd = await members(100);
    const answers = await Promise.all(crowd.map((member) => answer(event.id, member.id, 'yes')));
    expect(answers.every((res) => res.status === 200)).toBe(true);
    const statuses = answers.map((res) => res.body.status);
    expect(statuses.filter((s) => s === 'going')).toHaveLength(15);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(85);
    const list = (await t.api.get(`/api/events/${event.id}/registrations`).expect(200)).body;
    expect(list.filter((r: any) => r.status === 'going')).toHaveLength(15);
    expect(list.filter((r: any) => r.status === 'waitlisted').map((r: any) => r.position)).toEqual(
      Array.from({ length: 85 }, (_, i) => i + 1),
    );
    expect(await eventNow(event.id)).toMatchObject({ seatsLeft: 0, counts: { going: 15, waitlisted: 85 } });
  });

  it('seats hosts as going', async () => {
    const [host, other] = await members(2);
    const event = await createEvent(t, { capacity: 3, hostIds: [host.id] });
    expect(event).toMatchObject({ seatsLeft: 2, counts: { going: 1 } });
    const list = (await t.api.get(`/api/events/${event.id}/registrations`).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({ memberId: host.id, role: 'host', status: 'going' })]);
    await t.api
      .patch(`/api/events/${event.id}`)
      .send({ hostIds: [host.id, other.id] })
      .expect(200);
    expect(await eventNow(event.id)).toMatchObject({ seatsLeft: 1, counts: { going: 2 } });
    const tooMany = await t.api.patch(`/api/events/${event.id}`).send({ capacity: 1 }).expect(400);
    expect(tooMany.body.fields).toHaveProperty('capacity');
  });

  it('confirms a training whose quorum is reached at the deadline, cancels one whose quorum is not', async () => {
    const quorum = {
      kind: 'training',
      minAttendees: 2,
      quorumDeadline: '2027-01-10T18:00:00+01:00',
      startsAt: '2027-01-12T12:00:00+01:00',
      endsAt: '2027-01-12T14:00:00+01:00',
    };
    const enough = await createEvent(t, { ...quorum, title: 'Formation Excel' });
    const short = await createEvent(t, { ...quorum, title: 'Formation Figma' });
    const [a, b] = await members(2);
    await answer(enough.id, a.id, 'yes').expect(200);
    await answer(enough.id, b.id, 'yes').expect(200);
    await answer(short.id, a.id, 'yes').expect(200);
    await answer(short.id, b.id, 'maybe').expect(200);

    await t.app.get(QuorumScheduler).run();
    expect((await eventNow(enough.id)).status).toBe('scheduled');

    clock.set('2027-01-10T18:00:01+01:00');
    await t.app.get(QuorumScheduler).run();
    expect(await eventNow(enough.id)).toMatchObject({
      status: 'confirmed',
      sequence: 1,
      quorumDecidedAt: '2027-01-10T17:00:01.000Z',
    });
    expect(await eventNow(short.id)).toMatchObject({
      status: 'cancelled',
      sequence: 1,
      cancelReason: 'quorum-not-reached',
    });
    await answer(short.id, b.id, 'yes').expect(409);
  });

  it('refuses answers for a cancelled or started event (409), unknown members (404) and bad answers (400)', async () => {
    const [member] = await members(1);
    const cancelled = await createEvent(t);
    await t.api.post(`/api/events/${cancelled.id}/cancel`).send({}).expect(200);
    expect((await answer(cancelled.id, member.id, 'yes').expect(409)).body.code).toBe('EVENT_CANCELLED');
    const past = await createEvent(t, { startsAt: '2027-01-03T12:00:00+01:00', endsAt: '2027-01-03T13:00:00+01:00' });
    expect((await answer(past.id, member.id, 'yes').expect(409)).body.code).toBe('EVENT_PAST');
    const event = await createEvent(t);
    await answer(event.id, '00000000-0000-4000-8000-000000000000', 'yes').expect(404);
    await answer('00000000-0000-4000-8000-000000000000', member.id, 'yes').expect(404);
    const bad = await answer(event.id, member.id, 'perhaps').expect(400);
    expect(bad.body.fields).toHaveProperty('response');
  });

  it('checks members in and out, keeps attendance per member, and exports attendees as CSV', async () => {
    const [host, going, walkIn, declined] = await members(4);
    await t.api.patch(`/api/members/${going.id}`).send({ name: '=HYPERLINK("x") Zoé, "la" graphiste' }).expect(200);
    const event = await createEvent(t, { title: 'Open coffee', capacity: 10, hostIds: [host.id] });
    await answer(event.id, going.id, 'yes').expect(200);
    await answer(event.id, declined.id, 'no').expect(200);
    const arrival = utc(localStart(event).plus({ minutes: 15 }));
    clock.set(arrival);
    const checked = await t.api.post(`/api/events/${event.id}/checkins`).send({ memberId: going.id }).expect(201);
    expect(checked.body.checkedInAt).toBe(arrival);
    const walked = await t.api.post(`/api/events/${event.id}/checkins`).send({ memberId: walkIn.id }).expect(201);
    expect(walked.body).toMatchObject({ status: 'going', checkedInAt: expect.any(String) });
    const undone = await t.api.delete(`/api/events/${event.id}/checkins/${walkIn.id}`).expect(200);
    expect(undone.body.checkedInAt).toBeNull();

    const csv = await t.api.get(`/api/events/${event.id}/attendees.csv`).expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,email,role,status,response,checkedInAt');
    expect(lines).toHaveLength(4);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"") Zoé, ""la"" graphiste"`);
    expect(csv.text).not.toContain(declined.email);

    const attendance = (await t.api.get(`/api/members/${going.id}/attendance`).expect(200)).body;
    expect(attendance).toEqual([
      expect.objectContaining({
        eventId: event.id,
        title: 'Open coffee',
        status: 'going',
        checkedInAt: arrival,
      }),
    ]);
  });
});
