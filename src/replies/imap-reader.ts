import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import type { ImapFlow } from 'imapflow';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { ImapLease } from './imap-lease';
import { MAX_MESSAGE_BYTES } from './inbound-smtp.listener';
import { InboxService } from './inbox.service';

/** The lease outlives a few missed passes, so a slow pass does not hand the mailbox to another process. */
const LEASE_PASSES = 3;
const MIN_LEASE_SECONDS = 30;
/** imapflow waits 15 s of quiet before it IDLEs; replies should be applied within seconds. */
const IDLE_AFTER_MS = 1000;

/**
 * Reads calendar replies from a mailbox (IMAP_URL): woken by IDLE when a message arrives, and every
 * IMAP_POLL_SECONDS in case the server does not push. Each unread message is marked \Seen only once what it says is
 * committed, so a restart in the middle reads it again (and its Message-ID makes it count once).
 */
@Injectable()
export class ImapReader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImapReader');
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private client: ImapFlow | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly inbox: InboxService,
    private readonly lease: ImapLease,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.replies.imap) return;
    this.timer = setInterval(() => void this.read(), this.settings.replies.imapPollSeconds * 1000);
    void this.read();
  }

  // Before the application's shutdown, while the database is still open (TypeORM closes it in its own shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
    await this.disconnect();
    if (this.settings.replies.imap) await this.lease.release(this.holder);
  }

  /** One pass over the unread messages, if this process holds the lease; passes run one after the other. */
  read(): Promise<void> {
    this.running = this.running
      .then(() => this.pass())
      .catch(async (error: Error) => {
        this.logger.warn(`IMAP: ${error.message}`);
        await this.disconnect();
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    if (this.stopping) return;
    const seconds = Math.max(MIN_LEASE_SECONDS, LEASE_PASSES * this.settings.replies.imapPollSeconds);
    if (!(await this.lease.take(this.holder, seconds))) return this.disconnect();
    const client = await this.connected();
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of unseen) {
      if (this.stopping) return;
      const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
      if (!message) continue;
      if ((message.size ?? 0) > MAX_MESSAGE_BYTES) {
        this.logger.warn(`IMAP: message ${uid} is larger than 2 MB; left unread for a person to look at`);
        continue;
      }
      if (message.source) await this.inbox.receive(message.source, 'imap');
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }

  private async connected(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    const imap = this.settings.replies.imap!;
    // Loaded only where IMAP_URL is set.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.pass },
      autoIdleDelay: IDLE_AFTER_MS,
      logger: false,
    });
    client.on('error', (error: Error) => this.logger.warn(`IMAP: ${error.message}`));
    // IDLE: the server says a message arrived; read it now rather than at the next poll.
    client.on('exists', () => void this.read());
    await client.connect();
    await client.mailboxOpen(imap.mailbox);
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.usable) await client.logout().catch(() => client.close());
  }
}
