// "Feeds while members answer" (a Monday morning: invitations out, answers coming in, calendars polling): GET
// /calendar/public.ics with 300 public events, wrk in its own process (50 connections), alone and while ~200 answers a
// second go to members-only lunches from another process (bench/paced-answers.mjs), alternated A B A B in one run.
// An answer to a members-only lunch changes the answering member's feed, not the public one.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, ROOT, startServer, TOKEN } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? '3');
/** Answers a second; lower it (BENCH_ANSWERS_PER_SECOND) to find the rate the server sustains on a busy machine. */
const RATE = Number(process.env.BENCH_ANSWERS_PER_SECOND ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** wrk's rate and p99 (ms) on the feed. */
function wrk(url) {
  const out = execFileSync('wrk', ['-t2', '-c50', `-d${SECONDS}s`, '--timeout', '10s', '--latency', url], {
    encoding: 'utf8',
  });
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const toMs = { us: 0.001, ms: 1, s: 1000 }[p99[2]];
  return { perSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)[1]), p99: Number(p99[1]) * toMs };
}

async function whileAnswering(server, lunches, members) {
  const answers = spawn(
    process.execPath,
    [
      join(ROOT, 'bench', 'paced-answers.mjs'),
      server.url,
      String(RATE),
      String(SECONDS + 1),
      TOKEN,
      JSON.stringify(lunches),
      JSON.stringify(members),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  answers.stdout.on('data', (chunk) => (out += chunk));
  while (!out.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 10));
  // Answers already flowing when the polls start.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const feed = wrk(`${server.url}/calendar/public.ics`);
  await once(answers, 'exit');
  return { ...feed, answers: JSON.parse(out.trim().split('\n').pop()) };
}

const dir = mkdtempSync(join(tmpdir(), 'rencontres-bench-'));
const server = await startServer(`sqlite:${join(dir, 'bench.sqlite')}`, {});
const day = (i) => new Date(Date.now() + (1 + Math.floor(i / 3)) * 86400000).toISOString().slice(0, 10);
for (let i = 0; i < 300; i++) {
  await api(server.url, 'POST', '/api/events', {
    kind: i % 3 ? 'talk' : 'open-coffee',
    title: `Rencontre publique n°${i}`,
    description: 'Ouverte à tous, sur inscription.',
    startsAt: `${day(i)}T18:30:00+01:00`,
    endsAt: `${day(i)}T20:00:00+01:00`,
    visibility: 'public',
  });
}
const lunches = [];
for (let i = 0; i < 20; i++) {
  const lunch = await api(server.url, 'POST', '/api/events', {
    kind: 'colunch',
    title: `Colunch des membres n°${i}`,
    startsAt: `${day(i)}T12:30:00+01:00`,
    endsAt: `${day(i)}T14:00:00+01:00`,
    visibility: 'members',
    capacity: 500,
  });
  lunches.push(lunch.id);
}
const members = [];
for (let i = 0; i < 100; i++) {
  members.push((await api(server.url, 'POST', '/api/members', { name: `Membre ${i}`, email: `m${i}@example.org` })).id);
}
await fetch(`${server.url}/calendar/public.ics`).then((res) => res.text());

const alone = [];
const answering = [];
for (let round = 0; round < ROUNDS; round++) {
  alone.push(wrk(`${server.url}/calendar/public.ics`));
  answering.push(await whileAnswering(server, lunches, members));
}
await server.stop();

const mean = (runs, field) => runs.reduce((sum, run) => sum + run[field], 0) / runs.length;
const list = (runs, field, digits = 0) => runs.map((run) => run[field].toFixed(digits)).join(' / ');
console.log(
  `\nGET /calendar/public.ics (300 public events), wrk -t2 -c50 -d${SECONDS}s, alone and while ${RATE} answers/s go to members-only lunches, alternated ${ROUNDS} times`,
);
console.log('| feed polled | req/s | p99 ms | answers/s served (p99 ms) |');
console.log('|---|---|---|---|');
console.log(`| alone | ${list(alone, 'perSecond')} | ${list(alone, 'p99', 1)} | |`);
console.log(
  `| while members answer | ${list(answering, 'perSecond')} | ${list(answering, 'p99', 1)} | ${answering
    .map(({ answers }) => `${answers.perSecond.toFixed(0)} (${answers.p99.toFixed(0)}), ${answers.failed} failed`)
    .join(' / ')} |`,
);
console.log(
  `\nRate kept while members answer: ${(mean(answering, 'perSecond') / mean(alone, 'perSecond')).toFixed(2)} of the feed alone.`,
);
