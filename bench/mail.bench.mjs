// 1,000 invitations queued through the API and delivered by the outbox worker to a local SMTP sink, against
// nodemailer alone sending 1,000 mails of the same size through the same sink in the same run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { api, postgresDatabase, rssMiB, startServer } from './lib.mjs';

const MAILS = Number(process.env.BENCH_MAILS ?? 1000);

function startSink() {
  let count = 0;
  let bytes = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 50,
    onData(stream, _session, callback) {
      stream.on('data', (chunk) => (bytes += chunk.length));
      stream.on('end', () => ((count += 1), callback()));
    },
  });
  server.on('error', () => undefined);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `smtp://127.0.0.1:${server.server.address().port}`,
        count: () => count,
        bytes: () => bytes,
        reset: () => ((count = 0), (bytes = 0)),
        stop: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

async function until(condition, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measure(label, databaseUrl, sink) {
  const server = await startServer(databaseUrl, { SMTP_URL: sink.url, OUTBOX_POLL_MS: '200' });
  try {
    const members = [];
    for (let i = 0; i < MAILS; i++)
      members.push(
        (await api(server.url, 'POST', '/api/members', { name: `Membre ${i}`, email: `membre-${i}@example.org` })).id,
      );
    const event = await api(server.url, 'POST', '/api/events', {
      kind: 'colunch',
      title: 'Colunch : facturer en freelance',
      startsAt: '2030-01-08T12:30:00+01:00',
      endsAt: '2030-01-08T14:00:00+01:00',
      location: 'Grande table',
    });
    sink.reset();
    const rssBefore = await rssMiB(server.pid);
    const started = performance.now();
    const queued = await api(server.url, 'POST', `/api/events/${event.id}/invitations`, { all: true });
    const queuedMs = performance.now() - started;
    let peak = rssBefore;
    await until(() => sink.count() >= MAILS);
    peak = Math.max(peak, await rssMiB(server.pid));
    const seconds = (performance.now() - started) / 1000;
    if (queued.queued !== MAILS) throw new Error(`queued ${queued.queued}`);
    return {
      label,
      perSecond: MAILS / seconds,
      queuedMs,
      bytesPerMail: sink.bytes() / MAILS,
      rssBefore,
      rssAfter: peak,
    };
  } finally {
    await server.stop();
  }
}

const sink = await startSink();

// Baseline: nodemailer alone, pooled like the app, mails of the size the app sends.
const transport = createTransport({ url: sink.url, pool: true, maxConnections: 5 });
const rows = [
  await measure('SQLite', `sqlite:${join(mkdtempSync(join(tmpdir(), 'rencontres-bench-')), 'bench.sqlite')}`, sink),
];
const size = Math.round(rows[0].bytesPerMail);
sink.reset();
const body = 'x'.repeat(Math.max(0, size - 600));
let started = performance.now();
await Promise.all(
  Array.from({ length: MAILS }, (_, i) =>
    transport.sendMail({ from: 'a@example.org', to: `m${i}@example.org`, subject: 'Invitation', text: body }),
  ),
);
const baseline = MAILS / ((performance.now() - started) / 1000);
transport.close();

const postgres = await postgresDatabase();
if (postgres) {
  rows.push(await measure('PostgreSQL', postgres.url, sink));
  await postgres.drop();
}
await sink.stop();

console.log(
  `\nInvitations: ${MAILS} queued by one POST /api/events/:id/invitations {all: true}, delivered to a local SMTP sink (~${size} bytes each)`,
);
console.log(
  '| sender | mails/s | ratio to nodemailer alone | queueing the 1,000 (ms) | server RSS before → after MiB |',
);
console.log('|---|---|---|---|---|');
console.log(`| nodemailer alone, pool of 5 (baseline) | ${baseline.toFixed(0)} | 1.00 | | |`);
for (const row of rows) {
  console.log(
    `| Rencontres outbox on ${row.label} | ${row.perSecond.toFixed(0)} | ${(row.perSecond / baseline).toFixed(3)} | ${row.queuedMs.toFixed(0)} | ${row.rssBefore.toFixed(0)} → ${row.rssAfter.toFixed(0)} |`,
  );
}
