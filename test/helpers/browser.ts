import { Browser, chromium } from 'playwright-core';
import { createTestApp, TestApp } from './test-app';

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
