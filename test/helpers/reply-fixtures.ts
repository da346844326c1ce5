import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPLY_SHAPES = ['gmail', 'outlook', 'apple'] as const;
export type ReplyShape = (typeof REPLY_SHAPES)[number] | 'human';

export interface ReplyValues {
  /** The address the reply goes to (our plus-address). */
  to: string;
  from: string;
  /** The ATTENDEE address the client writes (may be an alias). */
  attendee: string;
  uid: string;
  sequence: number;
  partstat: string;
  stamp: Date;
  messageId: string;
  startsAt: Date;
  endsAt: Date;
}

const FIXTURES = join(__dirname, '..', 'fixtures', 'replies');
const utc = (date: Date) => DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyyLLdd'T'HHmmss'Z'");
const paris = (date: Date) => DateTime.fromJSDate(date, { zone: 'Europe/Paris' }).toFormat("yyyyLLdd'T'HHmmss");

/** A client's reply (test/fixtures/replies/<shape>.eml) with the values filled in, as raw CRLF text. */
export function replyMail(shape: ReplyShape, values: ReplyValues): string {
  const fields: Record<string, string> = {
    TO: values.to,
    FROM: values.from,
    ATTENDEE: values.attendee,
    ATTENDEE_UPPER: values.attendee.toUpperCase(),
    UID: values.uid,
    SEQUENCE: String(values.sequence),
    PARTSTAT: values.partstat,
    DTSTAMP: utc(values.stamp),
    MESSAGE_ID: values.messageId,
    DATE: DateTime.fromJSDate(values.stamp).toRFC2822()!,
    DTSTART: utc(values.startsAt),
    DTEND: utc(values.endsAt),
    DTSTART_LOCAL: paris(values.startsAt),
    DTEND_LOCAL: paris(values.endsAt),
    WHEN: DateTime.fromJSDate(values.startsAt, { zone: 'Europe/Paris' }).toFormat('ccc d LLL yyyy HH:mm'),
  };
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  const filled = readFileSync(join(FIXTURES, `${shape}.eml`), 'utf8').replace(/\{\{([A-Z_]+)\}\}/g, (_m, name) => {
    if (!(name in fields)) throw new Error(`no value for {{${name}}} in ${shape}.eml`);
    return fields[name];
  });
  return crlf(
    filled.replace(/\{\{base64\}\}([\s\S]*?)\{\{\/base64\}\}/g, (_m, body: string) =>
      Buffer.from(crlf(body)).toString('base64').replace(/.{76}/g, '$&\n'),
    ),
  );
}
