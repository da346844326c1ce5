import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, SendMailOptions, Transporter } from 'nodemailer';
import type { Address } from 'nodemailer/lib/mailer';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { messageOf } from './mail-message';

/** Connections the SMTP pool opens at most: what a relay usually accepts from one client. */
export const SMTP_CONNECTIONS = 5;

export interface OutgoingMail extends SendMailOptions {
  messageId: string;
  /** One member per mail. */
  to: Address;
  /** The outbox row, to name the local files. */
  outboxId: string;
}

/** A temporary failure is tried again later; a permanent one (a 5xx reply) never. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** SMTP with a connection pool when SMTP_URL is set; otherwise .eml files (and their HTML) under MAIL_DIR. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {
    this.transporter = settings.smtpUrl
      ? createTransport({ url: settings.smtpUrl, pool: true, maxConnections: SMTP_CONNECTIONS })
      : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  }

  get writesFiles(): boolean {
    return !this.settings.smtpUrl;
  }

  async send(mail: OutgoingMail): Promise<void> {
    // The row's id only names the local files; the message is handed over in one piece, so it leaves in a few socket
    // writes instead of one per header or line.
    const { outboxId: _outboxId, ...options } = mail;
    const message = await messageOf(options);
    let info: { message?: Buffer };
    try {
      info = await this.transporter.sendMail(message);
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError((error as Error).message, code !== undefined && code >= 500);
    }
    if (this.writesFiles) this.writeFiles(mail, info.message!);
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }

  private writeFiles(mail: OutgoingMail, message: Buffer): void {
    mkdirSync(this.settings.mailDir, { recursive: true });
    writeFileSync(join(this.settings.mailDir, `${mail.outboxId}.eml`), message);
    if (typeof mail.html === 'string') writeFileSync(join(this.settings.mailDir, `${mail.outboxId}.html`), mail.html);
  }
}
