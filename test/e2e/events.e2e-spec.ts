import { createEvent, createMember, createRoom, eventInput, nextColunch, withOffset } from '../factories/api.factory';
import { createTestApp, TestApp } from '../helpers/test-app';
import { localStart, utc } from '../helpers/when';

describe('events', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('creates an event with every field and reads it back', async () => {
    const host = await createMember(t);
    const room = await createRoom(t, { capacity: 20 });
    const start = nextColunch();
    const deadline = start.minus({ weeks: 1 }).set({ hour: 18, minute: 0 });
    const input = eventInput({
      kind: 'training',
      title: 'Formation : les bases de la comptabilité',
      description: 'Deux heures pour comprendre son bilan.',
      theme: 'comptabilité',
      timezone: 'Europe/Paris',
      location: 'Salle du fond',
      startsAt: withOffset(start),
      endsAt: withOffset(start.plus({ minutes: 90 })),
      roomId: room.id,
      capacity: 8,
      minAttendees: 4,
      quorumDeadline: withOffset(deadline),
      hostIds: [host.id],
      visibility: 'public',
      streamUrl: 'https://stream.example/live?a=1&b=2',
    });
    const res = await t.api.post('/api/events').send(input).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      uid: `${res.body.id}@rencontres.test`,
      kind: 'training',
      title: input.title,
      startsAt: utc(start),
      endsAt: utc(start.plus({ minutes: 90 })),
      localStartsAt: withOffset(start),
      timezone: 'Europe/Paris',
      roomId: room.id,
      capacity: 8,
      minAttendees: 4,
      quorumDeadline: utc(deadline),
      hostIds: [host.id],
      visibility: 'public',
      status: 'scheduled',
      sequence: 0,
      seatsLeft: 7,
      counts: { going: 1, waitlisted: 0, maybe: 0, declined: 0 },
    });
    expect((await t.api.get(`/api/events/${res.body.id}`).expect(200)).body).toEqual(res.body);
  });

  it("defaults to the space's zone, members-only and unlimited seats; takes a room's capacity", async () => {
    const later = nextColunch().plus({ weeks: 4 });
    const plain = await createEvent(t, { startsAt: utc(later), endsAt: utc(later.plus({ minutes: 90 })) });
    expect(plain).toMatchObject({ timezone: 'Europe/Paris', visibility: 'members', capacity: null, seatsLeft: null });
    expect(plain.localStartsAt).toBe(withOffset(later));
    const room = await createRoom(t, { capacity: 6 });
    const inRoom = await createEvent(t, {
      roomId: room.id,
      startsAt: withOffset(later.plus({ days: 1 })),
      endsAt: withOffset(later.plus({ days: 1, hours: 1 })),
    });
    expect(inRoom).toMatchObject({ capacity: 6, seatsLeft: 6 });
  });

  it('bumps SEQUENCE when time, place or status changes, never the UID', async () => {
    const event = await createEvent(t);
    const retitled = (await t.api.patch(`/api/events/${event.id}`).send({ title: 'Nouveau titre' }).expect(200)).body;
    expect(retitled).toMatchObject({ title: 'Nouveau titre', sequence: 0, uid: event.uid });
    const at13 = localStart(event).set({ hour: 13 });
    const moved = (
      await t.api
        .patch(`/api/events/${event.id}`)
        .send({ startsAt: withOffset(at13) })
        .expect(200)
    ).body;
    expect(moved).toMatchObject({
      startsAt: utc(at13),
      endsAt: event.endsAt,
      sequence: 1,
      uid: event.uid,
    });
    const relocated = (await t.api.patch(`/api/events/${event.id}`).send({ location: 'Terrasse' }).expect(200)).body;
    expect(relocated.sequence).toBe(2);
    const cancelled = (await t.api.post(`/api/events/${event.id}/cancel`).send({ reason: 'Grève' }).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Grève', sequence: 3, uid: event.uid });
  });

  it('cancelling twice changes nothing more; a cancelled event cannot be edited', async () => {
    const event = await createEvent(t);
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    const again = (await t.api.post(`/api/events/${event.id}/cancel`).send({ reason: 'autre' }).expect(200)).body;
    expect(again).toMatchObject({ status: 'cancelled', sequence: 1, cancelReason: null });
    const res = await t.api.patch(`/api/events/${event.id}`).send({ title: 'x' }).expect(409);
    expect(res.body.code).toBe('EVENT_CANCELLED');
  });

  it('lists by start time with filters and pagination', async () => {
    const host = await createMember(t);
    const room = await createRoom(t);
    // A month that no other test of this file reaches.
    const month = nextColunch().plus({ months: 6 }).startOf('month');
    const at = (d: number) => month.set({ day: d, hour: 9 });
    const day = (d: number, extra: Record<string, unknown> = {}) =>
      createEvent(t, { startsAt: withOffset(at(d)), endsAt: withOffset(at(d).plus({ hours: 1 })), ...extra });
    const c = await day(12, { kind: 'open-coffee', visibility: 'public' });
    const a = await day(10, { hostIds: [host.id] });
    const b = await day(11, { roomId: room.id, kind: 'talk' });
    const to = `to=${utc(month.plus({ months: 1 }))}`;
    const window = `from=${utc(month)}&${to}`;
    const all = await t.api.get(`/api/events?${window}`).expect(200);
    expect(all.body.map((e: { id: string }) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(all.headers['x-total-count']).toBe('3');
    const ids = async (query: string, range = window) =>
      (await t.api.get(`/api/events?${range}&${query}`).expect(200)).body.map((e: { id: string }) => e.id);
    expect(await ids('kind=talk')).toEqual([b.id]);
    expect(await ids('visibility=public')).toEqual([c.id]);
    expect(await ids(`hostId=${host.id}`)).toEqual([a.id]);
    expect(await ids(`roomId=${room.id}`)).toEqual([b.id]);
    expect(await ids('limit=1&offset=1')).toEqual([b.id]);
    expect(await ids(to, `from=${utc(at(11))}`)).toEqual([b.id, c.id]);
  });

  it('answers 404 to an unknown event', async () => {
    await t.api.get('/api/events/00000000-0000-4000-8000-000000000000').expect(404);
    await t.api.post('/api/events/nope/cancel').send({}).expect(404);
  });

  describe('validation', () => {
    // The default start of the bodies below, whenever each test runs.
    const now = new Date();
    const start = nextColunch(now);
    it.each([
      ['kind', { kind: 'party' }],
      ['title', { title: '' }],
      ['startsAt', { startsAt: withOffset(start).slice(0, 19) }],
      ['startsAt', { startsAt: '2027-13-45T12:30:00Z' }],
      ['endsAt', { endsAt: 'demain' }],
      ['endsAt', { endsAt: withOffset(start.minus({ minutes: 30 })) }],
      ['timezone', { timezone: 'Mars/Olympus' }],
      ['capacity', { capacity: -1 }],
      ['capacity', { capacity: 'ten' }],
      ['minAttendees', { minAttendees: 0 }],
      ['quorumDeadline', { minAttendees: 3 }],
      ['minAttendees', { quorumDeadline: utc(start.minus({ days: 3 })) }],
      ['quorumDeadline', { minAttendees: 3, quorumDeadline: utc(start.plus({ days: 1 })) }],
      ['minAttendees', { minAttendees: 9, capacity: 5, quorumDeadline: utc(start.minus({ days: 3 })) }],
      ['hostIds', { hostIds: ['00000000-0000-4000-8000-000000000000'] }],
      ['hostIds', { hostIds: 'someone' }],
      ['roomId', { roomId: 'no-such-room' }],
      ['visibility', { visibility: 'secret' }],
      ['streamUrl', { streamUrl: 'javascript:alert(1)' }],
    ])('answers 400 naming %s for %j', async (field, change) => {
      const res = await t.api.post('/api/events').send(eventInput(change, now)).expect(400);
      expect(Object.keys(res.body.fields)).toContain(field);
      expect(res.body.message).toContain(field);
    });

    it('refuses a PATCH that would put the end before the start, and null for a required field', async () => {
      const event = await createEvent(t);
      const res = await t.api
        .patch(`/api/events/${event.id}`)
        .send({ startsAt: withOffset(localStart(event).set({ hour: 15 })) })
        .expect(400);
      expect(res.body.fields).toHaveProperty('endsAt');
      await t.api.patch(`/api/events/${event.id}`).send({ title: null }).expect(400);
      expect((await t.api.get(`/api/events/${event.id}`)).body.startsAt).toBe(event.startsAt);
    });

    it('refuses bad list filters', async () => {
      const res = await t.api.get('/api/events?from=yesterday&kind=party').expect(400);
      expect(Object.keys(res.body.fields)).toEqual(expect.arrayContaining(['from', 'kind']));
    });
  });
});
