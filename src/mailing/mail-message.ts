import { randomBytes } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import * as base64 from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import * as mime from 'nodemailer/lib/mime-funcs';
import * as qp from 'nodemailer/lib/qp';

/** A message in one piece, and who it goes from and to (what SMTP's MAIL FROM and RCPT TO say). */
export interface MailMessage {
  raw: Buffer;
  envelope: { from: string | false; to: string[] };
  messageId?: string;
}

/** The mails the composer writes: text and HTML, maybe an iTIP part and attached files, to one person. */
interface ComposedMail {
  messageId: string;
  from: string;
  to: { name: string; address: string };
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; contentType: string; content: string }[];
  icalEvent?: { method: string; content: string };
}

/** A part of a message: its header lines, then its encoded content or its parts between boundaries. */
type Part = { headers: string[] } & ({ content: string } | { boundary: string; parts: Part[] });

/** An address nodemailer writes as it is: a dot-atom at a lower-case ASCII domain. */
const PLAIN_ADDRESS =
  /^[\w!#$%&'*+/=?^`{|}~-]+(\.[\w!#$%&'*+/=?^`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const LIST_HEADERS = new Set(['List-Unsubscribe', 'List-Unsubscribe-Post']);
const PLAIN_FILENAME = /^\w[\w.]*$/;
const COMPOSED = new Set<string>([
  'messageId',
  'from',
  'to',
  'replyTo',
  'subject',
  'text',
  'html',
  'headers',
  'attachments',
  'icalEvent',
] satisfies (keyof ComposedMail)[]);

/**
 * The message nodemailer would write for `mail`, in one buffer. nodemailer builds a tree of parts and streams each
 * in its turn (a stream per part, a socket write per header or line), which cost more CPU than composing the mail;
 * the mails the composer writes are written here at once, byte for byte as nodemailer writes them (with nodemailer's
 * own encoders; a spec compares the two). Any other mail is left to nodemailer's build.
 */
export async function messageOf(mail: SendMailOptions): Promise<MailMessage> {
  const senders = typeof mail.from === 'string' ? addressparser(mail.from) : [];
  // One mailbox, not a group (whose address is undefined).
  const address = senders.length === 1 ? (senders[0].address ?? '') : '';
  if (PLAIN_ADDRESS.test(address) && isComposed(mail)) return written(mail, { name: senders[0].name, address });
  const root = new MailComposer(mail).compile();
  return { raw: await root.build(), envelope: root.getEnvelope() as MailMessage['envelope'] };
}

/** Whether `mail` has the shape of the composer's mails, and nothing nodemailer would write otherwise. */
function isComposed(mail: SendMailOptions): mail is ComposedMail {
  const composed = mail as Partial<ComposedMail>;
  const text = (value: unknown) => typeof value === 'string' && value !== '';
  const only = (value: object, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));
  return (
    Object.entries(mail).every(([key, value]) => COMPOSED.has(key) || value === undefined) &&
    /^<[^\s<>]+>$/.test(composed.messageId ?? '') &&
    PLAIN_ADDRESS.test(composed.to?.address ?? '') &&
    (composed.replyTo === undefined || PLAIN_ADDRESS.test(composed.replyTo)) &&
    text(composed.subject) &&
    text(composed.text) &&
    text(composed.html) &&
    Object.entries(composed.headers ?? {}).every(([key, value]) => LIST_HEADERS.has(key) && text(value)) &&
    (composed.attachments ?? []).every(
      (file) =>
        only(file, ['filename', 'contentType', 'content']) &&
        PLAIN_FILENAME.test(file.filename) &&
        text(file.contentType) &&
        text(file.content),
    ) &&
    (composed.icalEvent === undefined ||
      (only(composed.icalEvent, ['method', 'content']) &&
        text(composed.icalEvent.method) &&
        text(composed.icalEvent.content)))
  );
}

