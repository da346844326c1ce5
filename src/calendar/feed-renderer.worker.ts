import { createHash } from 'node:crypto';
import { serveRequests } from '../common/worker-thread';
import { calendarText } from './ics';
import type { RenderRequest, Rendered } from './feed-renderer';

serveRequests(
  ({ entries, options }: RenderRequest): Rendered => {
    const text = calendarText(entries, options);
    // Not from Buffer's shared pool, so that its memory can be handed over to the main thread without a copy.
    const body = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
    body.write(text);
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
  },
  ({ body }) => [body.buffer as ArrayBuffer],
);
