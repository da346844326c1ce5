// The load generator, in its own process: autocannon sends the requests of a plan file and prints one JSON line.
// Each request of the plan is sent once (or the plan is cycled for `seconds`), whatever connection sends it.
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
let lastAnswer = 0;
const started = performance.now();
const result = await new Promise((resolve, reject) => {
  const instance = autocannon(
    {
      url: plan.url,
      connections: plan.connections,
      // A busy machine may take seconds to answer; a timeout would be counted as a failure, not measured.
      timeout: 60,
      ...(plan.seconds ? { duration: plan.seconds } : { amount: plan.requests.length }),
      requests: [{ setupRequest: (request) => ({ ...request, ...plan.requests[next++ % plan.requests.length] }) }],
    },
    (error, done) => (error ? reject(error) : resolve(done)),
  );
  instance.on('response', () => (lastAnswer = performance.now()));
});
// Up to the last answer: autocannon ends a run only at its next one-second tick, so timing its promise made every
// rate of a run of a few seconds too low by up to a quarter (2,000 answers in 4.1 s were counted over 5).
const seconds = (lastAnswer - started) / 1000;
// Requests sent with If-None-Match expect 304 (the client's copy is current): a success for them.
const notModified = plan.notModified ? result['3xx'] : 0;
const ok = result['2xx'] + notModified;
console.log(
  JSON.stringify({
    sent: next,
    ok,
    failed: result.non2xx - notModified + result.errors + result.timeouts,
    why: { non2xx: result.non2xx - notModified, errors: result.errors, timeouts: result.timeouts },
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  }),
);
