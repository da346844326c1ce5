// The table planner (dist/encounters/table-planner.js) on the social golfer references and a realistic community,
// occurrence by occurrence, with random seating of the same people beside it.
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from './lib.mjs';

const {
  planTables,
  pairKey,
  seededRandom: random,
  tablesFor,
} = createRequire(import.meta.url)(join(ROOT, 'dist', 'encounters', 'table-planner.js'));

function randomSeating(people, tables, next) {
  const shuffled = [...people];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const seating = Array.from({ length: tables }, () => []);
  shuffled.forEach((person, i) => seating[i % tables].push(person));
  return seating;
}

/** Runs a series week by week: each week is planned from what happened before. */
function run(attendance, tableSize, plan) {
  const met = new Map();
  let repeats = 0;
  let newPairs = 0;
  let slowest = 0;
  attendance.forEach((people, week) => {
    const started = performance.now();
    const tables = plan(week, met);
    slowest = Math.max(slowest, performance.now() - started);
    for (const table of tables)
      for (let a = 0; a < table.length; a++)
        for (let b = a + 1; b < table.length; b++) {
          const key = pairKey(table[a], table[b]);
          if (met.get(key)) repeats += 1;
          else newPairs += 1;
          met.set(key, (met.get(key) ?? 0) + 1);
        }
  });
  return { repeats, newPairs, slowest };
}

/**
 * With `lookahead`, each plan sees every later week of the series (who is registered) and starts from the seating it
 * planned for them last time, as the API does with the tentative plans it keeps.
 */
function instance(name, attendance, tableSize, lookahead) {
  let tentative = [];
  const weeks = (from, to) =>
    attendance.slice(from, to).map((people, i) => ({
      memberIds: people,
      hostIds: [],
      tables: tablesFor(people.length, tableSize),
      start: tentative[i + 1],
    }));
  const next = random(7);
  const randomRun = run(attendance, tableSize, (week) =>
    randomSeating(attendance[week], tablesFor(attendance[week].length, tableSize), next),
  );
  const planned = run(attendance, tableSize, (week, met) => {
    const plan = planTables({ weeks: weeks(week, lookahead ? attendance.length : week + 1), met, seed: week + 1 });
    tentative = plan.weeks;
    return plan.tables;
  });
  return { name, randomRun, planned };
}

const people = (n) => Array.from({ length: n }, (_, i) => `m${String(i).padStart(3, '0')}`);
const same = (n, weeks) => Array.from({ length: weeks }, () => people(n));
const community = (() => {
  const next = random(42);
  const members = people(60);
  return Array.from({ length: 20 }, () => {
    const count = 12 + Math.floor(next() * 7);
    return randomSeating(members, 1, next)[0].slice(0, count);
  });
})();

const rows = [
  instance('8 tables of 4, 10 weeks (32 people)', same(32, 10), 4, true),
  instance('5 tables of 3, 7 weeks (15 people)', same(15, 7), 3, true),
  instance('60 members, 20 weeks, 12-18 come each week, tables of 4', community, 4, false),
];
console.log(
  '\nTable planner, each week planned from the history of the weeks before (repeated pair-meetings, new pairs)',
);
console.log('| instance | random seating | Rencontres planner | slowest plan ms |');
console.log('|---|---|---|---|');
for (const { name, randomRun, planned } of rows) {
  console.log(
    `| ${name} | ${randomRun.repeats} repeats, ${randomRun.newPairs} new pairs | ${planned.repeats} repeats, ${planned.newPairs} new pairs | ${planned.slowest.toFixed(0)} |`,
  );
}
