/** Resolves once `condition` holds, checked every `everyMs`; fails with `failure()` when `timeoutMs` has passed. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  failure: () => string,
  timeoutMs = 15000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
