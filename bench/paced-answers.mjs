// The answers of "Feeds while members answer", in a process of their own: `rate` RSVPs a second for `seconds`, each
// a member answering one of the members-only lunches (yes and no in turn), sent on time whatever the server's pace.
// Prints one JSON line: how many were sent, answered 200, failed, and the answers' p99 in ms.
import { Agent, request } from 'node:http';

const [url, rate, seconds, token, lunchesJson, membersJson] = process.argv.slice(2);
const lunches = JSON.parse(lunchesJson);
const members = JSON.parse(membersJson);
const agent = new Agent({ keepAlive: true, maxSockets: 50 });
const latencies = [];
let sent = 0;
let ok = 0;
let failed = 0;

function answer(index) {
  const started = performance.now();
  const event = lunches[index % lunches.length];
  const member = members[Math.floor(index / lunches.length) % members.length];
  const body = JSON.stringify({ response: Math.floor(index / (lunches.length * members.length)) % 2 ? 'no' : 'yes' });
  const req = request(`${url}/api/events/${event}/registrations/${member}`, {
    method: 'PUT',
    agent,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });
  req.on('response', (res) => {
    res.resume();
    res.on('end', () => {
      latencies.push(performance.now() - started);
      if (res.statusCode === 200) ok++;
      else failed++;
    });
  });
  req.on('error', () => failed++);
  req.end(body);
}

const started = performance.now();
const total = Number(rate) * Number(seconds);
console.log('ready');
// Sends whatever is due every millisecond or so, so the pace holds even when a timer fires late.
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * Number(rate)));
  while (sent < due) answer(sent++);
  if (sent >= total) {
    clearInterval(timer);
    const finish = () => {
      if (ok + failed < sent) return setTimeout(finish, 10);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))];
      console.log(JSON.stringify({ sent, ok, failed, perSecond: ok / ((performance.now() - started) / 1000), p99 }));
      agent.destroy();
    };
    finish();
  }
}, 1);
