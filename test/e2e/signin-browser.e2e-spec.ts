import { Browser } from 'playwright-core';
import { createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, phone as phoneOf } from '../helpers/browser';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Sign-in in Chromium', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let browser: Browser;
  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await createTestApp({ listen: true, env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await t.close();
    await smtp.stop();
  });

  const phone = () => phoneOf(browser);

  const mailTo = async (email: string, count: number) => {
    const deadline = Date.now() + 15000;
    while (smtp.to(email).length < count) {
      if (Date.now() > deadline) throw new Error(`no mail for ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return smtp.to(email)[count - 1].parsed;
  };

  it(
    'a member asks for a link, opens it, presses the button, lands on /me, and signs out',
    async () => {
      const member = await createMember(t, { name: 'Léa Lien' });
      const { context, page } = await phone();
      await page.goto(`${t.url}/me`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      await expectAccessible(page);
      await page.getByLabel('Adresse mail').fill(member.email);
      await page.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click();
      await page.getByRole('heading', { name: 'Consultez vos mails' }).waitFor();
      await expectAccessible(page);

      const mail = await mailTo(member.email, 1);
      const html = String(mail.html);
      expect(html).not.toMatch(/<script|src="http/);
      const link = /href="(http:\/\/rencontres\.test\/signin\/[A-Za-z0-9_-]+)"/.exec(html)![1];
      await page.goto(link.replace('http://rencontres.test', t.url));
      expect(await context.cookies()).toEqual([]);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Me connecter' }).click();
      await page.getByText('Connecté·e en tant que Léa Lien').waitFor();
      expect(new URL(page.url()).pathname).toBe('/me');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({
        name: 'rencontres_session',
        httpOnly: true,
        sameSite: 'Lax',
        secure: false,
        path: '/',
      });
      await expectAccessible(page);

      await page.getByRole('button', { name: 'Se déconnecter', exact: true }).click();
      expect(new URL(page.url()).pathname).toBe('/signin');
      await page.goto(`${t.url}/me`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'an English member types the code instead; a wrong code shows the error beside the field',
    async () => {
      const member = await createMember(t, { name: 'Ann Phone', locale: 'en' });
      const { context, page } = await phone();
      await page.goto(`${t.url}/signin?lang=en&next=${encodeURIComponent('/me?lang=en')}`);
      await page.getByLabel('Email address').fill(member.email);
      await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
      const code = /\b(\d{6})\b/.exec((await mailTo(member.email, 1)).text ?? '')![1];
      await page.getByLabel('Sign-in code').fill(code === '123456' ? '654321' : '123456');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);
      await page.getByLabel('Sign-in code').fill(code);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Signed in as Ann Phone').waitFor();
      expect(page.url()).toBe(`${t.url}/me?lang=en`);
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'an organiser signs in to /admin, makes a personal token in /admin/tokens and revokes it',
    async () => {
      const organiser = await createOrganiser(t, { name: 'Oscar Orga' });
      const { context, page } = await phone();
      await page.goto(`${t.url}/admin`);
      await page.getByLabel('Adresse mail').fill(organiser.email);
      await page.getByRole('button', { name: 'M’envoyer un lien de connexion' }).click();
      const link = /http:\/\/rencontres\.test\/signin\/[A-Za-z0-9_-]+/.exec(
        (await mailTo(organiser.email, 1)).text ?? '',
      )![0];
      await page.goto(link.replace('http://rencontres.test', t.url));
      await page.getByRole('button', { name: 'Me connecter' }).click();
      await page.getByText('Connecté·e en tant que Oscar Orga').waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin');
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Jetons d’API' }).click();
      await page.getByLabel('Nom du jeton').fill('Écran du hall');
      await page.getByRole('button', { name: 'Créer un jeton' }).click();
      const token = (await page.locator('#new-token').textContent())!.trim();
      await expectAccessible(page);
      const withToken = await fetch(`${t.url}/api/rooms`, { headers: { Authorization: `Bearer ${token}` } });
      expect(withToken.status).toBe(200);
      await page.goto(`${t.url}/admin/tokens`);
      await page.getByRole('button', { name: 'Révoquer « Écran du hall »' }).click();
      await page.getByText('Aucun jeton personnel pour l’instant.').waitFor();
      const revoked = await fetch(`${t.url}/api/rooms`, { headers: { Authorization: `Bearer ${token}` } });
      expect(revoked.status).toBe(401);
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
