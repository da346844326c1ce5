// The SMTP sink of the mail benchmark, in its own process: accepts every message and counts them. The parent asks
// over IPC: 'count' answers { count, bytes }, 'reset' starts again from zero.
import { SMTPServer } from 'smtp-server';

let count = 0;
let bytes = 0;
const server = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  closeTimeout: 50,
  disableReverseLookup: true,
  onData(stream, _session, callback) {
    stream.on('data', (chunk) => (bytes += chunk.length));
    stream.on('end', () => ((count += 1), callback()));
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (message) => {
  if (message === 'reset') count = bytes = 0;
  process.send({ count, bytes });
});
process.on('disconnect', () => process.exit(0));
