import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { createTransport, Transporter } from 'nodemailer';
import { serveRequests } from '../common/worker-thread';
import { messageOf } from './mail-message';
import type { Delivery, MailSenderSettings, OutgoingMail } from './mail-transport';

const { smtpUrl, mailDir, connections } = workerData as MailSenderSettings;
const transporter: Transporter = smtpUrl
  ? createTransport({ url: smtpUrl, pool: true, maxConnections: connections })
  : createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

serveRequests(async (mail: OutgoingMail): Promise<Delivery> => {
  // The row's id only names the local files; the message is handed over in one piece, so it leaves in a few socket
  // writes instead of one per header or line.
  const { outboxId, ...options } = mail;
  const message = await messageOf(options);
  let info: { message?: Buffer };
  try {
    info = await transporter.sendMail(message);
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    return { refused: (error as Error).message, permanent: code !== undefined && code >= 500 };
  }
  if (!smtpUrl) {
    await mkdir(mailDir, { recursive: true });
    await writeFile(join(mailDir, `${outboxId}.eml`), info.message!);
    if (typeof mail.html === 'string') await writeFile(join(mailDir, `${outboxId}.html`), mail.html);
  }
  return { sent: true };
});
