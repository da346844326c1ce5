// GET /calendar/public.ics with 200 upcoming events (200 and 304): wrk in its own process (50 connections) against a
// plain node:http server serving the same bytes, alternating A B A B in one run. Then the rebuild of a 1,000-event
// feed after a write, with the longest block of the server's event loop (the app runs in this process for that part,
// so that perf_hooks sees its loop), beside the same feed rendered on the loop as before.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { api, freePort, ROOT, startServer, TOKEN } from './lib.mjs';

const SECONDS = process.env.BENCH_SECONDS ?? '3';
const ROUNDS = 2;

function wrk(url, headers = []) {
  const args = ['-t2', '-c50', `-d${SECONDS}s`, ...headers.flatMap((header) => ['-H', header]), url];
  const out = execFileSync('wrk', args, { encoding: 'utf8' });
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]);
}

/** A then B, ROUNDS times; the mean of each. */
function alternate(a, b) {
  const runs = { a: [], b: [] };
  for (let round = 0; round < ROUNDS; round++) {
    runs.a.push(a());
    runs.b.push(b());
  }
  const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;
  return { a: mean(runs.a), b: mean(runs.b), runs };
}

/** `count` public events from tomorrow on, `perDay` a day, so that they all fall in the feed's 12-month window. */
async function addPublicEvents(url, count, perDay, offset = 0) {
  for (let i = offset; i < offset + count; i++) {
    const day = new Date(Date.now() + (1 + Math.floor(i / perDay)) * 86400000).toISOString().slice(0, 10);
    await api(url, 'POST', '/api/events', {
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

try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (error) {
  if (error.code === 'ENOENT') throw new Error('wrk is missing: apt-get install -y wrk', { cause: error });
}

const dir = mkdtempSync(join(tmpdir(), 'rencontres-bench-'));
const server = await startServer(`sqlite:${join(dir, 'bench.sqlite')}`, {});
await addPublicEvents(server.url, 200, 3);
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

const full = alternate(
  () => wrk(plainUrl),
  () => wrk(feedUrl),
);
const notModified = alternate(
  () => wrk(plainUrl, [`If-None-Match: ${etag}`]),
  () => wrk(feedUrl, [`If-None-Match: ${etag}`]),
);
plain.kill();
await server.stop();

// The rebuild, in this process: 1,000 events in the window, a write, then polls until the new feed is served.
const require = createRequire(import.meta.url);
const { startServer: startApp } = require(join(ROOT, 'dist', 'main.js'));
const { parseSettings } = require(join(ROOT, 'dist', 'config', 'settings.js'));
const { FeedsService } = require(join(ROOT, 'dist', 'calendar', 'feeds.service.js'));
const { EventsService } = require(join(ROOT, 'dist', 'events', 'events.service.js'));
const port = await freePort();
const app = await startApp(
  parseSettings({
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dir, 'rebuild.sqlite')}`,
    ADMIN_TOKEN: TOKEN,
    MAIL_DIR: join(dir, 'mail'),
    RATE_LIMIT_PER_MINUTE: '1000000',
  }),
);
const appUrl = `http://127.0.0.1:${port}`;
await addPublicEvents(appUrl, 1000, 3);
const first = await fetch(`${appUrl}/calendar/public.ics`);
const firstTag = first.headers.get('etag');
const size = (await first.text()).length;

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
await new Promise((resolve) => setTimeout(resolve, 10));
const started = performance.now();
await api(appUrl, 'POST', '/api/events', {
  kind: 'talk',
  title: 'Une de plus',
  startsAt: new Date(Date.now() + 2 * 86400000).toISOString(),
  endsAt: new Date(Date.now() + 2 * 86400000 + 3600000).toISOString(),
  visibility: 'public',
});
let staleAnswers = 0;
while ((await fetch(`${appUrl}/calendar/public.ics`)).headers.get('etag') === firstTag) staleAnswers++;
const rebuildMs = performance.now() - started;
loop.disable();
const rebuildBlockMs = loop.max / 1e6;

/** The longest block of the event loop while `work` runs, in ms. */
async function longestBlock(work) {
  loop.reset();
  loop.enable();
  // The histogram counts from its second tick: a block right after enable() would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 10));
  await work();
  await new Promise((resolve) => setTimeout(resolve, 5));
  loop.disable();
  return loop.max / 1e6;
}
// The loop of this process doing nothing as long: what the other processes on the cores cost it.
const idleBlockMs = await longestBlock(() => new Promise((resolve) => setTimeout(resolve, rebuildMs)));
// The rebuild's read of the 1,000 events (the database and EventsService, on the loop).
let events;
const readBlockMs = await longestBlock(async () => {
  events = await app.get(EventsService).inWindow(new Date(), new Date(Date.now() + 365 * 86400000));
});
// Before: the same 1,000 events rendered on the event loop.
const onLoopBlockMs = await longestBlock(async () => app.get(FeedsService).eventsFile('Rencontres', events));
await app.close();

const ratio = ({ a, b }) => (b / a).toFixed(2);
const range = (values) => values.map((value) => value.toFixed(0)).join(' / ');
console.log(
  `\nGET /calendar/public.ics, 200 upcoming events (${(body.length / 1024).toFixed(0)} KiB), wrk -t2 -c50 -d${SECONDS}s, plain and Rencontres alternated ${ROUNDS} times`,
);
console.log('| answer | plain node:http req/s | Rencontres req/s | ratio |');
console.log('|---|---|---|---|');
console.log(`| 200 (full body) | ${range(full.runs.a)} | ${range(full.runs.b)} | ${ratio(full)} |`);
console.log(
  `| 304 (If-None-Match) | ${range(notModified.runs.a)} | ${range(notModified.runs.b)} | ${ratio(notModified)} |`,
);
console.log(
  `\nRebuild of the feed with 1,000 events (${(size / 1024).toFixed(0)} KiB) after a write: new feed served after ${rebuildMs.toFixed(0)} ms ` +
    `(${staleAnswers} polls answered with the last good feed meanwhile); longest event-loop block ${rebuildBlockMs.toFixed(0)} ms. ` +
    `Idle, the same loop's longest block over as long: ${idleBlockMs.toFixed(0)} ms; the read of the 1,000 events: ` +
    `${readBlockMs.toFixed(0)} ms in one query (as before); the same feed rendered on the event loop (as before): ${onLoopBlockMs.toFixed(0)} ms.`,
);
