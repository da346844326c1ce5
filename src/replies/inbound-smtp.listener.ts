import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { InboxService } from './inbox.service';

/** Calendar replies are small; anything larger is refused before it is read. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
const MAX_CONNECTIONS = 20;

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * An SMTP server (INBOUND_SMTP_PORT) for the space's mail host to forward replies to, or to be the MX of a
 * subdomain. It takes only our plus-addresses with a known token (550 otherwise: never a relay), says 250 only once
 * the message's answer is committed, and a malformed message never stops it.
 */
@Injectable()
export class InboundSmtpListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('InboundSmtp');
  private server: SMTPServer | undefined;
  /** The port listened on (INBOUND_SMTP_PORT, or the one the system chose for 0). */
  port = 0;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly inbox: InboxService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { smtpPort, smtpHost } = this.settings.replies;
    if (smtpPort === undefined) return;
    // Loaded only where INBOUND_SMTP_PORT is set.
    const { SMTPServer } = await import('smtp-server');
    this.server = new SMTPServer({
      name: new URL(this.settings.publicUrl).hostname,
      banner: 'Rencontres: calendar replies only',
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      maxClients: MAX_CONNECTIONS,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        this.inbox.takes(address.address).then(
          (taken) =>
            callback(taken ? undefined : smtpError(550, 'No such recipient: this server takes calendar replies only')),
          (error: Error) => {
            this.logger.error(`Recipient check failed: ${error.message}`);
            callback(smtpError(451, 'Try again later'));
          },
        );
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= MAX_MESSAGE_BYTES) chunks.push(chunk);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded) return callback(smtpError(552, 'Message too large: 2 MB at most'));
          const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          this.inbox.receive(Buffer.concat(chunks), 'smtp', recipients).then(
            () => callback(),
            (error: Error) => {
              // The sender keeps the message and tries again: nothing is lost.
              this.logger.error(`Could not store a reply: ${error.message}`);
              callback(smtpError(451, 'Try again later'));
            },
          );
        });
      },
    });
    this.server.on('error', (error) => this.logger.warn(`SMTP: ${error.message}`));
    this.server.listen(smtpPort, smtpHost);
    await once(this.server.server, 'listening');
    this.port = (this.server.server.address() as AddressInfo).port;
    this.logger.log(`Taking calendar replies by SMTP on ${smtpHost}:${this.port}`);
  }

  // Before the application's shutdown, while the database is still open (TypeORM closes it in its own shutdown).
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
