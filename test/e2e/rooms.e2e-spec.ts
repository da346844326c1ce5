import { createEvent, createRoom, eventInput, nextColunch, timeOn } from '../factories/api.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('rooms', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('creates, lists, reads and edits rooms; a name is used once', async () => {
    const room = await createRoom(t, { name: 'La bulle', capacity: 2, description: 'Pour les appels' });
    expect(room).toMatchObject({ name: 'La bulle', capacity: 2, description: 'Pour les appels' });
    const edited = (await t.api.patch(`/api/rooms/${room.id}`).send({ capacity: 3 }).expect(200)).body;
    expect(edited).toMatchObject({ name: 'La bulle', capacity: 3 });
    expect((await t.api.get(`/api/rooms/${room.id}`).expect(200)).body).toEqual(edited);
    expect((await t.api.get('/api/rooms').expect(200)).body.map((r: { name: string }) => r.name)).toContain('La bulle');
    const taken = await t.api.post('/api/rooms').send({ name: 'La bulle' }).expect(409);
    expect(taken.body.code).toBe('ROOM_NAME_TAKEN');
  });

  it.each([
    ['name', { name: '' }],
    ['capacity', { name: 'Salle A', capacity: 0 }],
    ['capacity', { name: 'Salle B', capacity: 'grande' }],
  ])('answers 400 naming %s', async (field, body) => {
    const res = await t.api.post('/api/rooms').send(body).expect(400);
    expect(Object.keys(res.body.fields)).toContain(field);
  });

  it('refuses an overlapping event with 409 naming the other event; back-to-back is fine', async () => {
    const room = await createRoom(t);
    const day = nextColunch();
    const at = (start: string, end: string, extra = {}) => ({
      roomId: room.id,
      startsAt: timeOn(day, start),
      endsAt: timeOn(day, end),
      ...extra,
    });
    const workshop = await createEvent(t, at('12:00', '14:00', { kind: 'workshop', title: 'Atelier du midi' }));
    const res = await t.api
      .post('/api/events')
      .send(eventInput(at('13:30', '15:00')))
      .expect(409);
    expect(res.body).toMatchObject({
      code: 'ROOM_TAKEN',
      conflictingEvent: { id: workshop.id, title: 'Atelier du midi' },
    });
    expect(res.body.message).toContain('Atelier du midi');
    expect(res.body.message).toContain(workshop.id);
    await t.api
      .post('/api/events')
      .send(eventInput(at('14:00', '15:00')))
      .expect(201);
    await t.api
      .post('/api/events')
      .send(eventInput(at('11:00', '12:00')))
      .expect(201);
    await t.api
      .post('/api/events')
      .send(eventInput(at('11:00', '16:00')))
      .expect(409);
  });

  it('frees the room when an event is cancelled, and checks edits too', async () => {
    const room = await createRoom(t);
    const day = nextColunch();
    const at = (start: string, end: string) => ({
      roomId: room.id,
      startsAt: timeOn(day, start),
      endsAt: timeOn(day, end),
    });
    const first = await createEvent(t, at('10:00', '11:00'));
    const second = await createEvent(t, at('11:00', '12:00'));
    const moved = await t.api
      .patch(`/api/events/${second.id}`)
      .send({ startsAt: timeOn(day, '10:30') })
      .expect(409);
    expect(moved.body.conflictingEvent.id).toBe(first.id);
    await t.api.patch(`/api/events/${first.id}`).send({ title: 'Même créneau, autre titre' }).expect(200);
    await t.api.post(`/api/events/${first.id}/cancel`).send({}).expect(200);
    await t.api
      .patch(`/api/events/${second.id}`)
      .send({ startsAt: timeOn(day, '10:30') })
      .expect(200);
  });

  it('gives the slot to exactly one of ten requests arriving at once', async () => {
    const room = await createRoom(t);
    const day = nextColunch();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.api.post('/api/events').send(
          eventInput({
            roomId: room.id,
            title: `Demande ${i}`,
            startsAt: timeOn(day, '12:00'),
            endsAt: timeOn(day, '13:00'),
          }),
        ),
      ),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const listed = await t.api.get(`/api/events?roomId=${room.id}`).expect(200);
    expect(listed.body).toHaveLength(1);
  });
});
