// Invitations delivered per second: 1,000 queued by one POST /api/events/:id/invitations and sent by the outbox
// worker to an SMTP sink in its own process, against nodemailer alone (in a third process) sending as many mails of
// the same size through the same sink with the same pool, alternating in one run.
import { execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  alternate,
  api,
  BUILDS,
  cpuMs,
  fixed,
  inParallel,
  postgresDatabase,
  ROOT,
  rssMiB,
  scratch,
  startServer,
  table,
} from './lib.mjs';

const MAILS = Number(process.env.BENCH_MAILS ?? 1000);
const ROUNDS = 2;
/** The pool of the app's MailTransport. */
const SMTP_CONNECTIONS = 5;
const DAY = 86_400_000;

const sink = fork(join(ROOT, 'bench', 'smtp-sink.mjs'));
const [{ port }] = await once(sink, 'message');
const sinkUrl = `smtp://127.0.0.1:${port}`;
const ask = async (question) => (sink.send(question), (await once(sink, 'message'))[0]);

async function until(condition, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function prepare(build, databaseUrl) {
  const server = await startServer(databaseUrl, { SMTP_URL: sinkUrl }, build.main);
  await inParallel(MAILS, 8, (i) =>
    api(server.url, 'POST', '/api/members', { name: `Membre ${i}`, email: `membre-${i}@example.org` }),
  );
  return { build, server };
}

/** One POST inviting every member to a new event, timed until the sink has every mail. */
async function invite({ server }, round) {
  const startsAt = new Date(Date.now() + (30 + round) * DAY);
  const event = await api(server.url, 'POST', '/api/events', {
    kind: 'colunch',
    title: 'Colunch : facturer en freelance',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 5_400_000).toISOString(),
    location: 'Grande table',
  });
  await ask('reset');
  const cpuBefore = await cpuMs(server.pid);
  let peak = await rssMiB(server.pid);
  const started = performance.now();
  const queued = await api(server.url, 'POST', `/api/events/${event.id}/invitations`, { all: true });
  const queuedMs = performance.now() - started;
  if (queued.queued !== MAILS) throw new Error(`queued ${queued.queued} of ${MAILS}`);
  await until(async () => {
    peak = Math.max(peak, await rssMiB(server.pid));
    return (await ask('count')).count >= MAILS;
  });
  const seconds = (performance.now() - started) / 1000;
  const { bytes } = await ask('count');
  return {
    perSecond: MAILS / seconds,
    queuedMs,
    cpuMsEach: ((await cpuMs(server.pid)) - cpuBefore) / MAILS,
    bytesPerMail: bytes / MAILS,
    rssMiB: peak,
  };
}

let size = 8000;
async function plain() {
  await ask('reset');
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(ROOT, 'bench', 'plain-mailer.mjs'),
    sinkUrl,
    String(MAILS),
    String(size),
    String(SMTP_CONNECTIONS),
  ]);
  const { count } = await ask('count');
  if (count !== MAILS) throw new Error(`the sink got ${count} of ${MAILS} plain mails`);
  return { perSecond: MAILS / (JSON.parse(stdout).ms / 1000) };
}

const mean = (runs, key) => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;

async function measure(database, databaseUrl) {
  const spaces = [];
  for (const build of BUILDS) spaces.push(await prepare(build, databaseUrl(build)));
  console.error(`${database}: ${MAILS} members ready`);
  try {
    // The app's mails come first so that the baseline sends mails of their size.
    const [...results] = await alternate(ROUNDS, [
      ...spaces.map((space) => async (round) => {
        const result = await invite(space, round);
        size = Math.round(result.bytesPerMail);
        console.error(`${database} ${space.build.label}: ${fixed(result.perSecond)} mails/s`);
        return result;
      }),
      plain,
    ]);
    const base = results.pop();
    const basePerSecond = mean(base, 'perSecond');
    const row = (sender, runs) => [
      database,
      sender,
      runs.map((run) => fixed(run.perSecond)).join(', '),
      fixed(mean(runs, 'perSecond') / basePerSecond, 3),
      fixed(runs[0].queuedMs === undefined ? null : mean(runs, 'queuedMs')),
      fixed(runs[0].cpuMsEach === undefined ? null : mean(runs, 'cpuMsEach'), 2),
      fixed(runs[0].rssMiB === undefined ? null : Math.max(...runs.map((run) => run.rssMiB))),
    ];
    return [
      row(`nodemailer alone, pool of ${SMTP_CONNECTIONS}`, base),
      ...results.map((runs, index) => row(`Rencontres outbox ${spaces[index].build.label}`, runs)),
    ];
  } finally {
    for (const space of spaces) await space.server.stop();
  }
}

const rows = [];
const databases = [];
try {
  rows.push(...(await measure('SQLite', () => `sqlite:${join(scratch(), 'bench.sqlite')}`)));
  const postgres = [];
  for (const build of BUILDS) postgres.push(await postgresDatabase(`mail_${build.label}`));
  if (postgres.every(Boolean)) {
    databases.push(...postgres);
    rows.push(...(await measure('PostgreSQL', (build) => postgres[BUILDS.indexOf(build)].url)));
  }
} finally {
  for (const database of databases) await database.drop();
  sink.disconnect();
}

console.log(
  `\nInvitations: ${MAILS} queued by one POST /api/events/:id/invitations {all: true} and delivered to an SMTP sink in its own process (~${size} bytes each), ${ROUNDS} rounds alternating with the baseline\n`,
);
console.log(
  table(
    [
      'database',
      'sender',
      'mails/s (each round)',
      'ratio to nodemailer alone',
      `queueing the ${MAILS} ms`,
      'server CPU ms per mail',
      'peak RSS MiB',
    ],
    rows,
  ),
);
