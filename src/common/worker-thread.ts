import { join } from 'node:path';
import { parentPort, Transferable, Worker } from 'node:worker_threads';

/** Built, a worker is JavaScript; under Jest the sources are TypeScript, which the worker compiles as Jest does. */
const FROM_SOURCES = __filename.endsWith('.ts');
const WORKER_ARGS = FROM_SOURCES ? ['--require', join(__dirname, '../../test/helpers/require-typescript.js')] : [];

interface Job<Request> {
  id: number;
  request: Request;
}

interface Running<Result> {
  worker: Worker;
  pending: Map<number, { resolve: (result: Result) => void; reject: (error: Error) => void }>;
}

interface Done<Result> {
  id: number;
  result?: Result;
  /** What went wrong: the worker's errors do not cross to the main thread as they are. */
  error?: string;
}

export interface WorkerThreadOptions {
  /** The worker's settings, read there from `workerData`. */
  workerData?: unknown;
  /** Stops the worker once it has had nothing to do for this long (its memory goes back); the next request starts it. */
  idleMs?: number;
}

/**
 * A worker thread, started by the first request, for work that would hold the event loop (rendering a feed, writing
 * and sending a mail); several requests may be under way at once, each answered by its id. A worker that died fails
 * what it had, and the next request starts another.
 */
export class WorkerThread<Request, Result> {
  private running?: Running<Result>;
  private next = 0;
  private idle?: NodeJS.Timeout;

  /**
   * `module`: the worker's file without its extension, next to its caller (`join(__dirname, 'x.worker')`), which
   * answers with `serveRequests`; `name` says which worker an error comes from.
   */
  constructor(
    private readonly module: string,
    private readonly name: string,
    private readonly options: WorkerThreadOptions = {},
  ) {}

  request(request: Request): Promise<Result> {
    clearTimeout(this.idle);
    const { worker, pending } = this.running ?? this.start();
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, request } satisfies Job<Request>);
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    const running = this.running;
    this.running = undefined;
    await running?.worker.terminate();
  }

  private start(): Running<Result> {
    const source = `require(${JSON.stringify(`${this.module}${FROM_SOURCES ? '.ts' : '.js'}`)})`;
    const worker = new Worker(source, { eval: true, execArgv: WORKER_ARGS, workerData: this.options.workerData });
    // Work in progress never keeps a stopping process alive.
    worker.unref();
    // Each worker its own requests: one stopped while idle fails nothing of the one started after it.
    const running: Running<Result> = { worker, pending: new Map() };
    const { pending } = running;
    worker.on('message', ({ id, result, error }: Done<Result>) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (error !== undefined) waiting?.reject(new Error(`${this.name} failed: ${error}`));
      else waiting?.resolve(result!);
      if (pending.size === 0 && this.options.idleMs !== undefined && this.running === running) {
        this.idle = setTimeout(() => void this.stop(), this.options.idleMs).unref();
      }
    });
    const stopped = (error: Error) => {
      if (this.running === running) this.running = undefined;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`${this.name} stopped (exit code ${code})`)));
    this.running = running;
    return running;
  }
}

/**
 * The worker's side: answers each request with what `work` makes of it. `transfer` names the memory a result hands
 * over to the main thread instead of copying it.
 */
export function serveRequests<Request, Result>(
  work: (request: Request) => Result | Promise<Result>,
  transfer: (result: Result) => Transferable[] = () => [],
): void {
  parentPort!.on('message', async ({ id, request }: Job<Request>) => {
    try {
      const result = await work(request);
      parentPort!.postMessage({ id, result } satisfies Done<Result>, transfer(result));
    } catch (error) {
      parentPort!.postMessage({
        id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies Done<Result>);
    }
  });
}
