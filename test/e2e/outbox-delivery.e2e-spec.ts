import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvent, createMember, eventInput } from '../factories/api.factory';
import { memberInput } from '../factories/member.factory';
import { startServerProcess } from '../helpers/server-process';
import { SmtpSink } from '../helpers/smtp-sink';
import { createTestApp, TEST_ORGANISER_TOKEN } from '../helpers/test-app';
import { createTestDatabase, onPostgres } from '../helpers/test-database';
import { vevents } from '../helpers/ics';
import { waitUntil } from '../helpers/wait';

describe('outbox delivery', () => {
  it('without SMTP_URL writes .eml files under MAIL_DIR and lists them at /mail for this machine', async () => {
    const mailDir = mkdtempSync(join(tmpdir(), 'rencontres-eml-'));
    const t = await createTestApp({ env: { MAIL_DIR: mailDir } });
    try {
      const member = await createMember(t, { name: 'Local' });
      const event = await createEvent(t, { title: 'Open coffee local' });
      await t.api
        .post(`/api/events/${event.id}/invitations`)
        .send({ memberIds: [member.id] })
        .expect(202);
      await waitUntil(
        () => readdirSync(mailDir).some((file) => file.endsWith('.eml')),
        () => 'no .eml file under MAIL_DIR',
        10000,
      );
      const eml = readdirSync(mailDir).find((file) => file.endsWith('.eml'))!;
      const parsed = await simpleParser(readFileSync(join(mailDir, eml)));
      expect(parsed.subject).toMatch(/^Invitation : Open coffee local/);
      expect(parsed.to).toMatchObject({ value: [{ address: member.email }] });
      expect(parsed.attachments.some((part) => part.contentType === 'text/calendar')).toBe(true);
      const list = await t.http.get('/mail').expect(200);
      expect(list.text).toContain('Invitation : Open coffee local');
      const id = eml.replace('.eml', '');
      const html = await t.http.get(`/mail/${id}`).expect(200);
      expect(html.text).toContain('/rsvp/');
      await t.http.get('/mail/../../etc/passwd').expect(404);
    } finally {
      await t.close();
      rmSync(mailDir, { recursive: true, force: true });
    }
  });

  it('two app instances on one database never send the same mail twice', async () => {
    const smtp = await SmtpSink.start();
    const a = await createTestApp({ env: { SMTP_URL: smtp.url } });
    const b = await createTestApp({ env: { SMTP_URL: smtp.url }, database: a.database });
    try {
      smtp.delayMs = 5;
      const members = await Promise.all(Array.from({ length: 40 }, () => createMember(a)));
      const event = await createEvent(a);
      await a.api.post(`/api/events/${event.id}/invitations`).send({ all: true }).expect(202);
      await smtp.waitFor(40);
      // Both workers have finished every send they started: a mail sent twice would be in the mailbox by now.
      await Promise.all([a.flushOutbox(), b.flushOutbox()]);
      expect(smtp.received).toHaveLength(40);
      expect(new Set(smtp.received.map((mail) => mail.to))).toEqual(new Set(members.map((member) => member.email)));
      expect(new Set(smtp.received.map((mail) => mail.parsed.messageId)).size).toBe(40);
      expect((await b.api.get('/api/outbox?status=sent').expect(200)).headers['x-total-count']).toBe('40');
    } finally {
      await b.close();
      await a.close();
      await smtp.stop();
    }
  });

  (onPostgres ? it : it.skip)(
    'two server processes on one PostgreSQL send 60 invitations once each',
    async () => {
      const smtp = await SmtpSink.start();
      smtp.delayMs = 10;
      const database = await createTestDatabase();
      const cwd = mkdtempSync(join(tmpdir(), 'rencontres-pair-'));
      const env = {
        DATABASE_URL: database.url,
        SMTP_URL: smtp.url,
        ADMIN_TOKEN: TEST_ORGANISER_TOKEN,
        OUTBOX_POLL_MS: '20',
        MAIL_DIR: join(cwd, 'mail'),
      };
      const servers = [await startServerProcess(cwd, env), await startServerProcess(cwd, env)];
      try {
        const call = async (path: string, body: object): Promise<any> => {
          const headers = { authorization: `Bearer ${TEST_ORGANISER_TOKEN}`, 'content-type': 'application/json' };
          return (
            await fetch(`${servers[0].url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
          ).json();
        };
        for (let i = 0; i < 60; i++) await call('/api/members', memberInput());
        const event = await call('/api/events', eventInput({ kind: 'talk', title: 'Deux serveurs' }));
        expect(await call(`/api/events/${event.id}/invitations`, { all: true })).toMatchObject({ queued: 60 });
        await smtp.waitFor(60, 30000);
        // A stopped server has finished every send it started: a mail sent twice would be in the mailbox by now.
        for (const server of servers) expect(await server.stop()).toBe(0);
        expect(smtp.received).toHaveLength(60);
        expect(new Set(smtp.received.map((mail) => mail.parsed.messageId)).size).toBe(60);
      } finally {
        for (const server of servers) await server.stop();
        await smtp.stop();
        await database.drop();
        rmSync(cwd, { recursive: true, force: true });
      }
    },
    90000,
  );

  it('a server killed with kill -9 in the middle of 100 invitations delivers all 100 after restart', async () => {
    const smtp = await SmtpSink.start();
    smtp.delayMs = 30;
    const database = await createTestDatabase();
    const cwd = mkdtempSync(join(tmpdir(), 'rencontres-crash-'));
    const env = {
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      ADMIN_TOKEN: TEST_ORGANISER_TOKEN,
      OUTBOX_POLL_MS: '50',
      OUTBOX_LEASE_SECONDS: '1',
      MAIL_DIR: join(cwd, 'mail'),
    };
    const call = async (url: string, method: string, path: string, body?: object): Promise<any> => {
      const headers = { authorization: `Bearer ${TEST_ORGANISER_TOKEN}`, 'content-type': 'application/json' };
      return (await fetch(`${url}${path}`, { method, headers, body: body && JSON.stringify(body) })).json();
    };
    try {
      const first = await startServerProcess(cwd, env);
      const emails: string[] = [];
      for (let i = 0; i < 100; i++) emails.push((await call(first.url, 'POST', '/api/members', memberInput())).email);
      const event = await call(first.url, 'POST', '/api/events', eventInput({ title: 'Colunch crash' }));
      expect(await call(first.url, 'POST', `/api/events/${event.id}/invitations`, { all: true })).toMatchObject({
        queued: 100,
      });
      await smtp.waitFor(10, 20000);
      expect(await first.stop('SIGKILL')).toBeNull();
      const beforeRestart = smtp.received.length;
      expect(beforeRestart).toBeLessThan(100);

      const second = await startServerProcess(cwd, env);
      await waitUntil(
        () => new Set(smtp.received.map((mail) => mail.to)).size === 100,
        () => `${new Set(smtp.received.map((mail) => mail.to)).size} of 100 members got their mail`,
        30000,
        100,
      );
      expect(await second.stop()).toBe(0);
      expect(new Set(smtp.received.map((mail) => mail.to))).toEqual(new Set(emails));
      // At most the few mails in flight at the kill go twice, with the same Message-ID so clients fold them.
      const byId = new Map<string, Set<string>>();
      for (const mail of smtp.received)
        byId.set(mail.parsed.messageId!, (byId.get(mail.parsed.messageId!) ?? new Set()).add(mail.to));
      expect(byId.size).toBe(100);
      expect(smtp.received.length - 100).toBeLessThanOrEqual(5);
      expect(
        vevents(
          smtp.received[0].parsed.attachments.find((part) => part.contentType === 'text/calendar')!.content.toString(),
        ),
      ).toHaveLength(1);
    } finally {
      await smtp.stop();
      await database.drop();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90000);
});
