// Answers per second through PUT /api/events/:id/registrations/:memberId and the page's POST /rsvp/:token, 20
// connections, on SQLite and PostgreSQL, against plain node:http answering the same requests, alternating A B A B in
// one run. Every request is a distinct answer; afterwards exactly min(seats, yes) members must be going.
import { join } from 'node:path';
import {
  alternate,
  api,
  BUILDS,
  fixed,
  inParallel,
  load,
  postgresDatabase,
  scratch,
  startPlain,
  startServer,
  table,
  TOKEN,
} from './lib.mjs';

const CONNECTIONS = 20;
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2000);
const SEATS = 150;
const ROUNDS = 2;
const BASELINE_SECONDS = 2;
const RESPONSES = ['yes', 'no', 'maybe'];
const DAY = 86_400_000;

const ROUTES = {
  'PUT /api/events/:id/registrations/:memberId': (space, member, response) => ({
    method: 'PUT',
    path: `/api/events/${space.event.id}/registrations/${member.id}`,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ response }),
  }),
  'POST /rsvp/:token': (space, member, response) => ({
    method: 'POST',
    path: member.rsvpPath,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `response=${response}`,
  }),
};

/** A server of one build with MEMBERS members, a SEATS-seat colunch in a month, and each member's RSVP link. */
async function prepare(build, databaseUrl) {
  const server = await startServer(databaseUrl, {}, build.main);
  const startsAt = new Date(Date.now() + 30 * DAY);
  const event = await api(server.url, 'POST', '/api/events', {
    kind: 'colunch',
    title: 'Colunch : facturer en freelance',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 5_400_000).toISOString(),
    capacity: SEATS,
  });
  const members = await inParallel(MEMBERS, 8, async (i) => {
    const member = await api(server.url, 'POST', '/api/members', {
      name: `Membre ${i}`,
      email: `membre-${i}@example.org`,
    });
    const link = await api(server.url, 'GET', `/api/events/${event.id}/registrations/${member.id}/rsvp-link`);
    return { id: member.id, rsvpPath: new URL(link.url).pathname };
  });
  return { build, server, event, members, runs: 0 };
}

/** One pass over every member through `route`, each with another answer than in the previous pass. */
function answers(space, route) {
  const run = space.runs++;
  return space.members.map((member, i) => ROUTES[route](space, member, RESPONSES[(i + run) % 3]));
}

/** The invariant: as many going as `min(seats, members whose answer is yes)`, and the counts agree with the rows. */
async function checkSeats(space) {
  const { url } = space.server;
  const event = await api(url, 'GET', `/api/events/${space.event.id}`);
  const registrations = await api(url, 'GET', `/api/events/${space.event.id}/registrations`);
  const yes = registrations.filter((registration) => registration.response === 'yes').length;
  const going = registrations.filter((registration) => registration.status === 'going').length;
  const expected = Math.min(SEATS, yes);
  if (going !== expected || event.counts.going !== expected) {
    throw new Error(
      `${space.build.label} broke the seats: ${going} going rows and counts.going ${event.counts.going}, expected ${expected} (${yes} yes, ${SEATS} seats)`,
    );
  }
}

async function bodyOf(request, url) {
  const res = await fetch(`${url}${request.path}`, request);
  if (!res.ok) throw new Error(`${request.method} ${request.path}: ${res.status} ${await res.text()}`);
  return { body: Buffer.from(await res.arrayBuffer()), type: res.headers.get('content-type') };
}

const mean = (runs, key) => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;

async function measure(database, databaseUrl) {
  const spaces = [];
  for (const build of BUILDS) spaces.push(await prepare(build, databaseUrl(build)));
  console.error(`${database}: ${MEMBERS} members ready`);
  const rows = [];
  try {
    for (const route of Object.keys(ROUTES)) {
      // The baseline answers what the product answers to this route, byte for byte.
      const sample = await bodyOf(answers(spaces[0], route)[0], spaces[0].server.url);
      const plain = await startPlain(sample.body, sample.type);
      const [base, ...products] = await alternate(ROUNDS, [
        () => load(plain.url, answers(spaces[0], route), { seconds: BASELINE_SECONDS, pid: plain.pid }),
        ...spaces.map((space) => async () => {
          const result = await load(space.server.url, answers(space, route), {
            connections: CONNECTIONS,
            pid: space.server.pid,
          });
          if (result.failed) {
            const why = JSON.stringify(result.why);
            throw new Error(`${route} on ${database}, ${space.build.label}: ${result.failed} requests failed ${why}`);
          }
          console.error(`${database} ${route} ${space.build.label}: ${fixed(result.perSecond)}/s`);
          return result;
        }),
      ]);
      await plain.stop();
      const basePerSecond = mean(base, 'perSecond');
      const onPostgres = database === 'PostgreSQL';
      const row = (server, runs, plain = false) => [
        database,
        `\`${route}\``,
        server,
        runs.map((run) => fixed(run.perSecond)).join(', '),
        fixed(mean(runs, 'perSecond') / basePerSecond, 3),
        fixed(mean(runs, 'p50'), 1),
        fixed(mean(runs, 'p99'), 1),
        fixed(mean(runs, 'cpuMsEach'), 2),
        fixed(mean(runs, 'loopCpuMsEach'), 2),
        onPostgres && !plain ? fixed(mean(runs, 'databaseCpuMsEach'), 2) : '',
        fixed(Math.max(...runs.map((run) => run.rssMiB))),
      ];
      rows.push(row('plain node:http', base, true));
      for (const [index, runs] of products.entries())
        rows.push(row(`Rencontres ${spaces[index].build.label}`.trim(), runs));
    }
    for (const space of spaces) await checkSeats(space);
  } finally {
    for (const space of spaces) await space.server.stop();
  }
  return rows;
}

const rows = await measure('SQLite', () => `sqlite:${join(scratch(), 'bench.sqlite')}`);
const databases = [];
try {
  const postgres = [];
  for (const build of BUILDS) postgres.push(await postgresDatabase(build.label));
  if (postgres.every(Boolean)) {
    databases.push(...postgres);
    rows.push(...(await measure('PostgreSQL', (build) => postgres[BUILDS.indexOf(build)].url)));
  }
} finally {
  for (const database of databases) await database.drop();
}

console.log(
  `\nAnswers, ${CONNECTIONS} connections, each request a distinct answer (${MEMBERS} members × yes/no/maybe on a ${SEATS}-seat event), ${ROUNDS} rounds alternating with the baseline; afterwards exactly min(seats, yes) going\n`,
);
console.log(
  table(
    [
      'database',
      'route',
      'server',
      'answers/s (each round)',
      'ratio to plain',
      'p50 ms',
      'p99 ms',
      'server CPU ms per answer',
      'of which its event loop',
      'PostgreSQL CPU ms per answer',
      'peak RSS MiB',
    ],
    rows,
  ),
);