function written(mail: ComposedMail, from: { name: string; address: string }): MailMessage {
  const alternatives = [
    textPart('text/plain; charset=utf-8', mail.text),
    textPart('text/html; charset=utf-8', mail.html),
  ];
  const attached = (mail.attachments ?? []).map((file) =>
    attachment(mime.buildHeaderValue(mime.parseHeaderValue(file.contentType)), file.filename, file.content, false),
  );
  if (mail.icalEvent) {
    const { method, content } = mail.icalEvent;
    alternatives.push(textPart(`text/calendar; charset=utf-8; method=${method.trim().toUpperCase()}`, content));
    attached.push(attachment('application/ics', 'invite.ics', content, true));
  }
  // nodemailer's boundaries: a random base, then the number of the part in the tree.
  const base = `--_NmP-${randomBytes(8).toString('hex')}-Part_`;
  const alternative = multipart('alternative', `${base}${attached.length ? 2 : 1}`, alternatives);
  const root = attached.length ? multipart('mixed', `${base}1`, [alternative, ...attached]) : alternative;
  root.headers.unshift(
    ...Object.entries(mail.headers ?? {}).map(([key, value]) => header(key, headerText(value))),
    header('From', mailbox(from)),
    header('To', mailbox(mail.to)),
    ...(mail.replyTo ? [header('Reply-To', mail.replyTo)] : []),
    header('Subject', headerText(mail.subject)),
    header('Message-ID', mail.messageId),
    header('Date', new Date().toUTCString().replace(/GMT/, '+0000')),
    header('MIME-Version', '1.0'),
  );
  return {
    raw: Buffer.from(partText(root)),
    envelope: { from: from.address, to: [mail.to.address] },
    messageId: mail.messageId,
  };
}

function partText(part: Part): string {
  const head = `${part.headers.join('\r\n')}\r\n\r\n`;
  if ('content' in part) return head + part.content;
  const parts = part.parts.map((child, index) => `${index > 0 ? '\r\n' : ''}--${part.boundary}\r\n${partText(child)}`);
  return `${head}${parts.join('')}\r\n--${part.boundary}--\r\n`;
}

function multipart(kind: 'mixed' | 'alternative', boundary: string, parts: Part[]): Part {
  const contentType = mime.buildHeaderValue({ value: `multipart/${kind}`, params: { boundary } });
  return { headers: [header('Content-Type', contentType)], boundary, parts };
}

/** Text goes as it is when it is short-lined ASCII (7bit), otherwise encoded. */
function textPart(contentType: string, content: string): Part {
  const encoding =
    mime.isPlainText(content) && !mime.hasLongerLines(content, 76)
      ? '7bit'
      : textEncoding(content) === 'Q'
        ? 'quoted-printable'
        : 'base64';
  return {
    headers: [header('Content-Type', contentType), header('Content-Transfer-Encoding', encoding)],
    content: encoded(content, encoding),
  };
}

/** A file attached in base64; the iTIP part's copy names its disposition before its encoding, as nodemailer does. */
function attachment(contentType: string, filename: string, content: string, invitation: boolean): Part {
  const disposition = header('Content-Disposition', `attachment; filename=${filename}`);
  const encoding = header('Content-Transfer-Encoding', 'base64');
  return {
    headers: [
      header('Content-Type', `${contentType}; name=${filename}`),
      ...(invitation ? [disposition, encoding] : [encoding, disposition]),
    ],
    content: encoded(content, 'base64'),
  };
}

function encoded(content: string, encoding: string): string {
  if (encoding === 'quoted-printable') return qp.wrap(qp.encode(content), 76);
  if (encoding === 'base64') return base64.wrap(base64.encode(content), 76);
  return content;
}

function header(key: string, value: string): string {
  return mime.foldLines(`${key}: ${value}`, 76);
}

/** An unstructured header's text, in encoded words when it holds more than printable ASCII. */
function headerText(value: string): string {
  const line = value.replace(/\r?\n|\r/g, ' ');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(line)) return mime.encodeWord(line, textEncoding(line), 52);
  // Every word encoded once one is: some clients drop the spaces around an encoded word.
  const encodeWords = mime.encodeWords as (value: string, encoding: 'Q' | 'B', length: number, all: boolean) => string;
  return encodeWords(line, textEncoding(line), 52, true);
}

function mailbox({ name, address }: { name: string; address: string }): string {
  if (!name) return address;
  if (/^[\w ]*$/.test(name)) return `${name} <${address}>`;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/["\\]/g, '\\$&')}" <${address}>`;
  return `${mime.encodeWord(name, textEncoding(name), 52)} <${address}>`;
}

/** Quoted-printable for text mostly in Latin letters, base64 otherwise (nodemailer's choice). */
function textEncoding(value: string): 'Q' | 'B' {
  let other = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) other++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return other < latin ? 'Q' : 'B';
}
