import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MailComposer } from './mail-composer';
import { DeliveryError, MailTransport, OutgoingMail, SMTP_CONNECTIONS } from './mail-transport';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { Outcome, OutboxService } from '../outbox/outbox.service';

/** Rows claimed at once. */
const BATCH = 100;
/**
 * Mails on their way side by side, one per SMTP connection: each lane composes its next mail while the others send.
 * A mail sent but not yet recorded goes again after a crash, so no more than these are ever at risk.
 */
const IN_FLIGHT = SMTP_CONNECTIONS;

/** Polls the outbox and sends what is due. Runs in every server process; claims keep them apart. */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> = Promise.resolve(0);
  private stopping = false;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly outbox: OutboxService,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.drain(), this.settings.outbox.pollMs);
  }

  // Before the application's shutdown, while the database is still open (TypeORM closes it in its own shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends every due mail; drains queue one behind the other in this process. Resolves with how many were sent. */
  drain(): Promise<number> {
    this.running = this.running
      .then(() => this.sendDue())
      .catch((error) => {
        this.logger.error(`Outbox pass failed: ${(error as Error).message}`);
        return 0;
      });
    return this.running;
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    while (!this.stopping) {
      const rows = await this.outbox.claim(BATCH);
      if (rows.length === 0) break;
      const compose = await this.composer.batch(rows);
      let next = 0;
      // Each outcome is recorded as soon as its mail is sent; the lanes' records share commits (Transactions). A lane
      // writes its next mail while its last record commits, and sends it only once that record is durable: a lane
      // never has more than one mail sent but not recorded.
      const lane = async () => {
        let recorded: Promise<void> = Promise.resolve();
        while (next < rows.length) {
          const row = rows[next++];
          const mail = await compose(row);
          await recorded;
          const outcome = await this.deliver(row, mail);
          if (outcome.changes.status === 'sent') sent += 1;
          recorded = this.outbox.record(outcome);
          // Awaited before the next send or at the end; a failure meanwhile is not an unhandled rejection.
          recorded.catch(() => undefined);
        }
        await recorded;
      };
      await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, rows.length) }, lane));
    }
    return sent;
  }

  private async deliver(row: OutboxMessage, mail: OutgoingMail | { skip: string }): Promise<Outcome> {
    if ('skip' in mail) return this.outbox.skipped(row, mail.skip);
    try {
      await this.transport.send(mail);
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      return this.outbox.failed(row, (error as Error).message, permanent);
    }
    return this.outbox.sent(row, `${mail.to.name} <${mail.to.address}>`, String(mail.subject));
  }
}
