// `npm run screenshots`: fills a throwaway database with the demo space (data/demo.json), starts the built server
// on it, signs an organiser in through the link `npm run organiser` prints, and photographs the main screens in
// Debian's Chromium into docs/screenshots/ (the README shows them).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3997);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN_TOKEN = 'screenshots-admin-token-0123456789';
const ORGANISER = 'camille@demo.rencontres.test';

const folder = mkdtempSync(join(tmpdir(), 'rencontres-screenshots-'));
const env = {
  ...process.env,
  DATABASE_URL: `sqlite:${join(folder, 'demo.sqlite')}`,
  MAIL_DIR: join(folder, 'mail'),
  PUBLIC_URL: BASE,
  PORT: String(PORT),
  ADMIN_TOKEN,
  SPACE_NAME: process.env.SPACE_NAME ?? 'La Coroutine',
};
const node = (script, args = []) =>
  execFileSync(process.execPath, [join(ROOT, 'dist', script), ...args], { env, cwd: folder, encoding: 'utf8' });

async function api(path) {
  const response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function waitForServer() {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (
      await fetch(`${BASE}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

/** The organiser's session cookie, from the one-time link `organiser.js` prints. */
async function organiserSession() {
  const link = /https?:\/\/\S+\/signin\/\S+/.exec(node('organiser.js', [ORGANISER]))[0];
  const response = await fetch(`${BASE}${new URL(link).pathname}`, { method: 'POST', redirect: 'manual' });
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('rencontres_session='));
  if (!cookie) throw new Error('no session from the sign-in link');
  const [name, value] = cookie.split(';')[0].split('=');
  return { name, value, url: BASE };
}

const server = { process: null };
try {
  node('demo.js');
  server.process = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { env, cwd: folder, stdio: 'ignore' });
  await waitForServer();
  const events = await api('/api/events?limit=100');
  const colunch = events.find((event) => event.kind === 'colunch');
  const talk = events.find((event) => event.visibility === 'public' && event.kind === 'talk') ?? events[0];
  const session = await organiserSession();

  // Each screen: its file name, its path, and whether it is seen on a phone.
  const screens = [
    ['home', '/', false, false],
    ['event-page', `/events/${talk.id}`, false, false],
    ['admin-dashboard', '/admin', true, false],
    ['admin-events', '/admin/events', true, false],
    ['admin-event-form', '/admin/events/new', true, false],
    ['admin-series-form', '/admin/series/new', true, false],
    ['admin-event', `/admin/events/${colunch.id}`, true, false],
    ['admin-checkin', `/admin/events/${colunch.id}/checkin`, true, true],
    ['admin-members', '/admin/members', true, false],
    ['admin-rooms', '/admin/rooms', true, false],
    ['admin-cohorts', '/admin/cohorts', true, false],
    ['admin-mail', '/admin/mail', true, false],
    ['admin-encounters', '/admin/encounters', true, false],
    ['me', '/me', true, true],
  ];
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const [name, path, signedIn, onPhone] of screens) {
      const context = await browser.newContext({
        viewport: onPhone ? { width: 375, height: 740 } : { width: 1200, height: 800 },
        deviceScaleFactor: 1,
      });
      if (signedIn) await context.addCookies([session]);
      const page = await context.newPage();
      const response = await page.goto(`${BASE}${path}`);
      if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
      process.stdout.write(`docs/screenshots/${name}.png  ${path}\n`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  server.process?.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
}
