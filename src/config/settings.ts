import { IANAZone } from 'luxon';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { EVENT_KINDS } from '../events/event.entity';

export type DatabaseSettings = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** Every setting of the space, parsed and checked once at start. */
export interface Settings {
  port: number;
  database: DatabaseSettings;
  publicUrl: string;
  adminToken?: string;
  smtpUrl?: string;
  mailFrom: string;
  timezone: string;
  secretKey?: string;
  rateLimitPerMinute: number;
  /** The reverse proxies (addresses or CIDR blocks) whose X-Forwarded-* headers are believed; empty: none. */
  trustProxy: string[];
  /** Where mails go as .eml files when SMTP_URL is unset. */
  mailDir: string;
  /** Hours before the start at which going members get a reminder, per event kind (0: none). */
  reminderHours: Record<string, number>;
  outbox: { pollMs: number; leaseSeconds: number; retrySeconds: number };
}

/** A bad setting: its message is the one line printed before the start stops. */
export class SettingError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid setting ${variable}: ${reason}`);
  }
}

type Environment = Record<string, string | undefined>;

const DEFAULT_DATABASE_URL = 'sqlite:data/rencontres.sqlite';
const DEFAULT_MAIL_FROM = 'Rencontres <rencontres@localhost>';
const MIN_TOKEN_LENGTH = 16;
const MIN_SECRET_LENGTH = 32;

function value(env: Environment, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === '' ? undefined : raw;
}

function integer(env: Environment, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || parsed < min || parsed > max) {
    throw new SettingError(name, `"${raw}" is not a whole number from ${min} to ${max}`);
  }
  return parsed;
}

function database(env: Environment): DatabaseSettings {
  const raw = value(env, 'DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new SettingError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:data/rencontres.sqlite');
    return { type: 'sqlite', path: resolve(path) };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    const url = parseUrl('DATABASE_URL', raw);
    if (!url.hostname || url.pathname.length < 2) {
      throw new SettingError(
        'DATABASE_URL',
        'a PostgreSQL URL needs a host and a database: postgres://user:pass@host:5432/db',
      );
    }
    return { type: 'postgres', url: raw };
  }
  throw new SettingError('DATABASE_URL', 'must start with sqlite: or postgres://');
}

function parseUrl(name: string, raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new SettingError(name, `"${raw}" is not a URL`);
  }
}

function publicUrl(env: Environment, port: number): string {
  const raw = value(env, 'PUBLIC_URL');
  if (raw === undefined) return `http://localhost:${port}`;
  const url = parseUrl('PUBLIC_URL', raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingError('PUBLIC_URL', 'must be an http:// or https:// address');
  }
  if (url.search || url.hash) throw new SettingError('PUBLIC_URL', 'must not carry a query or a fragment');
  return raw.replace(/\/+$/, '');
}

function smtpUrl(env: Environment): string | undefined {
  const raw = value(env, 'SMTP_URL');
  if (raw === undefined) return undefined;
  const url = parseUrl('SMTP_URL', raw);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SettingError('SMTP_URL', 'must be smtp://user:pass@host:port or smtps://...');
  }
  if (!url.hostname) throw new SettingError('SMTP_URL', 'needs a host');
  return raw;
}

function mailFrom(env: Environment): string {
  const raw = value(env, 'MAIL_FROM') ?? DEFAULT_MAIL_FROM;
  // "Name <address>" or a bare address; one @ with text on each side.
  const address = /<([^<>]+)>\s*$/.exec(raw)?.[1] ?? raw;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) {
    throw new SettingError('MAIL_FROM', `"${raw}" is not an address such as Rencontres <rencontres@example.org>`);
  }
  return raw;
}

function timezone(env: Environment): string {
  const raw = value(env, 'TIMEZONE') ?? 'Europe/Paris';
  if (!IANAZone.isValidZone(raw)) {
    throw new SettingError('TIMEZONE', `"${raw}" is not an IANA time zone such as Europe/Paris`);
  }
  return raw;
}

function secret(env: Environment, name: string, minLength: number): string | undefined {
  const raw = value(env, name);
  if (raw !== undefined && raw.length < minLength) {
    throw new SettingError(name, `must be at least ${minLength} characters long`);
  }
  return raw;
}

/** "10.0.0.2" or "10.0.0.0/8, ::1": the addresses or CIDR blocks of the reverse proxies in front of the server. */
function trustProxy(env: Environment): string[] {
  const raw = value(env, 'TRUST_PROXY');
  if (raw === undefined) return [];
  return raw.split(',').map((item) => {
    const entry = item.trim();
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    const maxPrefix = version === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (version === 0 || !prefixOk || rest.length > 0) {
      throw new SettingError('TRUST_PROXY', `"${entry}" is neither an IP address nor a CIDR block such as 10.0.0.0/8`);
    }
    return entry;
  });
}

/** "24" for every kind, or "24,training=48,open-coffee=0": a default then exceptions per kind. */
function reminderHours(env: Environment): Record<string, number> {
  const raw = value(env, 'REMINDER_HOURS') ?? '24';
  const hours: Record<string, number> = {};
  for (const part of raw.split(',').map((item) => item.trim())) {
    const [kind, amount] = part.includes('=') ? part.split('=') : ['default', part];
    if (!/^\d{1,3}$/.test(amount ?? '') || (kind !== 'default' && !(EVENT_KINDS as readonly string[]).includes(kind))) {
      throw new SettingError(
        'REMINDER_HOURS',
        `"${part}" is neither hours (e.g. 24) nor kind=hours (e.g. training=48)`,
      );
    }
    hours[kind] = Number(amount);
  }
  return { default: 24, ...hours };
}

export function parseSettings(env: Environment): Settings {
  const port = integer(env, 'PORT', 3000, 1, 65535);
  return {
    port,
    database: database(env),
    publicUrl: publicUrl(env, port),
    adminToken: secret(env, 'ADMIN_TOKEN', MIN_TOKEN_LENGTH),
    smtpUrl: smtpUrl(env),
    mailFrom: mailFrom(env),
    timezone: timezone(env),
    secretKey: secret(env, 'SECRET_KEY', MIN_SECRET_LENGTH),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    trustProxy: trustProxy(env),
    mailDir: resolve(value(env, 'MAIL_DIR') ?? 'data/mail'),
    reminderHours: reminderHours(env),
    outbox: {
      pollMs: integer(env, 'OUTBOX_POLL_MS', 1000, 10, 3_600_000),
      leaseSeconds: integer(env, 'OUTBOX_LEASE_SECONDS', 120, 1, 86_400),
      retrySeconds: integer(env, 'MAIL_RETRY_SECONDS', 30, 1, 86_400),
    },
  };
}

/** The process's settings: the environment, after a `.env` file in the working directory if there is one. */
export function settingsFromEnvironment(): Settings {
  try {
    process.loadEnvFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return parseSettings(process.env);
}

/** The settings, or one line naming the bad variable on stderr and exit code 1: how every entry point starts. */
export function settingsOrExit(): Settings {
  try {
    return settingsFromEnvironment();
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
