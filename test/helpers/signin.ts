import request from 'supertest';
import { SmtpSink } from './smtp-sink';
import { TestApp } from './test-app';

/** A plain supertest client that keeps no cookies: each test says which session cookie it sends. */
export const client = (t: TestApp) => request(t.app.getHttpServer());

const SIGNIN_LINK = /https?:\/\/\S+\/signin\/[A-Za-z0-9_-]+/;

/** Asks for a sign-in mail and reads the link and code from the mail the SMTP sink received. */
export async function signinMail(
  t: TestApp,
  smtp: SmtpSink,
  email: string,
): Promise<{ link: string; code: string; text: string; subject: string }> {
  const before = smtp.to(email).length;
  await client(t).post('/signin').type('form').send({ email }).expect(200);
  // Another mail queued earlier (a welcome, an invitation) may land after this one's request: take the sign-in mail.
  const signinMailReceived = () =>
    smtp
      .to(email)
      .slice(before)
      .find((received) => SIGNIN_LINK.test(received.parsed.text ?? ''))?.parsed;
  const deadline = Date.now() + 15000;
  let mail = signinMailReceived();
  while (!mail) {
    if (Date.now() > deadline) throw new Error(`no sign-in mail for ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    mail = signinMailReceived();
  }
  const text = mail.text ?? '';
  const link = SIGNIN_LINK.exec(text)?.[0];
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (!link || !code) throw new Error(`no link or code in: ${text}`);
  return { link, code, text, subject: mail.subject ?? '' };
}

/** The `name=value` of the session cookie a response sets. */
export function sessionCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const cookie = cookies.find(
    (line) => line.startsWith('rencontres_session=') && !line.startsWith('rencontres_session=;'),
  );
  if (!cookie) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return cookie.split(';')[0];
}

/** Signs the member in through the mail's link and returns the session cookie. */
export async function signIn(t: TestApp, smtp: SmtpSink, email: string): Promise<string> {
  const { link } = await signinMail(t, smtp, email);
  return sessionCookie(await client(t).post(new URL(link).pathname).type('form').send({}).expect(303));
}

/** The CSRF token a page puts in its forms. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF field on the page');
  return token;
}
