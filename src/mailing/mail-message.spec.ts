import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { messageOf } from './mail-message';

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

/** Mails as the composer writes them: invitations (with their iTIP part), a cohort's (an .ics attached), a guest's. */
const composed: Record<string, SendMailOptions> = {
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
    icalEvent: { method: 'cancel ', content: calendar },
  },
  'invitation in ASCII': {
    messageId: '<ascii@rencontres.example>',
    from: 'Space "Rencontres" <rencontres@rencontres.example>',
    to: { name: "Jean-Pierre O'Neil", address: 'jp@example.org' },
    replyTo: 'rencontres+abc@rencontres.example',
    subject: 'Invitation: Open coffee',
    text: 'Hello,\r\nshort lines only.\r\n',
    html: `<p>${'long line '.repeat(12)}</p>`,
    headers: { 'List-Unsubscribe': '<https://rencontres.example/unsubscribe/x>' },
    icalEvent: { method: 'REQUEST', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n' },
  },
  'invitation in Cyrillic': {
    messageId: '<cyrillic@rencontres.example>',
    from: 'Espace Café <rencontres@rencontres.example>',
    to: { name: 'Мария Иванова', address: 'maria@example.org' },
    subject: 'Приглашение на обед',
    text: 'Здравствуйте, Мария! Приглашаем вас на обед.\n',
    html: '<p>Здравствуйте, Мария!</p>',
  },
  cohort: {
    messageId: '<cohort@rencontres.example>',
    from: 'Rencontres <rencontres@rencontres.example>',
    to: { name: 'Bob', address: 'bob@example.org' },
    subject: 'Bienvenue dans la cohorte',
    text: 'Plain ASCII text.\n',
    html: '<p>Plain</p>',
    attachments: [{ filename: 'workclub.ics', contentType: 'text/calendar; charset=utf-8', content: calendar }],
  },
  guest: {
    messageId: '<guest@rencontres.example>',
    from: 'rencontres@rencontres.example',
    to: { name: 'Ann "the guest", Jr.', address: 'ann@example.org' },
    subject: 'Confirm',
    text: 'x'.repeat(1200),
    html: '<p>ok</p>',
  },
  'without a name': {
    messageId: '<noname@rencontres.example>',
    from: 'Rencontres <rencontres@rencontres.example>',
    to: { name: '', address: 'someone@example.org' },
    subject: 'Sign in',
    text: 'Code: 123456\n',
    html: '<p>Code: 123456</p>',
  },
};

/** Multipart boundaries are random and the date is the time of writing: named by their place instead. */
const comparable = (message: Buffer) =>
  message
    .toString('utf8')
    .replace(/--_NmP-[0-9a-f]+-Part_/g, '--boundary-')
    .replace(/^Date: .*$/m, 'Date: (when written)');

async function nodemailerMessage(mail: SendMailOptions) {
  const root = new MailComposer(mail).compile();
  return { raw: comparable(await root.build()), envelope: root.getEnvelope() };
}

describe('messageOf', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(Object.keys(composed))(
    'writes the bytes nodemailer writes for a mail, without its tree (%s)',
    async (name) => {
      const expected = await nodemailerMessage(composed[name]);
      const compile = jest.spyOn(MailComposer.prototype, 'compile');
      const message = await messageOf(composed[name]);
      expect(compile).not.toHaveBeenCalled();
      expect(comparable(message.raw)).toBe(expected.raw);
      expect(message.envelope).toEqual(expected.envelope);
    },
  );

  it.each([
    ['an address nodemailer rewrites', { ...composed.guest, to: { name: 'Ann', address: 'Ann@Example.ORG' } }],
    [
      'a file that is not text',
      { ...composed.cohort, attachments: [{ filename: 'a.bin', content: Buffer.from([0, 255]) }] },
    ],
    ['an option of its own', { ...composed.guest, priority: 'high' as const }],
    ['a group as its sender', { ...composed.guest, from: 'Rencontres: rencontres@rencontres.example;' }],
    ['no subject', { ...composed.guest, subject: '' }],
    [
      'a file given in base64',
      { ...composed.cohort, attachments: [{ filename: 'a.ics', content: 'QkVHSU4=', encoding: 'base64' }] },
    ],
  ])('leaves a mail with %s to nodemailer', async (_, mail) => {
    const expected = await nodemailerMessage(mail);
    const message = await messageOf(mail);
    expect(comparable(message.raw)).toBe(expected.raw);
    expect(message.envelope).toEqual(expected.envelope);
  });
});
