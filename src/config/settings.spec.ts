import { resolve } from 'node:path';
import { parseSettings, SettingError } from './settings';

describe('parseSettings', () => {
  it('gives the contract defaults for an empty environment', () => {
    expect(parseSettings({})).toEqual({
      port: 3000,
      database: { type: 'sqlite', path: resolve('data/rencontres.sqlite') },
      publicUrl: 'http://localhost:3000',
      adminToken: undefined,
      smtpUrl: undefined,
      mailFrom: 'Rencontres <rencontres@localhost>',
      timezone: 'Europe/Paris',
      secretKey: undefined,
      rateLimitPerMinute: 600,
      trustProxy: [],
      mailDir: resolve('data/mail'),
      reminderHours: { default: 24 },
      outbox: { pollMs: 1000, leaseSeconds: 120, retrySeconds: 30 },
    });
  });

  it('follows PORT in the default public URL and drops a trailing slash from PUBLIC_URL', () => {
    expect(parseSettings({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(parseSettings({ PUBLIC_URL: 'https://rencontres.example/' }).publicUrl).toBe('https://rencontres.example');
  });

  it('reads PostgreSQL and SQLite URLs', () => {
    const url = 'postgres://rencontres:secret@db.example:5432/rencontres';
    expect(parseSettings({ DATABASE_URL: url }).database).toEqual({ type: 'postgres', url });
    expect(parseSettings({ DATABASE_URL: 'sqlite:/tmp/r.sqlite' }).database).toEqual({
      type: 'sqlite',
      path: '/tmp/r.sqlite',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(parseSettings({ PORT: '', TIMEZONE: ' ' }).port).toBe(3000);
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '70000'],
    ['PORT', '3000abc'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'sqlite:'],
    ['DATABASE_URL', 'postgres://localhost'],
    ['PUBLIC_URL', 'not a url'],
    ['PUBLIC_URL', 'https://example.org/?x=1'],
    ['ADMIN_TOKEN', 'short'],
    ['SMTP_URL', 'mail.example:25'],
    ['MAIL_FROM', 'Rencontres <nobody>'],
    ['TIMEZONE', 'Mars/Olympus'],
    ['SECRET_KEY', 'x'.repeat(31)],
    ['RATE_LIMIT_PER_MINUTE', '-1'],
    ['TRUST_PROXY', 'proxy.example'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '127.0.0.1,'],
    ['TRUST_PROXY', '::1/129'],
    ['REMINDER_HOURS', 'tomorrow'],
    ['REMINDER_HOURS', '24,party=2'],
    ['OUTBOX_POLL_MS', '1'],
  ])('refuses %s=%p with an error naming the variable', (variable, value) => {
    expect(() => parseSettings({ [variable]: value })).toThrow(SettingError);
    expect(() => parseSettings({ [variable]: value })).toThrow(new RegExp(`^Invalid setting ${variable}: `));
  });

  it('reads the trusted proxies as addresses and CIDR blocks', () => {
    expect(parseSettings({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
  });

  it('reads reminder hours per event kind', () => {
    expect(parseSettings({ REMINDER_HOURS: '12,training=48,open-coffee=0' }).reminderHours).toEqual({
      default: 12,
      training: 48,
      'open-coffee': 0,
    });
  });

  it('accepts the forms the contract documents', () => {
    const settings = parseSettings({
      SMTP_URL: 'smtps://user:pass@mail.example:465',
      MAIL_FROM: 'Rencontres Lille <rencontres@coworking.example>',
      TIMEZONE: 'America/Montreal',
      ADMIN_TOKEN: 'x'.repeat(16),
      SECRET_KEY: 'y'.repeat(32),
    });
    expect(settings).toMatchObject({ timezone: 'America/Montreal', smtpUrl: 'smtps://user:pass@mail.example:465' });
  });
});
