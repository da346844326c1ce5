import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

const run = promisify(execFile);
export const DOVECOT_PASSWORD = 'secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const answers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.once('data', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/**
 * A throwaway Dovecot (Debian's dovecot-imapd) for one test file: its own configuration, maildirs and port in a
 * temporary folder; any user logs in with DOVECOT_PASSWORD. See STACK-NOTES "Dovecot for IMAP tests".
 */
export class Dovecot {
  private constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<Dovecot> {
    const dir = mkdtempSync(join(tmpdir(), 'rencontres-dovecot-'));
    // The mail processes run as dovenull: they must reach the maildirs.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'mail'));
    const port = await freePort();
    writeFileSync(
      join(dir, 'dovecot.conf'),
      [
        `base_dir = ${dir}/run`,
        `state_dir = ${dir}/state`,
        `log_path = ${dir}/dovecot.log`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        'auth_mechanisms = plain login',
        `mail_location = maildir:${dir}/mail/%u`,
        `passdb {\n  driver = static\n  args = password=${DOVECOT_PASSWORD}\n}`,
        `userdb {\n  driver = static\n  args = uid=dovenull gid=dovenull home=${dir}/mail/%u\n}`,
        `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n}`,
        'first_valid_uid = 1',
        '',
      ].join('\n'),
    );
    await run('chown', ['-R', 'dovenull:dovenull', join(dir, 'mail')]);
    const dovecot = new Dovecot(dir, port);
    await new Promise<void>((resolve, reject) => {
      const child = spawn('dovecot', ['-c', dovecot.config], { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited with ${code}`))));
    });
    const deadline = Date.now() + 10_000;
    while (!(await answers(port))) {
      if (Date.now() > deadline) throw new Error(`Dovecot did not start: ${dovecot.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return dovecot;
  }

  private get config(): string {
    return join(this.dir, 'dovecot.conf');
  }

  /** The IMAP_URL of a user's mailbox. */
  url(user: string, mailbox = 'INBOX'): string {
    return `imap://${user}:${DOVECOT_PASSWORD}@127.0.0.1:${this.port}/${encodeURIComponent(mailbox)}`;
  }

  /** Runs `work` with a logged-in client of the user's mailbox. */
  async as<T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: this.port,
      secure: false,
      auth: { user, pass: DOVECOT_PASSWORD },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  }

  /** Delivers a message into the user's mailbox, unread. */
  append(user: string, raw: string, mailbox = 'INBOX'): Promise<unknown> {
    return this.as(user, async (client) => {
      if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox).catch(() => undefined);
      return client.append(mailbox, raw, []);
    });
  }

  /** The flags of every message in the mailbox, by Message-ID. */
  flags(user: string, mailbox = 'INBOX'): Promise<Map<string, string[]>> {
    return this.as(user, async (client) => {
      const flags = new Map<string, string[]>();
      const lock = await client.getMailboxLock(mailbox);
      try {
        for await (const message of client.fetch('1:*', { envelope: true, flags: true })) {
          flags.set(message.envelope?.messageId ?? '', [...(message.flags ?? [])]);
        }
      } finally {
        lock.release();
      }
      return flags;
    });
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  }

  async stop(): Promise<void> {
    await run('doveadm', ['-c', this.config, 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
