// Resident memory of the server: right after start (after the first /health), at the peak of a 10 s load of
// answers (20 connections), and 10 s after the load; beside plain node:http under the same load. The server runs
// as `npm start` runs it: with a young generation of 2 MiB (--max-semi-space-size=2) instead of the 16 MiB V8 grows
// it to while Nest starts.
import { join } from 'node:path';
import {
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
    return [atStart, loaded.rssMiB, await rssMiB(server.pid), loaded.ok];
  } finally {
    await server.stop();
  }
}

const rows = [];
for (const build of BUILDS) {
  const [atStart, peak, after, answered] = await measure(build);
  const name = `Rencontres ${build.label}`.trim();
  rows.push([name, fixed(atStart), fixed(peak), fixed(after), String(answered)]);
  console.error(`${name}: ${fixed(atStart)} → ${fixed(peak)} → ${fixed(after)} MiB`);
}
const plain = await startPlain('{"status":"going"}', 'application/json');
const plainStart = await rssMiB(plain.pid);
const plainLoad = await load(plain.url, [{ method: 'PUT', path: '/', body: '{"response":"yes"}' }], {
  seconds: LOAD_SECONDS,
  pid: plain.pid,
});
await new Promise((resolve) => setTimeout(resolve, REST_MS));
rows.push(['plain node:http', fixed(plainStart), fixed(plainLoad.rssMiB), fixed(await rssMiB(plain.pid)), '']);
await plain.stop();

console.log(
  `\nServer RSS (MiB) on SQLite: after start and a first /health, peak during ${LOAD_SECONDS} s of answers (20 connections), ${REST_MS / 1000} s after\n`,
);
console.log(table(['server', 'after start', `peak under load`, `${REST_MS / 1000} s after the load`, 'answers'], rows));
