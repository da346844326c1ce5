// The ceiling the answer aims were set against, measured on this machine: the seat transaction alone (read the
// event, read the registration, write it, update the counts), without HTTP, Nest or TypeORM. On better-sqlite3 in
// WAL with synchronous=FULL, one transaction per answer, as the issue measured it (3,946/s there), and with the
// product's group commit (one COMMIT for the answers waiting, up to 20); on PostgreSQL through pg with 20 clients, one
// transaction per answer (1,786/s there), with the CPU per answer of PostgreSQL's processes and of this one.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { fixed, postgresCpuMs, postgresDatabase, ROOT, scratch, table } from './lib.mjs';

// The product's own seat rule (what an answer does to a registration's status and the event's counts).
const { statusFor, recount } = createRequire(import.meta.url)(join(ROOT, 'dist', 'registrations', 'seats.js'));

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 6000);
const MEMBERS = 2000;
const SEATS = 150;
const CLIENTS = 20;
const RESPONSES = ['yes', 'no', 'maybe'];

const COUNTS = ['goingCount', 'waitlistedCount', 'maybeCount', 'declinedCount'];
const SCHEMA = [
  `CREATE TABLE event (id TEXT PRIMARY KEY, capacity INTEGER NOT NULL, ${COUNTS.map((count) => `"${count}" INTEGER NOT NULL DEFAULT 0`).join(', ')})`,
  `CREATE TABLE registration (id TEXT PRIMARY KEY, event_id TEXT NOT NULL, member_id TEXT NOT NULL,
     response TEXT NOT NULL, status TEXT NOT NULL, UNIQUE (event_id, member_id))`,
];

/** The i-th answer: member i modulo MEMBERS, its response rotating from one pass to the next. */
const answer = (i) => ({ member: `member-${i % MEMBERS}`, response: RESPONSES[(i + Math.floor(i / MEMBERS)) % 3] });

/** The registration's new status, the event's counts moved to it. */
function decide(event, current, response) {
  const status = statusFor(response, current?.status ?? null, event);
  recount(event, current?.status ?? null, status);
  return status;
}

/** The UPDATE of the event's counts, with `place(n)` for the n-th parameter (`?` on SQLite, `$n` on PostgreSQL). */
const updateCounts = (place) =>
  `UPDATE event SET ${COUNTS.map((count, index) => `"${count}" = ${place(index + 1)}`).join(', ')} WHERE id = ${place(COUNTS.length + 1)}`;
const countsOf = (event) => COUNTS.map((count) => event[count]);

function sqlite(groupOf) {
  const db = new Database(join(scratch(), 'seats.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  for (const statement of SCHEMA) db.exec(statement);
  db.prepare('INSERT INTO event (id, capacity) VALUES (?, ?)').run('lunch', SEATS);
  const readEvent = db.prepare('SELECT * FROM event WHERE id = ?');
  const readRegistration = db.prepare('SELECT * FROM registration WHERE event_id = ? AND member_id = ?');
  const insert = db.prepare('INSERT INTO registration VALUES (?, ?, ?, ?, ?)');
  const update = db.prepare('UPDATE registration SET response = ?, status = ? WHERE id = ?');
  const counts = db.prepare(updateCounts(() => '?'));
  const seat = (i) => {
    const { member, response } = answer(i);
    const event = readEvent.get('lunch');
    const current = readRegistration.get('lunch', member);
    const status = decide(event, current, response);
    if (current) update.run(response, status, current.id);
    else insert.run(randomUUID(), 'lunch', member, response, status);
    counts.run(...countsOf(event), 'lunch');
  };
  const started = performance.now();
  for (let i = 0; i < ANSWERS; i += groupOf) {
    db.exec('BEGIN IMMEDIATE');
    for (let j = i; j < Math.min(i + groupOf, ANSWERS); j++) seat(j);
    db.exec('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { perSecond: ANSWERS / seconds };
}

async function postgres(url) {
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
  }
  for (const statement of SCHEMA) await clients[0].query(statement);
  await clients[0].query('INSERT INTO event (id, capacity) VALUES ($1, $2)', ['lunch', SEATS]);
  let next = 0;
  const seat = async (client, i) => {
    const { member, response } = answer(i);
    await client.query('BEGIN');
    const { rows: events } = await client.query({
      name: 'event',
      text: 'SELECT * FROM event WHERE id = $1 FOR UPDATE',
      values: ['lunch'],
    });
    const { rows: registrations } = await client.query({
      name: 'registration',
      text: 'SELECT * FROM registration WHERE event_id = $1 AND member_id = $2',
      values: ['lunch', member],
    });
    const [current] = registrations;
    const status = decide(events[0], current, response);
    if (current) {
      await client.query({
        name: 'update',
        text: 'UPDATE registration SET response = $1, status = $2 WHERE id = $3',
        values: [response, status, current.id],
      });
    } else {
      await client.query({
        name: 'insert',
        text: 'INSERT INTO registration VALUES ($1, $2, $3, $4, $5)',
        values: [randomUUID(), 'lunch', member, response, status],
      });
    }
    await client.query({
      name: 'counts',
      text: updateCounts((n) => `$${n}`),
      values: [...countsOf(events[0]), 'lunch'],
    });
    await client.query('COMMIT');
  };
  const cpuBefore = await postgresCpuMs();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < ANSWERS) await seat(client, next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const databaseCpu = ((await postgresCpuMs()) - cpuBefore) / ANSWERS;
  const { user, system } = process.cpuUsage(clientBefore);
  const clientCpu = (user + system) / 1000 / ANSWERS;
  const { rows } = await clients[0].query(
    `SELECT "goingCount" AS going, (SELECT count(*) FROM registration WHERE status = 'going') AS rows FROM event`,
  );
  for (const client of clients) await client.end();
  if (rows[0].going !== Number(rows[0].rows)) throw new Error(`PostgreSQL broke the seats: ${JSON.stringify(rows[0])}`);
  return { perSecond: ANSWERS / seconds, databaseCpu, clientCpu };
}

const rows = [];
const runs = { one: [], group: [], postgres: [] };
// A B C A B C: the sides alternate, so a slower minute of the machine does not fall on one side.
for (let round = 0; round < 2; round++) {
  runs.one.push(sqlite(1));
  runs.group.push(sqlite(CLIENTS));
  const database = await postgresDatabase(`seats_${round}`);
  if (!database) continue;
  try {
    runs.postgres.push(await postgres(database.url));
  } finally {
    await database.drop();
  }
}
const each = (list, key, digits = 0) => list.map((run) => fixed(run[key], digits)).join(', ');
rows.push([
  'SQLite (better-sqlite3, WAL, synchronous=FULL)',
  'one COMMIT per answer',
  each(runs.one, 'perSecond'),
  '',
  '',
]);
rows.push([
  'SQLite (better-sqlite3, WAL, synchronous=FULL)',
  `one COMMIT per ${CLIENTS} answers`,
  each(runs.group, 'perSecond'),
  '',
  '',
]);
if (runs.postgres.length > 0) {
  rows.push([
    'PostgreSQL (pg)',
    `${CLIENTS} clients, one transaction per answer`,
    each(runs.postgres, 'perSecond'),
    each(runs.postgres, 'databaseCpu', 2),
    each(runs.postgres, 'clientCpu', 2),
  ]);
}
console.log(`\nThe seat transaction alone, ${ANSWERS} distinct answers on a ${SEATS}-seat event, 2 rounds\n`);
console.log(
  table(
    ['database', 'commits', 'answers/s (each round)', 'PostgreSQL CPU ms per answer', 'pg client CPU ms per answer'],
    rows,
  ),
);
