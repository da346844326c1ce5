import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createTestApp, TestApp, TestAppOptions } from './test-app';
import { waitUntil } from './wait';

export interface ReceivedMail {
  to: string;
  parsed: ParsedMail;
  raw: string;
}

/** A top-level header of a raw message, unfolded, exactly as sent. */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1].trim();
}

/**
 * A real SMTP server for the tests: every message it accepts is parsed with mailparser. `reject` may answer a
 * recipient with an SMTP error (e.g. 550 for a permanent failure, 451 for a temporary one).
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  reject: (recipient: string) => { code: number; message: string } | null = () => null;
  /** How long each message takes to be accepted, to slow the sender down. */
  delayMs = 0;
  private server: SMTPServer;
  private port = 0;

  static async start(port = 0): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await sink.listen(port);
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(port = this.port): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // An outage drops the pooled connections at once instead of waiting for the client to leave.
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.reject(address.address);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
            parsed: await simpleParser(raw),
            raw,
          });
          callback();
        });
      },
    });
    // A client killed mid-message (the crash test) resets its socket: that is the sender's problem, not the sink's.
    this.server.on('error', () => undefined);
    this.server.listen(port, '127.0.0.1');
    await once(this.server.server, 'listening');
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** Stops accepting connections (an outage); `listen()` brings it back on the same port. */
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async waitFor(count: number, timeoutMs = 15000): Promise<ReceivedMail[]> {
    await waitUntil(
      () => this.received.length >= count,
      () => `expected ${count} mails, got ${this.received.length}`,
      timeoutMs,
    );
    return this.received;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to === address.toLowerCase());
  }
}

/** A test app whose mail goes to a real SMTP server of the test, for a describe block; `close` ends both. */
export async function appWithSmtp(
  options: TestAppOptions = {},
): Promise<{ t: TestApp; smtp: SmtpSink; close(): Promise<void> }> {
  const smtp = await SmtpSink.start();
  const t = await createTestApp({ ...options, env: { SMTP_URL: smtp.url, ...options.env } });
  const close = async () => {
    await t.close();
    await smtp.stop();
  };
  return { t, smtp, close };
}
