import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { messageOf } from './mail-message';

const date = new Date('2026-12-02T10:00:00Z');
const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  `SUMMARY:Colunch : facturer en freelance — «été», ${'une longue ligne '.repeat(6)}`,
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** The mails the composer writes: an invitation (with its iTIP part), a cohort's mail (an .ics attached), a guest's. */
const mails: Record<string, SendMailOptions> = {
  invitation: {
    messageId: '<01a23504-6c6c-73fb-850f-a350b8294023@rencontres.example>',
    from: 'Rencontres <rencontres@rencontres.example>',
    to: { name: 'Zoé Dupré-Lefèvre', address: 'zoe@example.org' },
    replyTo: 'rencontres+aghyatqixjabkpp4z32c@rencontres.example',
    subject: 'Invitation : Colunch : facturer en freelance — «été» — vendredi 1 janvier, 12:30',
    text: `Bonjour Zoé,\n\n- Oui : https://rencontres.example/rsvp/${'Qhr-_9'.repeat(20)}?response=yes\n\nFin   \n`,
    html: `<!doctype html>\n<p style="color:#c2410c">Bonjour Zoé, « ${'texte '.repeat(40)}»</p>\n`,
    headers: {
      'List-Unsubscribe': `<https://rencontres.example/unsubscribe/${'QhrHz310QmKa'.repeat(8)}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    icalEvent: { method: 'CANCEL', content: calendar },
    date,
  },
  cohort: {
    messageId: '<cohort@rencontres.example>',
    from: 'Rencontres <rencontres@rencontres.example>',
    to: { name: 'Bob', address: 'bob@example.org' },
    subject: 'Bienvenue dans la cohorte',
    text: 'Plain ASCII text.\n',
    html: '<p>Plain</p>',
    attachments: [{ filename: 'cohorte.ics', contentType: 'text/calendar; charset=utf-8', content: calendar }],
    date,
  },
  guest: {
    messageId: '<guest@rencontres.example>',
    from: 'Rencontres <rencontres@rencontres.example>',
    to: { name: 'Ann "the guest", Jr.', address: 'ann@example.org' },
    subject: 'Confirm',
    text: 'x'.repeat(1200),
    html: '<p>ok</p>',
    date,
  },
};

/** Multipart boundaries are random: named by their place instead. */
const comparable = (message: Buffer) => message.toString('utf8').replace(/--_NmP-[0-9a-f]+-Part_/g, '--boundary-');

describe('messageOf', () => {
  it.each(Object.keys(mails))('writes the bytes nodemailer writes for a mail (%s)', async (name) => {
    const nodemailer = new MailComposer(mails[name]).compile();
    const message = await messageOf(mails[name]);
    expect(comparable(message.raw)).toBe(comparable(await nodemailer.build()));
    expect(message.envelope).toEqual(nodemailer.getEnvelope());
  });

  it('leaves content that is not text at hand to nodemailer', async () => {
    const mail = { ...mails.guest, attachments: [{ filename: 'a.bin', content: Buffer.from([0, 1, 2, 255]) }] };
    expect(comparable((await messageOf(mail)).raw)).toBe(comparable(await new MailComposer(mail).compile().build()));
  });
});
