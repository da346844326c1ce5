import ICAL from 'ical.js';
import { ParsedMail } from 'mailparser';

/** The text/calendar part of a mail, as nodemailer's icalEvent writes it (an alternative, with its method). */
export function calendarPart(mail: ParsedMail): { contentType: string; content: string } {
  const part = mail.attachments.find((attachment) => attachment.contentType === 'text/calendar');
  if (!part) throw new Error(`no text/calendar part in "${mail.subject}"`);
  const header = String(part.headers.get('content-type') ? JSON.stringify(part.headers.get('content-type')) : '');
  return { contentType: header, content: part.content.toString('utf8') };
}

/** Parses an iCalendar text with ical.js (strict: it throws on malformed input). */
export function parseCalendar(text: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(text));
}

export function vevents(text: string): ICAL.Component[] {
  return parseCalendar(text).getAllSubcomponents('vevent');
}
