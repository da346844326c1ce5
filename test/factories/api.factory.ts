import { TestApp } from '../helpers/test-app';
import { memberInput } from './member.factory';

let counter = 0;
const next = () => (counter += 1);

/** A valid body for POST /api/events: a colunch on a Tuesday of next spring, 12:30-14:00 in Paris. */
export function eventInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'colunch',
    title: `Colunch n°${next()}`,
    startsAt: '2027-05-04T12:30:00+02:00',
    endsAt: '2027-05-04T14:00:00+02:00',
    ...overrides,
  };
}

async function created(response: { status: number; body: Record<string, unknown> }, what: string) {
  if (response.status !== 201) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, any>;
}

export async function createMember(t: TestApp, overrides: Record<string, unknown> = {}) {
  return created(await t.api.post('/api/members').send(memberInput(overrides)), 'member');
}

export async function createRoom(t: TestApp, overrides: Record<string, unknown> = {}) {
  return created(await t.api.post('/api/rooms').send({ name: `Salle ${next()}`, capacity: 12, ...overrides }), 'room');
}

export async function createEvent(t: TestApp, overrides: Record<string, unknown> = {}) {
  return created(await t.api.post('/api/events').send(eventInput(overrides)), 'event');
}

export async function createSeries(t: TestApp, overrides: Record<string, unknown> = {}) {
  const body = eventInput({ rrule: 'FREQ=WEEKLY;COUNT=4', ...overrides });
  return created(await t.api.post('/api/series').send(body), 'series');
}
