// The home page (GET /) and a public event page (GET /events/:id) with 500 public events in the next 60 days, on
// SQLite and PostgreSQL. The aim (issue 13): under 20 ms of server time per page. Measured three ways:
// - rebuilt: the first request after a write that changes the page (an answer, which moves the event's seats), so the
//   page is rendered again; the median and worst of REBUILDS such requests, timed by the client on this machine;
// - cached: autocannon, 20 connections, the page unchanged (200 with the whole body), and the same with
//   If-None-Match (304), beside plain node:http serving the same bytes; CPU ms per request is the server's own time.
import { join } from 'node:path';
import {
  alternate,
  api,
  fixed,
  inParallel,
  load,
  postgresDatabase,
  scratch,
  startPlain,
  startServer,
  table,
} from './lib.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const DAYS = 60;
const REBUILDS = 30;
const ROUNDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const AIM_MS = 20;
const DAY = 86_400_000;

/** A server with EVENTS public events spread over the next DAYS days (hosts, a room, seats), and a few members. */
async function prepare(databaseUrl) {
  const server = await startServer(databaseUrl);
  const room = await api(server.url, 'POST', '/api/rooms', { name: 'Grande salle', capacity: 40 });
  const hosts = await inParallel(10, 4, (i) =>
    api(server.url, 'POST', '/api/members', { name: `Hôte ${i}`, email: `hote-${i}@example.org` }),
  );
  const members = await inParallel(REBUILDS * ROUNDS + 1, 4, (i) =>
    api(server.url, 'POST', '/api/members', { name: `Membre ${i}`, email: `membre-${i}@example.org` }),
  );
  const events = await inParallel(EVENTS, 4, (i) => {
    const startsAt = new Date(Date.now() + DAY + Math.floor((i * (DAYS - 2) * DAY) / EVENTS));
    return api(server.url, 'POST', '/api/events', {
      kind: ['open-coffee', 'talk', 'workshop'][i % 3],
      title: `Rencontre ouverte n°${i} : ${'échanges de savoir-faire '.repeat(2)}`,
      description: 'Un membre partage son savoir-faire sur un thème précis ; chacun repart avec des contacts.',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 5_400_000).toISOString(),
      visibility: 'public',
      capacity: 40,
      ...(i % 2 ? { roomId: room.id } : { location: '12 rue des Arts, Lille' }),
      hostIds: [hosts[i % hosts.length].id],
      ...(i % 5 === 0 && { streamUrl: `https://live.example/${i}` }),
    });
  });
  return { server, events, members, answered: 0 };
}

async function get(url, headers = {}) {
  const res = await fetch(url, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 && res.status !== 304) throw new Error(`GET ${url}: ${res.status}`);
  return { status: res.status, body, type: res.headers.get('content-type'), etag: res.headers.get('etag') };
}

/** The time of the first request after an answer that changes the page: a render, not a cache hit. */
async function rebuilds(space, path, eventId) {
  const times = [];
  for (let i = 0; i < REBUILDS; i++) {
    const member = space.members[space.answered++ % space.members.length];
    await api(space.server.url, 'PUT', `/api/events/${eventId}/registrations/${member.id}`, {
      response: i % 2 ? 'no' : 'yes',
    });
    const started = performance.now();
    await get(`${space.server.url}${path}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], worst: times[times.length - 1] };
}

async function measure(database, databaseUrl) {
  const space = await prepare(databaseUrl);
  console.error(`${database}: ${EVENTS} public events ready`);
  const rows = [];
  try {
    const event = space.events[Math.floor(EVENTS / 2)];
    const pages = { 'GET /': ['/', space.events[0].id], 'GET /events/:id': [`/events/${event.id}`, event.id] };
    for (const [route, [path, answeredEvent]] of Object.entries(pages)) {
      const rebuilt = await rebuilds(space, path, answeredEvent);
      const sample = await get(`${space.server.url}${path}`);
      const plain = await startPlain(sample.body, sample.type);
      for (const [variant, headers] of [
        ['200', {}],
        ['304', { 'if-none-match': sample.etag }],
      ]) {
        const requests = [{ method: 'GET', path, headers }];
        const notModified = variant === '304';
        const [base, product] = await alternate(ROUNDS, [
          () => load(plain.url, requests, { seconds: SECONDS, pid: plain.pid, notModified }),
          () => load(space.server.url, requests, { seconds: SECONDS, pid: space.server.pid, notModified }),
        ]);
        const mean = (runs, key) => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;
        if (product.some((run) => run.failed)) throw new Error(`${route} ${variant} on ${database}: failures`);
        rows.push([
          database,
          `\`${route}\``,
          variant,
          `${fixed(sample.body.length / 1024, 1)} KiB`,
          fixed(rebuilt.median, 1),
          fixed(rebuilt.worst, 1),
          fixed(mean(product, 'perSecond')),
          fixed(mean(base, 'perSecond')),
          fixed(mean(product, 'p99'), 1),
          fixed(mean(product, 'cpuMsEach'), 3),
          rebuilt.median < AIM_MS && mean(product, 'cpuMsEach') < AIM_MS ? 'met' : '**missed**',
        ]);
      }
      await plain.stop();
    }
  } finally {
    await space.server.stop();
  }
  return rows;
}

const rows = await measure('SQLite', `sqlite:${join(scratch(), 'bench.sqlite')}`);
const postgres = await postgresDatabase('pages');
if (postgres) {
  try {
    rows.push(...(await measure('PostgreSQL', postgres.url)));
  } finally {
    await postgres.drop();
  }
}

console.log(
  `\nPublic pages with ${EVENTS} public events in the next ${DAYS} days; rebuilt = the first request after an answer (${REBUILDS} times), cached = autocannon 20 connections ${SECONDS} s × ${ROUNDS} rounds beside plain node:http serving the same bytes; aim: under ${AIM_MS} ms of server time\n`,
);
console.log(
  table(
    [
      'database',
      'route',
      'answer',
      'page size',
      'rebuilt ms (median)',
      'rebuilt ms (worst)',
      'cached req/s',
      'plain node:http req/s',
      'cached p99 ms',
      'server CPU ms per request',
      `aim < ${AIM_MS} ms`,
    ],
    rows,
  ),
);
