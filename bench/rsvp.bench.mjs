// RSVPs per second through PUT /api/events/:id/registrations/:memberId, 20 concurrent clients, on SQLite and
// PostgreSQL, against a plain node:http server answering the same requests in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, closedLoop, postgresDatabase, rssMiB, startBaseline, startServer } from './lib.mjs';

const CLIENTS = 20;
const MEMBERS = 400;
const RSVPS = Number(process.env.BENCH_RSVPS ?? 4000);
const RESPONSES = ['yes', 'no', 'maybe'];

async function measure(label, databaseUrl) {
  const server = await startServer(databaseUrl);
  try {
    const members = [];
    for (let i = 0; i < MEMBERS; i++)
      members.push(
        await api(server.url, 'POST', '/api/members', { name: `Bench ${i}`, email: `bench-${i}@example.org` }),
      );
    const event = await api(server.url, 'POST', '/api/events', {
      kind: 'colunch',
      title: 'Bench',
      startsAt: '2030-01-08T12:30:00+01:00',
      endsAt: '2030-01-08T14:00:00+01:00',
      capacity: 150,
    });
    const result = await closedLoop(CLIENTS, RSVPS, (i) =>
      api(server.url, 'PUT', `/api/events/${event.id}/registrations/${members[i % MEMBERS].id}`, {
        response: RESPONSES[Math.floor(i / MEMBERS) % 3],
      }),
    );
    const after = await api(server.url, 'GET', `/api/events/${event.id}`);
    if (after.counts.going > 150) throw new Error(`overbooked: ${after.counts.going} going for 150 seats`);
    return { label, ...result, rssMiB: await rssMiB(server.pid) };
  } finally {
    await server.stop();
  }
}

const baseline = await startBaseline(
  JSON.stringify({ eventId: 'x'.repeat(36), memberId: 'y'.repeat(36), status: 'going', position: null }),
);
const base = await closedLoop(CLIENTS, RSVPS, () =>
  fetch(`${baseline.url}/rsvp`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: '{"response":"yes"}',
  }).then((r) => r.json()),
);
baseline.stop();

const rows = [
  await measure('SQLite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'rencontres-bench-')), 'bench.sqlite')}`),
];
const postgres = await postgresDatabase();
if (postgres) {
  rows.push(await measure('PostgreSQL', postgres.url));
  await postgres.drop();
}

console.log(
  `\nRSVPs, ${CLIENTS} concurrent clients, ${RSVPS} answers (yes/no/maybe on a 150-seat event, ${MEMBERS} members)`,
);
console.log(`| server | answers/s | ratio to plain node:http | p50 ms | p99 ms | server RSS MiB |`);
console.log(`|---|---|---|---|---|---|`);
console.log(
  `| plain node:http (baseline) | ${base.perSecond.toFixed(0)} | 1.00 | ${base.p50.toFixed(1)} | ${base.p99.toFixed(1)} | |`,
);
for (const row of rows) {
  console.log(
    `| Rencontres on ${row.label} | ${row.perSecond.toFixed(0)} | ${(row.perSecond / base.perSecond).toFixed(3)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.rssMiB.toFixed(0)} |`,
  );
}
