import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createEvent, createMember, createOrganiser } from '../factories/api.factory';
import { BROWSER_TEST_MS, expectAccessible, launchBrowser, signedInPhone } from '../helpers/browser';
import { invitedMember, replyFor } from '../helpers/replies';
import { client, signIn } from '../helpers/signin';
import { appWithSmtp, SmtpSink } from '../helpers/smtp-sink';
import { TestApp } from '../helpers/test-app';
import { MAIL_KINDS } from '../../src/outbox/outbox-message.entity';
import { InboxService } from '../../src/replies/inbox.service';

describe('Mail in the organisers’ app', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let close: () => Promise<void>;
  let browser: Browser;
  let cookie: string;
  beforeAll(async () => {
    ({ t, smtp, close } = await appWithSmtp({ listen: true }));
    browser = await launchBrowser();
    const organiser = await createOrganiser(t, { name: 'Margot Courrier' });
    cookie = await signIn(t, smtp, organiser.email);
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  const page = (path: string) => client(t).get(path).set('Cookie', cookie);
  const replyAddresses = async () =>
    Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM reply_address'))[0].n);
  const outboxTotal = async () => Number((await t.api.get('/api/outbox').expect(200)).headers['x-total-count']);

  it('previews each kind of mail in French and English through the composer, sending and recording nothing', async () => {
    const invited = await invitedMember(t, smtp, { title: 'Colunch de l’aperçu' });
    const sent = smtp.to(invited.member.email)[0].parsed;
    const [addresses, mails] = [await replyAddresses(), await outboxTotal()];

    const french = await page('/admin/mail/previews/invitation/fr').expect(200);
    expect(french.text).toContain(`<dd lang="fr">${sent.subject}</dd>`);
    expect(french.text).toContain('Bonjour Margot Courrier, vous êtes invité·e à « Colunch de l’aperçu »');
    const english = await page('/admin/mail/previews/invitation/en').expect(200);
    expect(english.text).toContain('<dd lang="en">Invitation: Colunch de l’aperçu');
    expect(english.text).toContain('Hello Margot Courrier, you are invited to “Colunch de l’aperçu”.');
    const html = await page('/admin/mail/previews/update/en/html').expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('<html lang="en">');

    for (const kind of MAIL_KINDS) {
      for (const locale of ['fr', 'en']) await page(`/admin/mail/previews/${kind}/${locale}`).expect(200);
    }
    // A guest's confirmation, as if the organiser had asked to come to the next event.
    expect((await page('/admin/mail/previews/guest-confirmation/en').expect(200)).text).toContain(
      'Confirm your registration: Colunch de l’aperçu',
    );
    // Without a cohort nor a waitlist, those mails say what they need.
    expect((await page('/admin/mail/previews/cohort-welcome/fr').expect(200)).text).toContain(
      'Il faut au moins une cohorte',
    );
    await page('/admin/mail/previews/birthday/fr').expect(404);
    await page('/admin/mail/previews/invitation/de').expect(404);

    await t.flushOutbox();
    expect(smtp.to(invited.member.email)).toHaveLength(1);
    expect([await replyAddresses(), await outboxTotal()]).toEqual([addresses, mails]);
  });

  it(
    'lists a failed mail with its reason and sends it again; the API then shows it sent',
    async () => {
      const bounced = await createMember(t, { name: 'Basile Rebond' });
      const event = await createEvent(t, { title: 'Atelier du renvoi' });
      smtp.reject = (address) => (address === bounced.email ? { code: 550, message: 'Mailbox unavailable' } : null);
      await t.api
        .post(`/api/events/${event.id}/invitations`)
        .send({ memberIds: [bounced.id] })
        .expect(202);
      await t.flushOutbox();
      const [failed] = (await t.api.get('/api/outbox?status=failed').expect(200)).body;
      expect(failed.memberId).toBe(bounced.id);
      smtp.reject = () => null;

      const { context, page: phone } = await signedInPhone(browser, t.url, cookie);
      await phone.goto(`${t.url}/admin/mail`);
      await expectAccessible(phone);
      await phone.getByRole('link', { name: 'En échec' }).click();
      await phone.getByText('Mailbox unavailable').waitFor();
      await expectAccessible(phone);
      await phone.getByRole('button', { name: 'Renvoyer à Basile Rebond' }).click();
      await phone.getByText('Aucun courrier ici.').waitFor();
      expect(new URL(phone.url()).search).toBe('?status=failed');
      for (const path of ['/admin/mail/previews', '/admin/mail/previews/reminder/en', '/admin/mail/inbox']) {
        await phone.goto(`${t.url}${path}`);
        await expectAccessible(phone);
      }
      await context.close();

      await t.flushOutbox();
      expect(smtp.to(bounced.email)).toHaveLength(1);
      const sent = (await t.api.get('/api/outbox?status=sent&limit=500').expect(200)).body;
      expect(sent.map((mail: any) => mail.id)).toContain(failed.id);
      const trail = (await t.api.get(`/api/audit?thingId=${failed.id}`).expect(200)).body;
      expect(trail[0]).toMatchObject({ action: 'retry', thingKind: 'mail', actorName: 'Margot Courrier' });
    },
    BROWSER_TEST_MS,
  );

  it('shows the calendar replies that came in and what was done with each', async () => {
    const invited = await invitedMember(t, smtp, { title: 'Colunch des réponses' });
    const { raw } = replyFor('gmail', invited);
    await t.app.get(InboxService).receive(Buffer.from(raw), 'smtp', [invited.replyAddress]);
    const inbox = await page('/admin/mail/inbox').expect(200);
    expect(inbox.text).toContain('Colunch des réponses</a>');
    expect(inbox.text).toContain('Réponse enregistrée');
    expect(inbox.text).toMatch(/Camille Martin[\s\S]*Oui/);
    const english = await page('/admin/mail/inbox?lang=en').expect(200);
    expect(english.text).toContain('Answer recorded');
  });
});
