import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestApp, TestApp } from './test-app';

const AXE = join(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

/** A browser and axe on 2 shared cores take their time: the timeout of a test that drives Chromium. */
export const BROWSER_TEST_MS = 120_000;

/** Debian's Chromium, headless, with no network beyond this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A listening test app and a browser, for a describe block; `close` ends both. */
export async function appWithBrowser(): Promise<{ t: TestApp; browser: Browser; close(): Promise<void> }> {
  const t = await createTestApp({ listen: true });
  const browser = await launchBrowser();
  const close = async () => {
    await browser.close();
    await t.close();
  };
  return { t, browser, close };
}

/** A new phone-sized browser context (375 px wide) that lets the test inject axe past the pages' CSP. */
export async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, bypassCSP: true });
  return { context, page: await context.newPage() };
}

/** A browser context signed in with a session cookie (from `signIn` in helpers/signin.ts), 375 px wide. */
export async function signedInPhone(
  browser: Browser,
  url: string,
  sessionCookie: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await phone(browser);
  const [name, value] = sessionCookie.split('=');
  await context.addCookies([{ name, value, url }]);
  return { context, page };
}

/** No serious or critical axe-core violation, and nothing wider than the window (375 px on a phone). */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ path: AXE });
  // Runs in the page, hence a string: this project compiles without the DOM's types.
  const violations: { id: string; impact: string; nodes: string[] }[] = await page.evaluate(`
    axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } })
      .then((result) => result.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        nodes: violation.nodes.slice(0, 3).map((node) => node.html),
      })))
  `);
  expect(violations.filter((violation) => ['serious', 'critical'].includes(violation.impact))).toEqual([]);
  const width = page.viewportSize()?.width ?? 375;
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}
