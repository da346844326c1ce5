import { TestApp } from './test-app';

/**
 * The feed once it shows what `accept` looks for: after a write, the last good version is served while one rebuild
 * runs, so this polls (at most 5 s) and fails with the last body if it never does.
 */
export async function feedShowing(t: TestApp, path: string, accept: (text: string) => boolean) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const res = await t.getText(path).expect(200);
    if (accept(res.body)) return res;
    if (Date.now() > deadline) throw new Error(`${path} still does not show what the test waits for:\n${res.body}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
