import type { SendMailOptions } from 'nodemailer';
import * as base64 from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';

/** A message in one piece, and who it goes from and to (what SMTP's MAIL FROM and RCPT TO say). */
export interface MailMessage {
  raw: Buffer;
  envelope: { from: string | false; to: string[] };
}

/**
 * The message nodemailer would write for `mail`, written at once into one buffer. nodemailer still decides its
 * MIME tree and writes every header block; only its streaming is left out (a stream per part, a queue turn per
 * part, a socket write per piece), which cost more CPU than composing the mail. Content that is not text at hand (a
 * buffer, a file, a URL, a stream) is left to nodemailer's own build.
 */
export async function messageOf(mail: SendMailOptions): Promise<MailMessage> {
  const root = new MailComposer(mail).compile();
  const envelope = root.getEnvelope() as MailMessage['envelope'];
  if (!contentAtHand(root)) return { raw: await root.build(), envelope };
  const pieces: string[] = [];
  write(root, pieces);
  const text = pieces.join('');
  // nodemailer ends every message with a line break.
  return { raw: Buffer.from(text.endsWith('\n') ? text : `${text}\r\n`), envelope };
}

function contentAtHand(node: MimeNode): boolean {
  return (node.content === undefined || typeof node.content === 'string') && node.childNodes.every(contentAtHand);
}

/** What MimeNode.stream writes for a node: its headers, its content encoded, its children between boundaries. */
function write(node: MimeNode, pieces: string[]): void {
  // buildHeaders chooses the transfer encoding (reading the whole content) and names it in the headers.
  pieces.push(`${node.buildHeaders()}\r\n\r\n`);
  const content = node.content as string | undefined;
  if (content) {
    const encoding = String(node.getHeader('Content-Transfer-Encoding') ?? '').toLowerCase();
    if (encoding === 'quoted-printable') pieces.push(qp.wrap(qp.encode(content), 76));
    else if (encoding === 'base64') pieces.push(base64.wrap(base64.encode(content), 76));
    else pieces.push(content);
  }
  if (!node.multipart) return;
  node.childNodes.forEach((child, index) => {
    pieces.push(`${index > 0 ? '\r\n' : ''}--${node.boundary}\r\n`);
    write(child, pieces);
  });
  pieces.push(`\r\n--${node.boundary}--\r\n`);
}
