// Resident memory of the server: right after start (after the first /health), at the peak of a 10 s load of
// answers (20 connections), and 10 s after the load; beside plain node:http under the same load. The server runs
// as `npm start` runs it (its flags size V8's heap). Each build is measured BENCH_ROUNDS times, alternated (A B A B),
// with the server CPU time per answer: what a smaller heap costs in garbage collection.
import { join } from 'node:path';
import {
  alternate,
  api,
  BUILDS,
  fixed,
  inParallel,
  load,
  rssMiB,
  scratch,
  startPlain,
  startServer,
  table,
  TOKEN,
} from './lib.mjs';

const LOAD_SECONDS = 10;
const REST_MS = 10_000;
const MEMBERS = 200;
const DAY = 86_400_000;
const RESPONSES = ['yes', 'no', 'maybe'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

async function measure(build) {
  const server = await startServer(`sqlite:${join(scratch(), 'bench.sqlite')}`, {}, build.main);
  try {
    await fetch(`${server.url}/health`);
    const atStart = await rssMiB(server.pid);
    const startsAt = new Date(Date.now() + 30 * DAY);
    const event = await api(server.url, 'POST', '/api/events', {
      kind: 'colunch',
      title: 'Colunch',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 5_400_000).toISOString(),
      capacity: 50,
    });
    const members = await inParallel(MEMBERS, 8, (i) =>
      api(server.url, 'POST', '/api/members', { name: `Membre ${i}`, email: `membre-${i}@example.org` }),
    );
    // Cycled for LOAD_SECONDS: each pass over the members gives each of them another answer.
    const requests = RESPONSES.flatMap((_, pass) =>
      members.map((member, i) => ({
        method: 'PUT',
        path: `/api/events/${event.id}/registrations/${member.id}`,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ response: RESPONSES[(i + pass) % 3] }),
      })),
    );
    const loaded = await load(server.url, requests, { seconds: LOAD_SECONDS, pid: server.pid });
    await new Promise((resolve) => setTimeout(resolve, REST_MS));
    return { atStart, peak: loaded.rssMiB, after: await rssMiB(server.pid), ...loaded };
  } finally {
    await server.stop();
  }
}

const each = (runs, pick) => runs.map((run) => pick(run)).join(' / ');
const rows = [];
const results = await alternate(
  ROUNDS,
  BUILDS.map((build) => async () => {
    const run = await measure(build);
    console.error(
      `Rencontres ${build.label}: ${fixed(run.atStart)} → ${fixed(run.peak)} → ${fixed(run.after)} MiB, ${run.ok} answers`,
    );
    return run;
  }),
);
for (const [index, runs] of results.entries()) {
  rows.push([
    `Rencontres ${BUILDS[index].label}`.trim(),
    each(runs, (run) => fixed(run.atStart)),
    each(runs, (run) => fixed(run.peak)),
    each(runs, (run) => fixed(run.after)),
    each(runs, (run) => run.ok),
    each(runs, (run) => fixed(run.p99)),
    each(runs, (run) => fixed(run.cpuMsEach, 2)),
  ]);
}
const plain = await startPlain('{"status":"going"}', 'application/json');
const plainStart = await rssMiB(plain.pid);
const plainLoad = await load(plain.url, [{ method: 'PUT', path: '/', body: '{"response":"yes"}' }], {
  seconds: LOAD_SECONDS,
  pid: plain.pid,
});
await new Promise((resolve) => setTimeout(resolve, REST_MS));
rows.push([
  'plain node:http',
  fixed(plainStart),
  fixed(plainLoad.rssMiB),
  fixed(await rssMiB(plain.pid)),
  String(plainLoad.ok),
  fixed(plainLoad.p99),
  fixed(plainLoad.cpuMsEach, 2),
]);
await plain.stop();

console.log(
  `\nServer RSS (MiB) on SQLite: after start and a first /health, peak during ${LOAD_SECONDS} s of answers (20 connections), ${REST_MS / 1000} s after; ${ROUNDS} rounds alternated\n`,
);
console.log(
  table(
    [
      'server',
      'after start',
      'peak under load',
      `${REST_MS / 1000} s after the load`,
      'answers',
      'p99 ms',
      'server CPU ms per answer',
    ],
    rows,
  ),
);
