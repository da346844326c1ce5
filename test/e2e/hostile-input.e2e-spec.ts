import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { createEvent, createMember, eventInput } from '../factories/api.factory';
import { memberInput } from '../factories/member.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Input an attacker or a clumsy client sends: each gets a 4xx that names what is wrong, and changes nothing. */
describe('hostile and clumsy input', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const total = async (path: string) => Number((await t.api.get(path).expect(200)).headers['x-total-count']);

  describe('pagination', () => {
    it.each(['/api/members', '/api/events', '/api/outbox'])(
      'answers 400 naming offset or limit on %s',
      async (list) => {
        for (const field of ['offset', 'limit']) {
          for (const value of ['9223372036854775808', '1e400', '-1', '2.5']) {
            const res = await t.api.get(`${list}?${field}=${value}`).expect(400);
            expect(Object.keys(res.body.fields)).toEqual([field]);
          }
        }
        await t.api.get(`${list}?offset=9007199254740991&limit=500`).expect(200, []);
      },
    );
  });

  describe('ids in paths', () => {
    it('answers 404 in JSON for an unknown or malformed event id, on every route under it', async () => {
      for (const id of [randomUUID(), 'nope', '%00', `${randomUUID()}%00`, 'a'.repeat(90)]) {
        for (const path of ['', '/attendees.csv', '/registrations']) {
          const res = await t.api.get(`/api/events/${id}${path}`).expect(404);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
        }
      }
    });

    it('answers 404 for a malformed member id in the second place of a path, before any query', async () => {
      const event = await createEvent(t);
      const res = await t.api.put(`/api/events/${event.id}/registrations/x%00y`).send({ response: 'yes' }).expect(404);
      expect(res.body.message).toBe('memberId "x\\u0000y" names nothing');
      expect((await t.api.get(`/api/events/${event.id}/registrations`).expect(200)).body).toEqual([]);
    });

    it('shows the 404 page for a malformed id or token on page paths, and still serves an event page and its .ics', async () => {
      const event = await createEvent(t, { visibility: 'public' });
      // Feed tokens in page paths too: a NUL byte there was a 500 on PostgreSQL.
      for (const path of ['/events/%00.ics', '/events/nope', '/calendar/members/%00.ics', '/cohorts/%00']) {
        const page = await t.http.get(path).expect(404);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.text).toContain('Page introuvable');
      }
      await t.http.get(`/events/${event.id}`).expect(200);
      await t.getText(`/events/${event.id.toUpperCase()}.ics`).expect(200);
    });
  });

  describe('ids in bodies and queries', () => {
    it.each([
      ['hostIds', { hostIds: ['not-an-id'] }, 'hostIds must hold ids (UUIDs)'],
      ['roomId', { roomId: 'salle 1' }, 'roomId must be an id (a UUID)'],
    ])('answers 400 naming %s when an event names something that is not an id', async (field, body, message) => {
      const before = await total('/api/events');
      const res = await t.api.post('/api/events').send(eventInput(body)).expect(400);
      expect(res.body.fields).toEqual({ [field]: [message] });
      expect(await total('/api/events')).toBe(before);
    });

    it('answers 400 naming the filter or the member id', async () => {
      for (const filter of ['hostId', 'roomId', 'seriesId']) {
        const res = await t.api.get(`/api/events?${filter}=%00`).expect(400);
        expect(Object.keys(res.body.fields)).toEqual([filter]);
      }
      const event = await createEvent(t);
      const checkIn = await t.api.post(`/api/events/${event.id}/checkins`).send({ memberId: '1 OR 1=1' }).expect(400);
      expect(Object.keys(checkIn.body.fields)).toEqual(['memberId']);
      const invite = await t.api
        .post(`/api/events/${event.id}/invitations`)
        .send({ memberIds: ['x'] })
        .expect(400);
      expect(Object.keys(invite.body.fields)).toEqual(['memberIds']);
    });
  });

  it('refuses an offset beyond ±18:00, naming the field', async () => {
    const day = DateTime.now().plus({ months: 2 }).toISODate();
    const res = await t.api
      .post('/api/events')
      .send(eventInput({ startsAt: `${day}T12:30:00+99:00`, endsAt: `${day}T14:00:00+99:00` }))
      .expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(['endsAt', 'startsAt']);
    expect(res.body.fields.startsAt[0]).toContain('-18:00 to +18:00');
    const far = await createEvent(t, { startsAt: `${day}T12:30:00+14:00`, endsAt: `${day}T14:00:00+14:00` });
    expect(far.startsAt).toBe(DateTime.fromISO(`${day}T12:30:00+14:00`).toUTC().toISO());
  });

  describe('control characters', () => {
    it.each([
      ['name', { name: 'Camille\r\nBcc: everyone@example.org' }],
      ['name', { name: 'Camille\u0000' }],
      ['email', { email: 'camille@example.org\r\nBcc: x@example.org' }],
      ['skills', { skills: ['graphiste\nBEGIN:VEVENT'] }],
      ['company', { company: 'Atelier\u001bNord' }],
    ])('refuses a member whose %s holds one', async (field, override) => {
      const before = await total('/api/members');
      const res = await t.api.post('/api/members').send(memberInput(override)).expect(400);
      expect(Object.keys(res.body.fields)).toEqual([field]);
      expect(res.body.fields[field]).toContainEqual(expect.stringContaining('one line, without control characters'));
      expect(await total('/api/members')).toBe(before);
    });

    it('refuses them in single-line fields of events and rooms, keeps line breaks in descriptions', async () => {
      for (const [path, body, field] of [
        ['/api/events', eventInput({ title: 'Colunch\nEND:VEVENT' }), 'title'],
        ['/api/events', eventInput({ location: 'Salle\u0085' }), 'location'],
        ['/api/events', eventInput({ description: 'Bring\u0007 a laptop' }), 'description'],
        ['/api/rooms', { name: 'La\rbulle' }, 'name'],
      ] as const) {
        const res = await t.api.post(path).send(body).expect(400);
        expect(Object.keys(res.body.fields)).toEqual([field]);
      }
      const event = await createEvent(t, { description: 'Ligne 1\r\n\tLigne 2' });
      expect(event.description).toBe('Ligne 1\r\n\tLigne 2');
    });

    it('refuses a member edit that would put one in the name', async () => {
      const member = await createMember(t);
      await t.api.patch(`/api/members/${member.id}`).send({ name: 'X\u2028Y' }).expect(400);
      expect((await t.api.get(`/api/members/${member.id}`).expect(200)).body.name).toBe(member.name);
    });
  });

  it('refuses an invitation giving both all and memberIds, naming both, and queues nothing', async () => {
    const [event, member] = await Promise.all([createEvent(t), createMember(t)]);
    const res = await t.api
      .post(`/api/events/${event.id}/invitations`)
      .send({ all: true, memberIds: [member.id] })
      .expect(400);
    expect(res.body.fields).toEqual({
      memberIds: ['memberIds and all cannot both be given: give one or the other'],
      all: ['all and memberIds cannot both be given: give one or the other'],
    });
    expect(await total('/api/outbox')).toBe(0);
  });

  it('documents extend `count` as how many to add, as the service counts it', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(doc.components.schemas.ExtendSeriesDto.properties.count.description).toBe(
      'How many occurrences to add after the last one (not the new total).',
    );
  });
});
