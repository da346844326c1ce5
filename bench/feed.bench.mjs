// GET /calendar/public.ics with 200 upcoming events (200 and 304), measured with wrk (50 connections) against a
// plain node:http server serving the same bytes in the same run; then the cold build of a 1,000-event feed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, freePort, ROOT, startServer } from './lib.mjs';

const DURATION = process.env.BENCH_SECONDS ?? '10';

function wrk(url, headers = []) {
  const args = ['-t2', '-c50', `-d${DURATION}s`, ...headers.flatMap((header) => ['-H', header]), url];
  const out = execFileSync('wrk', args, { encoding: 'utf8' });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
}

/** `count` public events from tomorrow on, `perDay` a day, so that they all fall in the feed's 12-month window. */
async function addPublicEvents(server, count, perDay, offset = 0) {
  for (let i = offset; i < offset + count; i++) {
    const day = new Date(Date.now() + (1 + Math.floor(i / perDay)) * 86400000).toISOString().slice(0, 10);
    await api(server.url, 'POST', '/api/events', {
      kind: i % 3 ? 'colunch' : 'open-coffee',
      title: `Rencontre n°${i} : ${'déjeuner partagé, échanges de savoir-faire '.repeat(2)}`,
      description: 'Chacun apporte un plat ; un membre partage son savoir-faire sur un thème précis.',
      startsAt: `${day}T12:30:00+01:00`,
      endsAt: `${day}T14:00:00+01:00`,
      location: 'Grande table',
      visibility: 'public',
    });
  }
}

async function time(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (error) {
  if (error.code === 'ENOENT') throw new Error('wrk is missing: apt-get install -y wrk', { cause: error });
}

const dir = mkdtempSync(join(tmpdir(), 'rencontres-bench-'));
// Feeds hold 12 months ahead: the events are placed from now on.
const server = await startServer(`sqlite:${join(dir, 'bench.sqlite')}`, {});
await addPublicEvents(server, 200, 3);
const feedUrl = `${server.url}/calendar/public.ics`;
const response = await fetch(feedUrl);
const body = await response.text();
const etag = response.headers.get('etag');
writeFileSync(join(dir, 'feed.ics'), body);

const plainPort = await freePort();
const plain = spawn(
  process.execPath,
  [join(ROOT, 'bench', 'plain-feed-server.mjs'), join(dir, 'feed.ics'), etag, String(plainPort)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
await new Promise((resolve) => plain.stdout.once('data', resolve));
const plainUrl = `http://127.0.0.1:${plainPort}/calendar/public.ics`;

const results = {
  plain200: wrk(plainUrl),
  app200: wrk(feedUrl),
  plain304: wrk(plainUrl, [`If-None-Match: ${etag}`]),
  app304: wrk(feedUrl, [`If-None-Match: ${etag}`]),
};
plain.kill();

// Cold build: 1,000 events in the window; a write empties the cache, the next GET builds the feed.
await addPublicEvents(server, 800, 3, 200);
await api(server.url, 'POST', '/api/members', { name: 'Cache', email: 'cache@example.org' });
const cold = await time(() => fetch(feedUrl).then((res) => res.text()));
const warm = await time(() => fetch(feedUrl).then((res) => res.text()));
const size = (await (await fetch(feedUrl)).text()).length;
await server.stop();

console.log(
  `\nGET /calendar/public.ics, 200 upcoming events (${(body.length / 1024).toFixed(0)} KiB), wrk -t2 -c50 -d${DURATION}s`,
);
console.log('| answer | plain node:http req/s | Rencontres req/s | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| 200 (full body) | ${results.plain200.toFixed(0)} | ${results.app200.toFixed(0)} | ${(results.app200 / results.plain200).toFixed(2)} |`,
);
console.log(
  `| 304 (If-None-Match) | ${results.plain304.toFixed(0)} | ${results.app304.toFixed(0)} | ${(results.app304 / results.plain304).toFixed(2)} |`,
);
console.log(
  `\nCold build of the feed with 1,000 events (${(size / 1024).toFixed(0)} KiB): ${cold.toFixed(0)} ms; the same request once cached: ${warm.toFixed(1)} ms`,
);
