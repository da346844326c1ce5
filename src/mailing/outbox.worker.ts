import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MailComposer } from './mail-composer';
import { DeliveryError, MailTransport } from './mail-transport';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { OutboxService } from '../outbox/outbox.service';

const BATCH = 20;
/** Mails sent side by side, within the SMTP pool's connections. */
const PARALLEL = 5;

/** Polls the outbox and sends what is due. Runs in every server process; claims keep them apart. */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
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

  async onApplicationShutdown(): Promise<void> {
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
      for (let i = 0; i < rows.length; i += PARALLEL) {
        const results = await Promise.all(rows.slice(i, i + PARALLEL).map((row) => this.send(row)));
        sent += results.filter(Boolean).length;
      }
    }
    return sent;
  }

  private async send(row: OutboxMessage): Promise<boolean> {
    const mail = await this.composer.compose(row);
    if ('skip' in mail) {
      await this.outbox.markSkipped(row, mail.skip);
      return false;
    }
    try {
      await this.transport.send(mail);
    } catch (error) {
      const permanent = error instanceof DeliveryError && error.permanent;
      await this.outbox.markFailed(row, (error as Error).message, permanent);
      return false;
    }
    await this.outbox.markSent(row, `${mail.to.name} <${mail.to.address}>`, String(mail.subject));
    return true;
  }
}
