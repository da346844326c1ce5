// The baseline of the mail benchmark, in its own process: nodemailer alone sends `count` mails of `size` bytes through
// a pool of `connections`, then prints how long that took.
import { createTransport } from 'nodemailer';

const [url, count, size, connections] = process.argv.slice(2);
const transport = createTransport({ url, pool: true, maxConnections: Number(connections) });
const text = 'x'.repeat(Math.max(0, Number(size) - 600));
const started = performance.now();
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) =>
    transport.sendMail({ from: 'a@example.org', to: `m${i}@example.org`, subject: 'Invitation', text }),
  ),
);
console.log(JSON.stringify({ ms: performance.now() - started }));
transport.close();
