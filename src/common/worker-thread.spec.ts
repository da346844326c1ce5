import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EchoRequest } from '../../test/fixtures/workers/echo.worker';
import { WorkerThread, WorkerThreadOptions } from './worker-thread';

const ECHO = join(__dirname, '../../test/fixtures/workers/echo.worker');

describe('WorkerThread', () => {
  let thread: WorkerThread<EchoRequest, { echo: string; threadId: number }>;
  const start = (options?: WorkerThreadOptions) => (thread = new WorkerThread(ECHO, 'The echo', options));

  afterEach(() => thread.stop());

  it('answers each request by its id, several under way at once, from one worker', async () => {
    start();
    const answers = await Promise.all(['a', 'b', 'c'].map((echo) => thread.request({ echo })));
    expect(answers.map(({ echo }) => echo)).toEqual(['a', 'b', 'c']);
    expect(new Set(answers.map(({ threadId }) => threadId)).size).toBe(1);
  });

  it("fails a request with the worker's error, and goes on with the same worker", async () => {
    start();
    const { threadId } = await thread.request({ echo: 'before' });
    await expect(thread.request({ fail: 'no such template' })).rejects.toThrow('The echo failed: no such template');
    await expect(thread.request({ echo: 'after' })).resolves.toEqual({ echo: 'after', threadId });
  });

  it('fails what a worker had when it stops, and starts another for the next request', async () => {
    start();
    const { threadId } = await thread.request({ echo: 'before' });
    await expect(thread.request({ exit: 3 })).rejects.toThrow('The echo stopped (exit code 3)');
    const after = await thread.request({ echo: 'after' });
    expect(after.echo).toBe('after');
    expect(after.threadId).not.toBe(threadId);
  });

  it('stops an idle worker, and the next request starts another', async () => {
    start({ idleMs: 20 });
    const first = await thread.request({ echo: 'one' });
    await sleep(300);
    const second = await thread.request({ echo: 'two' });
    expect(second.threadId).not.toBe(first.threadId);
  });

  it('keeps a worker that is given work before it is idle for long', async () => {
    start({ idleMs: 5000 });
    const first = await thread.request({ echo: 'one' });
    const second = await thread.request({ echo: 'two' });
    expect(second.threadId).toBe(first.threadId);
  });
});
