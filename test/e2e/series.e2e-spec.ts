import { createEvent, createRoom, createSeries, eventInput } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { createTestApp, TestApp } from '../helpers/test-app';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { Series } from '../../src/events/series.entity';

type Occurrence = {
  id: string;
  startsAt: string;
  localStartsAt: string;
  localEndsAt: string;
  title: string;
  status: string;
  sequence: number;
};

describe('series', () => {
  let t: TestApp;
  const clock = new FixedClock('2026-03-01T09:00:00Z');
  beforeAll(async () => (t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }] })));
  afterAll(() => t.close());

  const occurrencesOf = async (seriesId: string): Promise<Occurrence[]> =>
    (await t.api.get(`/api/events?seriesId=${seriesId}`).expect(200)).body;

  it('keeps a Tuesday 12:30 colunch at 12:30 in Paris across the March change: 11:30Z, then 10:30Z', async () => {
    const series = await createSeries(t, {
      startsAt: '2026-03-17T12:30:00+01:00',
      endsAt: '2026-03-17T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4',
    });
    expect(series.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=4');
    expect(series.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2026-03-17T11:30:00.000Z',
      '2026-03-24T11:30:00.000Z',
      '2026-03-31T10:30:00.000Z',
      '2026-04-07T10:30:00.000Z',
    ]);
    const events = await occurrencesOf(series.id);
    expect(events.map((e) => [e.localStartsAt.slice(11), e.localEndsAt.slice(11)])).toEqual([
      ['12:30:00+01:00', '14:00:00+01:00'],
      ['12:30:00+01:00', '14:00:00+01:00'],
      ['12:30:00+02:00', '14:00:00+02:00'],
      ['12:30:00+02:00', '14:00:00+02:00'],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
  });

  it('and across the October change: 10:30Z, then 11:30Z', async () => {
    const series = await createSeries(t, {
      startsAt: '2026-10-20T12:30:00+02:00',
      endsAt: '2026-10-20T14:00:00+02:00',
      rrule: 'FREQ=WEEKLY;COUNT=2',
    });
    expect(series.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2026-10-20T10:30:00.000Z',
      '2026-10-27T11:30:00.000Z',
    ]);
  });

  it('expands a monthly open coffee on the first Thursday', async () => {
    const series = await createSeries(t, {
      kind: 'open-coffee',
      visibility: 'public',
      startsAt: '2027-01-07T08:30:00+01:00',
      endsAt: '2027-01-07T10:00:00+01:00',
      rrule: 'FREQ=MONTHLY;BYDAY=1TH;COUNT=3',
    });
    const events = await occurrencesOf(series.id);
    expect(events.map((e) => e.localStartsAt)).toEqual([
      '2027-01-07T08:30:00+01:00',
      '2027-02-04T08:30:00+01:00',
      '2027-03-04T08:30:00+01:00',
    ]);
  });

  it('edits one occurrence without touching the others', async () => {
    const series = await createSeries(t, {
      startsAt: '2027-02-02T12:30:00+01:00',
      endsAt: '2027-02-02T14:00:00+01:00',
    });
    const [, second] = series.occurrences;
    await t.api
      .patch(`/api/events/${second.id}`)
      .send({ title: 'Colunch spécial', startsAt: '2027-02-09T13:00:00+01:00' })
      .expect(200);
    const events = await occurrencesOf(series.id);
    expect(events.map((e) => [e.title === 'Colunch spécial', e.localStartsAt.slice(11, 16), e.sequence])).toEqual([
      [false, '12:30', 0],
      [true, '13:00', 1],
      [false, '12:30', 0],
      [false, '12:30', 0],
    ]);
  });

  it('edits this and all following occurrences, keeping the new wall-clock time across the DST change', async () => {
    const series = await createSeries(t, {
      title: 'Colunch du mardi',
      startsAt: '2026-03-10T12:30:00+01:00',
      endsAt: '2026-03-10T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;COUNT=5',
    });
    const third = series.occurrences[2];
    await t.api
      .patch(`/api/events/${third.id}?scope=following`)
      .send({ startsAt: '2026-03-24T13:00:00+01:00', endsAt: '2026-03-24T14:30:00+01:00', location: 'Terrasse' })
      .expect(200);
    const events = await occurrencesOf(series.id);
    expect(events.map((e) => [e.localStartsAt, e.localEndsAt.slice(11, 16), e.sequence])).toEqual([
      ['2026-03-10T12:30:00+01:00', '14:00', 0],
      ['2026-03-17T12:30:00+01:00', '14:00', 0],
      ['2026-03-24T13:00:00+01:00', '14:30', 1],
      ['2026-03-31T13:00:00+02:00', '14:30', 1],
      ['2026-04-07T13:00:00+02:00', '14:30', 1],
    ]);
    const moved = await t.api.get(`/api/events/${series.occurrences[4].id}`).expect(200);
    expect(moved.body).toMatchObject({ location: 'Terrasse', title: 'Colunch du mardi' });
  });

  it('moves the following occurrences to another weekday', async () => {
    const series = await createSeries(t, {
      startsAt: '2027-03-02T12:30:00+01:00',
      endsAt: '2027-03-02T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;COUNT=3',
    });
    await t.api
      .patch(`/api/events/${series.occurrences[1].id}?scope=following`)
      .send({ startsAt: '2027-03-10T12:30:00+01:00', endsAt: '2027-03-10T14:00:00+01:00' })
      .expect(200);
    const events = await occurrencesOf(series.id);
    expect(events.map((e) => e.localStartsAt.slice(0, 10))).toEqual(['2027-03-02', '2027-03-10', '2027-03-17']);
  });

  it('cancels one occurrence, then everything still to come (from the clock’s now, on the DST Sunday)', async () => {
    const series = await createSeries(t, {
      startsAt: '2026-03-17T12:30:00+01:00',
      endsAt: '2026-03-17T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    await t.api.post(`/api/events/${series.occurrences[3].id}/cancel`).send({ reason: 'Férié' }).expect(200);
    clock.set('2026-03-29T03:30:00+02:00');
    const cancelled = (
      await t.api.post(`/api/series/${series.id}/cancel`).send({ reason: 'Fin de saison' }).expect(200)
    ).body;
    expect(cancelled.occurrences.map((o: { status: string }) => o.status)).toEqual([
      'scheduled',
      'scheduled',
      'cancelled',
      'cancelled',
    ]);
    const events = await occurrencesOf(series.id);
    expect(events[3]).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(events[2]).toMatchObject({ status: 'cancelled', sequence: 1 });
    clock.set('2026-03-01T09:00:00Z');
  });

  it('extends a series by a number of occurrences or up to a date', async () => {
    const series = await createSeries(t, {
      startsAt: '2027-04-06T12:30:00+02:00',
      endsAt: '2027-04-06T14:00:00+02:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2',
    });
    const byCount = (await t.api.post(`/api/series/${series.id}/extend`).send({ count: 2 }).expect(200)).body;
    expect(byCount.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;COUNT=4');
    expect(byCount.occurrences.map((o: { startsAt: string }) => o.startsAt.slice(0, 10))).toEqual([
      '2027-04-06',
      '2027-04-13',
      '2027-04-20',
      '2027-04-27',
    ]);
    const byDate = (
      await t.api.post(`/api/series/${series.id}/extend`).send({ until: '2027-05-11T23:00:00+02:00' }).expect(200)
    ).body;
    expect(byDate.occurrences).toHaveLength(6);
    expect(byDate.rrule).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270511T210000Z');
    await t.api.post(`/api/series/${series.id}/extend`).send({}).expect(400);
    await t.api.post(`/api/series/${series.id}/extend`).send({ count: 500 }).expect(400);
  });

  it('counts `count` as how many occurrences to add, up to 200 in all, and refuses to extend a series without any', async () => {
    const series = await createSeries(t, { rrule: 'FREQ=WEEKLY;COUNT=199' });
    const full = await t.api.post(`/api/series/${series.id}/extend`).send({ count: 2 }).expect(400);
    expect(full.body.fields.count).toEqual(['count a series holds at most 200 occurrences (it has 199)']);
    const extended = (await t.api.post(`/api/series/${series.id}/extend`).send({ count: 1 }).expect(200)).body;
    expect(extended.occurrences).toHaveLength(200);
    expect(extended.rrule).toBe('FREQ=WEEKLY;COUNT=200');

    // Series saved with no occurrence (as a rule that yielded none used to be) cannot be carried on.
    const empty = { ...series, id: randomUUID() };
    await t.app.get(DataSource).getRepository(Series).insert({
      id: empty.id,
      rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2',
      firstStartsAt: new Date(),
      timezone: 'Europe/Paris',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const refused = await t.api.post(`/api/series/${empty.id}/extend`).send({ count: 1 }).expect(409);
    expect(refused.body).toMatchObject({ code: 'SERIES_EMPTY', message: expect.stringContaining('no occurrence') });
  });

  it.each([
    ['FREQ=WEEKLY', 'must end'],
    ['FREQ=SOMETIMES;COUNT=3', 'FREQ'],
    ['FREQ=DAILY;COUNT=201', 'COUNT=201: must be a whole number from 1 to 200'],
    ['FREQ=DAILY;COUNT=-1', 'COUNT=-1: must be a whole number from 1 to 200'],
    ['FREQ=DAILY;COUNT=abc', 'COUNT=ABC: must be a whole number'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20300101T000000Z', 'COUNT and UNTIL cannot both be given'],
    ['FREQ=DAILY;INTERVAL=1000000000;COUNT=2', 'INTERVAL=1000000000'],
    ['FREQ=MONTHLY;BYDAY=9MO;COUNT=2', 'BYDAY=9MO'],
    ['FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2', 'BYMONTHDAY=32'],
    ['FREQ=YEARLY;BYMONTH=13;COUNT=2', 'BYMONTH=13'],
    ['FREQ=YEARLY;BYWEEKNO=60;COUNT=2', 'BYWEEKNO=60'],
    ['FREQ=YEARLY;BYYEARDAY=400;COUNT=2', 'BYYEARDAY=400'],
    ['FREQ=WEEKLY;WKST=XX;COUNT=2', 'WKST=XX'],
    ['FREQ=WEEKLY;FREQ=DAILY;COUNT=2', 'FREQ is given twice'],
    ['FREQ=WEEKLY;COUNT=2\r\nATTENDEE:mailto:x@example.org', 'one line'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0;COUNT=2', 'BYSETPOS=0'],
    ['FREQ=WEEKLY;UNTIL=20000101T000000Z', 'UNTIL=20000101 is before the first occurrence'],
    ['not a rule', 'not a part written NAME=VALUE'],
  ])('answers 400 naming rrule for %p, and writes nothing', async (rrule, message) => {
    const before = (await t.api.get('/api/events?limit=1').expect(200)).headers['x-total-count'];
    const res = await t.api.post('/api/series').send(eventInput({ rrule })).expect(400);
    expect(res.body.fields).toHaveProperty('rrule');
    expect(res.body.message).toContain(message);
    expect((await t.api.get('/api/events?limit=1').expect(200)).headers['x-total-count']).toBe(before);
  });

  it('answers at once a rule that never meets, and /health meanwhile', async () => {
    const started = Date.now();
    const [res, health] = await Promise.all([
      t.api.post('/api/series').send(eventInput({ rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2' })),
      t.http.get('/health'),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.fields.rrule).toEqual(['rrule yields no occurrence: check that its BY... parts can meet']);
    expect(health.status).toBe(200);
    // It took 40 s before; the bound is loose for a loaded test machine.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses the whole series when one occurrence collides in its room, and writes nothing', async () => {
    const room = await createRoom(t);
    const blocker = await createEvent(t, {
      roomId: room.id,
      title: 'Privatisation',
      startsAt: '2027-06-15T12:00:00+02:00',
      endsAt: '2027-06-15T13:00:00+02:00',
    });
    const res = await t.api
      .post('/api/series')
      .send(
        eventInput({
          roomId: room.id,
          startsAt: '2027-06-01T12:30:00+02:00',
          endsAt: '2027-06-01T14:00:00+02:00',
          rrule: 'FREQ=WEEKLY;COUNT=4',
        }),
      )
      .expect(409);
    expect(res.body.conflictingEvent.id).toBe(blocker.id);
    const inRoom = await t.api.get(`/api/events?roomId=${room.id}`).expect(200);
    expect(inRoom.body.map((e: { id: string }) => e.id)).toEqual([blocker.id]);
  });
});
