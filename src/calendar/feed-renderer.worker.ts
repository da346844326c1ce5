import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { calendarText } from './ics';
import type { RenderRequest, Rendered } from './feed-renderer';

parentPort!.on('message', ({ id, entries, options }: RenderRequest) => {
  try {
    const text = calendarText(entries, options);
    // Not from Buffer's shared pool, so that its memory can be handed over to the main thread without a copy.
    const body = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    body.write(text);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    parentPort!.postMessage({ id, body, etag } satisfies Rendered, [body.buffer]);
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).stack ?? String(error) } satisfies Rendered);
  }
});
