import { createEvent, createMember, createSeries } from '../factories/api.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Table plans and encounters', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const members = async (count: number) => {
    const created = [];
    for (let i = 0; i < count; i++) created.push(await createMember(t, { name: `Convive ${i}` }));
    return created.map((member) => member.id as string);
  };
  const answerYes = async (eventId: string, memberIds: string[]) => {
    for (const memberId of memberIds) {
      await t.api.put(`/api/events/${eventId}/registrations/${memberId}`).send({ response: 'yes' }).expect(200);
    }
  };
  const checkIn = async (eventId: string, memberIds: string[]) => {
    for (const memberId of memberIds)
      await t.api.post(`/api/events/${eventId}/checkins`).send({ memberId }).expect(201);
  };
  const pairsOf = (tables: { memberIds: string[] }[]) =>
    tables.flatMap(({ memberIds }) => memberIds.flatMap((a) => memberIds.filter((b) => a < b).map((b) => `${a}:${b}`)));

  it('seats every going member once, tables within one person, hosts apart; the waitlist is not seated', async () => {
    const hosts = await members(2);
    const guests = await members(11);
    const event = await createEvent(t, { capacity: 12, hostIds: hosts });
    await answerYes(event.id, guests);
    const waitlisted = guests[10];
    const res = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 4 }).expect(201);
    const tables: { number: number; memberIds: string[] }[] = res.body.tables;
    expect(tables.map((table) => table.number)).toEqual([1, 2, 3]);
    expect(tables.flatMap((table) => table.memberIds).sort()).toEqual([...hosts, ...guests.slice(0, 10)].sort());
    expect(tables.flatMap((table) => table.memberIds)).not.toContain(waitlisted);
    expect(tables.map((table) => table.memberIds.length).sort()).toEqual([4, 4, 4]);
    const hostTables = hosts.map((host) => tables.findIndex((table) => table.memberIds[0] === host));
    expect(new Set(hostTables).size).toBe(2);
    expect(res.body).toMatchObject({ newPairs: 18, repeatedPairs: 0 });

    const again = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tables: 2 }).expect(201);
    expect(again.body.tables.map((table: { memberIds: string[] }) => table.memberIds.length)).toEqual([6, 6]);
    const read = await t.api.get(`/api/events/${event.id}/table-plan`).expect(200);
    expect(read.body.tables).toEqual(again.body.tables);
  });

  it('gives the same plan for the same history and seed', async () => {
    const event = await createEvent(t);
    await answerYes(event.id, await members(9));
    const first = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 3, seed: 42 }).expect(201);
    const second = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 3, seed: 42 }).expect(201);
    expect(second.body.tables).toEqual(first.body.tables);
    expect(first.body.seed).toBe(42);
  });

  it('records who met from check-ins at the same table, and reads them back per member', async () => {
    const people = await members(6);
    const event = await createEvent(t);
    await answerYes(event.id, people);
    const plan = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tables: 2 }).expect(201);
    const [tableOne, tableTwo] = plan.body.tables.map((table: { memberIds: string[] }) => table.memberIds);
    // Two of table one came, one of table two: only the pair at table one met.
    await checkIn(event.id, [tableOne[0], tableOne[1], tableTwo[0]]);
    const encounters = await t.api.get(`/api/members/${tableOne[0]}/encounters`).expect(200);
    expect(encounters.body).toEqual([
      { memberId: tableOne[1], times: 1, firstMetAt: event.startsAt, lastMetAt: event.startsAt },
    ]);
    expect((await t.api.get(`/api/members/${tableTwo[0]}/encounters`).expect(200)).body).toEqual([]);
  });

  it('counts everyone checked in at a small event without a plan as having met', async () => {
    const people = await members(3);
    const event = await createEvent(t, { kind: 'workshop' });
    await checkIn(event.id, people);
    const encounters = await t.api.get(`/api/members/${people[0]}/encounters`).expect(200);
    expect(encounters.body.map((encounter: { memberId: string }) => encounter.memberId).sort()).toEqual(
      people.slice(1).sort(),
    );
  });

  it('reads encounters anew at once after a check-in is undone, a plan replaced or the event moved', async () => {
    const [ana, bob, cyd, dan] = await members(4);
    const metBy = async (id: string) =>
      (await t.api.get(`/api/members/${id}/encounters`).expect(200)).body as {
        memberId: string;
        firstMetAt: string;
        lastMetAt: string;
      }[];
    const event = await createEvent(t);
    await answerYes(event.id, [ana, bob, cyd, dan]);
    const plan = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tables: 2 }).expect(201);
    await checkIn(event.id, [ana, bob, cyd, dan]);
    const mates = (id: string) =>
      plan.body.tables.find((table: { memberIds: string[] }) => table.memberIds.includes(id)).memberIds as string[];
    expect((await metBy(ana)).map((encounter) => encounter.memberId)).toEqual(mates(ana).filter((id) => id !== ana));

    // Everyone at one table now: the four of them met.
    await t.api.post(`/api/events/${event.id}/table-plan`).send({ tables: 1 }).expect(201);
    expect((await metBy(ana)).map((encounter) => encounter.memberId).sort()).toEqual([bob, cyd, dan].sort());

    await t.api.delete(`/api/events/${event.id}/checkins/${dan}`).expect(200);
    expect(await metBy(dan)).toEqual([]);
    expect(await metBy(ana)).toHaveLength(2);

    const startsAt = new Date(new Date(event.startsAt).getTime() + 24 * 3600 * 1000).toISOString();
    const endsAt = new Date(new Date(event.endsAt).getTime() + 24 * 3600 * 1000).toISOString();
    await t.api.patch(`/api/events/${event.id}`).send({ startsAt, endsAt }).expect(200);
    for (const encounter of await metBy(ana)) {
      expect(encounter).toMatchObject({ firstMetAt: startsAt, lastMetAt: startsAt });
    }
  });

  it('seats a small series so that the second and third weeks avoid the pairs of the weeks before', async () => {
    const people = await members(9);
    const series = await createSeries(t, { rrule: 'FREQ=WEEKLY;COUNT=3' });
    const weeks: string[] = series.occurrences.map((occurrence: { id: string }) => occurrence.id);
    for (const week of weeks) await answerYes(week, people);
    const seen = new Set<string>();
    for (const week of weeks) {
      const plan = await t.api.post(`/api/events/${week}/table-plan`).send({ tableSize: 3 }).expect(201);
      expect(plan.body.repeatedPairs).toBe(0);
      for (const pair of pairsOf(plan.body.tables)) {
        expect(seen.has(pair)).toBe(false);
        seen.add(pair);
      }
      await checkIn(week, people);
    }
    expect(seen.size).toBe(27);
  });

  it('seats the same 32 members at tables of 4 for 10 weeks, week by week, repeating 16 pairs or fewer', async () => {
    const people = await members(32);
    const series = await createSeries(t, { rrule: 'FREQ=WEEKLY;COUNT=10' });
    const weeks: string[] = series.occurrences.map((occurrence: { id: string }) => occurrence.id);
    for (const week of weeks) await answerYes(week, people);
    let repeats = 0;
    for (const week of weeks) {
      const plan = await t.api.post(`/api/events/${week}/table-plan`).send({ tableSize: 4 }).expect(201);
      expect(plan.body.tables.map((table: { memberIds: string[] }) => table.memberIds.length)).toEqual(
        Array(8).fill(4),
      );
      repeats += plan.body.repeatedPairs;
      await checkIn(week, people);
    }
    expect(repeats).toBeLessThanOrEqual(16);
    // The check-ins recorded what was planned: 3 table-mates in each of the 10 weeks.
    const met = await t.api.get(`/api/members/${people[0]}/encounters`).expect(200);
    expect(met.body.reduce((sum: number, e: { times: number }) => sum + e.times, 0)).toBe(30);
  }, 120_000);

  it('refuses bad requests clearly', async () => {
    const event = await createEvent(t);
    const both = await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 4, tables: 2 }).expect(400);
    expect(both.body.fields).toHaveProperty('tables');
    await t.api.post(`/api/events/${event.id}/table-plan`).send({}).expect(400);
    await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 1 }).expect(400);
    await t.api.get(`/api/events/${event.id}/table-plan`).expect(404);
    await t.api.post(`/api/events/${event.id}/cancel`).send({}).expect(200);
    await t.api.post(`/api/events/${event.id}/table-plan`).send({ tableSize: 4 }).expect(409);
  });
});
