import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BuiltFeed } from './feed-cache';
import type { CalendarEntry, CalendarOptions } from './ics';

export interface RenderRequest {
  id: number;
  entries: CalendarEntry[];
  options: CalendarOptions;
}

export interface Rendered {
  id: number;
  body?: Uint8Array;
  etag?: string;
  error?: string;
}

/** Built, the worker is JavaScript; under Jest the sources are TypeScript, which the worker compiles as Jest does. */
const FROM_SOURCES = __filename.endsWith('.ts');
const WORKER_SOURCE = `require(${JSON.stringify(join(__dirname, `feed-renderer.worker${FROM_SOURCES ? '.ts' : '.js'}`))})`;
const WORKER_ARGS = FROM_SOURCES ? ['--require', join(__dirname, '../../test/helpers/require-typescript.js')] : [];

/**
 * Renders feeds in one small long-lived worker thread, fed plain entries: ical-generator takes 150-180 ms for 1,000
 * events, which on the event loop would hold every other request for as long. It answers the bytes and their ETag.
 */
@Injectable()
export class FeedRenderer implements OnModuleDestroy {
  private worker?: Worker;
  private next = 0;
  private readonly pending = new Map<number, { resolve: (feed: BuiltFeed) => void; reject: (error: Error) => void }>();

  render(entries: CalendarEntry[], options: CalendarOptions): Promise<BuiltFeed> {
    const worker = this.worker ?? this.start();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, entries, options } satisfies RenderRequest);
    });
  }

  async onModuleDestroy(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: WORKER_ARGS });
    // Rendering in progress never keeps a stopping process alive.
    worker.unref();
    worker.on('message', ({ id, body, etag, error }: Rendered) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) waiting?.reject(new Error(`Rendering a feed failed: ${error}`));
      else waiting?.resolve({ body: Buffer.from(body!.buffer, body!.byteOffset, body!.byteLength), etag: etag! });
    });
    // A worker that died takes its renderings with it; the next one starts a new worker.
    const stopped = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`The feed renderer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
