import { DateTime } from 'luxon';
import { TestApp } from '../helpers/test-app';
import { memberInput } from './member.factory';

let counter = 0;
const next = () => (counter += 1);

/** The space's zone in the tests (the TIMEZONE default). */
const SPACE_ZONE = 'Europe/Paris';

/**
 * 12:30 in Paris on the first Tuesday from four weeks after `now`: ahead of the clock whatever the day, and far
 * enough that no reminder or quorum falls due while a test runs.
 */
export function nextColunch(now: Date = new Date()): DateTime {
  const day = DateTime.fromJSDate(now, { zone: SPACE_ZONE }).plus({ weeks: 4 }).startOf('day');
  return day.plus({ days: (7 + 2 - day.weekday) % 7 }).set({ hour: 12, minute: 30 });
}

/** A local time as the API takes it: "2027-05-04T12:30:00+02:00", with the offset of that day. */
export function withOffset(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: true })!;
}

/** A wall-clock time such as "13:30" on the day of `day`, in its zone, as the API takes it. */
export function timeOn(day: DateTime, hhmm: string): string {
  const [hour, minute] = hhmm.split(':').map(Number);
  return withOffset(day.set({ hour, minute }));
}

/**
 * A valid body for POST /api/events: a colunch 12:30-14:00 in Paris, the Tuesday of nextColunch(now). Pass
 * `t.clock.now()` when the app runs on a FixedClock (createEvent and createSeries do).
 */
export function eventInput(overrides: Record<string, unknown> = {}, now: Date = new Date()): Record<string, unknown> {
  const start = nextColunch(now);
  return {
    kind: 'colunch',
    title: `Colunch n°${next()}`,
    startsAt: withOffset(start),
    endsAt: withOffset(start.plus({ minutes: 90 })),
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

/** A member who organises: may sign in to /admin. */
export async function createOrganiser(t: TestApp, overrides: Record<string, unknown> = {}) {
  const member = await createMember(t, overrides);
  return (await t.api.patch(`/api/members/${member.id}`).send({ role: 'organiser' }).expect(200)).body;
}

export async function createRoom(t: TestApp, overrides: Record<string, unknown> = {}) {
  return created(await t.api.post('/api/rooms').send({ name: `Salle ${next()}`, capacity: 12, ...overrides }), 'room');
}

export async function createEvent(t: TestApp, overrides: Record<string, unknown> = {}) {
  return created(await t.api.post('/api/events').send(eventInput(overrides, t.clock.now())), 'event');
}

export async function createSeries(t: TestApp, overrides: Record<string, unknown> = {}) {
  const body = eventInput({ rrule: 'FREQ=WEEKLY;COUNT=4', ...overrides }, t.clock.now());
  return created(await t.api.post('/api/series').send(body), 'series');
}
