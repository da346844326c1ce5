// Shared pieces of the benchmarks. The server, its baseline and the load generator each run in their own process,
// so no side is measured with the other's ceiling.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const ROOT = new URL('..', import.meta.url).pathname;
export const TOKEN = 'bench-organiser-token-0123456789';

export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  return port;
}

/**
 * The builds to measure: this one, with BENCH_BEFORE=<dir of another checkout, built> that one beside it, and with
 * BENCH_BARE=1 this one with its API answer route answered outside Nest's pipeline (bench/bare-answer-server.mjs).
 */
export const BUILDS = [
  ...(process.env.BENCH_BEFORE ? [{ label: 'before', main: join(process.env.BENCH_BEFORE, 'dist', 'main.js') }] : []),
  { label: process.env.BENCH_BEFORE ? 'after' : '', main: join(ROOT, 'dist', 'main.js') },
  ...(process.env.BENCH_BARE
    ? [{ label: 'bare answer route', main: join(ROOT, 'bench', 'bare-answer-server.mjs') }]
    : []),
];

/**
 * The flags `npm start` gives node in the checkout of `main` (a file one folder down: dist/main.js, bench/...), so that
 * the server is measured as it runs.
 */
function startFlags(main) {
  const { scripts } = JSON.parse(readFileSync(join(main, '..', '..', 'package.json'), 'utf8'));
  return scripts.start.split(' ').filter((word) => word.startsWith('--'));
}

/** `node dist/main.js` (or another build's), as `npm start` runs it, on a fresh database; resolves once it listens. */
export async function startServer(databaseUrl, env = {}, main = join(ROOT, 'dist', 'main.js')) {
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags(main), main], {
    cwd: mkdtempSync(join(tmpdir(), 'rencontres-bench-')),
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN: TOKEN,
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  while (!out.includes('is listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => (child.kill('SIGTERM'), once(child, 'exit')) };
}

/** A fresh PostgreSQL database beside BENCH_POSTGRES_URL, or null when none answers. */
export async function postgresDatabase(suffix = '') {
  const base = process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const name = `rencontres_bench_${process.pid}${suffix ? `_${suffix.replace(/\W+/g, '_')}` : ''}`;
  const admin = new pg.Client({ connectionString: base });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function api(url, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Resident memory of a process, from /proc, in MiB. */
export async function rssMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** A fresh scratch directory. */
export const scratch = () => mkdtempSync(join(tmpdir(), 'rencontres-bench-'));

/** The baseline: plain node:http (bench/plain-http-server.mjs) answering every request with `body`. */
export async function startPlain(body, contentType) {
  const file = join(scratch(), 'body');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [join(ROOT, 'bench', 'plain-http-server.mjs'), file, contentType], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  const port = /is listening on (\d+)/.exec(String(line))[1];
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => (child.kill('SIGTERM'), once(child, 'exit')) };
}

/** CPU time a process has used so far (user + system), in ms: what a request costs, however busy the machine. */
export async function cpuMs(pid) {
  return ticksMs(await readFile(`/proc/${pid}/stat`, 'utf8'));
}

/** CPU time of the process's main thread (the event loop, the ceiling of one process), in ms. */
async function loopCpuMs(pid) {
  return ticksMs(await readFile(`/proc/${pid}/task/${pid}/stat`, 'utf8'));
}

/** The user and system time of a /proc stat line, with its ended children's when `children` (at 100 ticks a second). */
function ticksMs(stat, children = false) {
  const fields = stat.split(') ')[1].split(' ');
  const ticks = fields.slice(11, children ? 15 : 13).reduce((sum, field) => sum + Number(field), 0);
  return (ticks * 1000) / 100;
}

/**
 * CPU time used so far by this machine's PostgreSQL processes, in ms: on the machine the benchmark runs, what the
 * database spends on the server's queries (0 when it is not running).
 */
export async function postgresCpuMs() {
  let ms = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // With the CPU of its ended children (the postmaster's), so that a backend that ends in between is still counted.
    if (stat.includes(' (postgres) ')) ms += ticksMs(stat, true);
  }
  return ms;
}

/**
 * Sends `requests` ({ method, path, headers, body }) to `url` from autocannon in its own process (bench/load.mjs),
 * each once, or cycled for `seconds`; resolves with { ok, failed, perSecond, p50, p99, rssMiB, cpuMsEach } where
 * rssMiB is the peak resident memory of the process `pid` (the server) during the load, cpuMsEach its CPU time
 * per answered request, loopCpuMsEach that of its event loop's thread alone and databaseCpuMsEach PostgreSQL's.
 * With `notModified`, a 304 counts as answered (requests that send If-None-Match).
 */
export async function load(url, requests, { connections = 20, seconds, pid, notModified = false } = {}) {
  const file = join(scratch(), 'plan.json');
  writeFileSync(file, JSON.stringify({ url, connections, seconds, requests, notModified }));
  let peak = 0;
  const sample = async () => (peak = Math.max(peak, await rssMiB(pid)));
  const sampler = setInterval(sample, 100);
  const before = await Promise.all([cpuMs(pid), loopCpuMs(pid), postgresCpuMs()]);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bench', 'load.mjs'), file]);
    await sample();
    const result = JSON.parse(stdout);
    const [cpu, loopCpu, databaseCpu] = (await Promise.all([cpuMs(pid), loopCpuMs(pid), postgresCpuMs()])).map(
      (after, index) => (after - before[index]) / result.ok,
    );
    return { ...result, rssMiB: peak, cpuMsEach: cpu, loopCpuMsEach: loopCpu, databaseCpuMsEach: databaseCpu };
  } finally {
    clearInterval(sampler);
  }
}

/** Runs the steps in turn, `rounds` times (A B A B), and gives each step's results in order. */
export async function alternate(rounds, steps) {
  const results = steps.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, step] of steps.entries()) results[index].push(await step(round));
  }
  return results;
}

/** `count` calls of `task(index)`, `concurrency` at a time (setting up thousands of members takes seconds). */
export async function inParallel(count, concurrency, task) {
  const results = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

/** A Markdown table. */
export function table(headers, rows) {
  return [headers, headers.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

export const fixed = (value, digits = 0) => (value == null ? '' : value.toFixed(digits));
