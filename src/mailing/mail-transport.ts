import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { SendMailOptions } from 'nodemailer';
import type { Address } from 'nodemailer/lib/mailer';
import { WorkerThread } from '../common/worker-thread';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';

/** Connections the SMTP pool opens at most: what a relay usually accepts from one client. */
export const SMTP_CONNECTIONS = 5;

export interface OutgoingMail extends SendMailOptions {
  messageId: string;
  /** One member per mail. */
  to: Address;
  /** The outbox row, to name the local files. */
  outboxId: string;
}

/**
 * The mail sender stops after this long without a mail: mail comes in bursts (invitations, a morning's answers), and
 * its thread holds 10 to 15 MiB while it runs.
 */
const SENDER_IDLE_MS = 5000;

/** Where the mail sender sends: an SMTP relay, or .eml files (and their HTML) under `mailDir`. */
export interface MailSenderSettings {
  smtpUrl?: string;
  mailDir: string;
  connections: number;
}

/** What became of a mail: sent, or refused by the relay (`permanent` for a 5xx reply, never to be tried again). */
export type Delivery = { sent: true } | { refused: string; permanent: boolean };

/** A temporary failure is tried again later; a permanent one (a 5xx reply) never. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/**
 * SMTP with a connection pool when SMTP_URL is set; otherwise .eml files under MAIL_DIR. Writing a message out and
 * sending it (src/mailing/mail-transport.worker.ts) take 1.2 ms of CPU a mail: they run in a worker thread, so that
 * a batch of invitations or the mails of promoted members do not hold the answers and pages waiting meanwhile.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly sender: WorkerThread<OutgoingMail, Delivery>;

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {
    const workerData: MailSenderSettings = {
      smtpUrl: settings.smtpUrl,
      mailDir: settings.mailDir,
      connections: SMTP_CONNECTIONS,
    };
    this.sender = new WorkerThread(join(__dirname, 'mail-transport.worker'), 'The mail sender', {
      workerData,
      idleMs: SENDER_IDLE_MS,
    });
  }

  get writesFiles(): boolean {
    return !this.settings.smtpUrl;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const delivery = await this.sender.request(mail);
    if ('refused' in delivery) throw new DeliveryError(delivery.refused, delivery.permanent);
  }

  onApplicationShutdown(): Promise<void> {
    return this.sender.stop();
  }
}
