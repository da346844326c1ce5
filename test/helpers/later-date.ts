/**
 * Runs tests as if today were TEST_DATE, to show that none depends on the real date being before some day:
 *   TEST_DATE=2031-07-15T08:00:00Z npx jest --setupFilesAfterEnv ./test/helpers/later-date.ts
 * Date (so luxon, the factories and the in-process app's Clock) starts there and ticks with real time; timers stay
 * real. Server child processes keep the machine's date.
 */
jest.useFakeTimers({
  now: new Date(process.env.TEST_DATE ?? '2031-07-15T08:00:00Z'),
  advanceTimers: true,
  doNotFake: [
    'hrtime',
    'nextTick',
    'performance',
    'queueMicrotask',
    'setImmediate',
    'clearImmediate',
    'setInterval',
    'clearInterval',
    'setTimeout',
    'clearTimeout',
  ],
});
