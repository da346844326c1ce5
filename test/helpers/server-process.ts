import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { waitUntil } from './wait';

/** The compiled server, as `npm start` runs it (`npm test` builds it first). */
const MAIN = join(__dirname, '..', '..', 'dist', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Servers started by the test under way and still running. */
const running = new Set<ChildProcess>();

// Whatever a test asserts, no server it started outlives it: a failed expect skips the test's own stop().
afterEach(async () => {
  const left = [...running].map((child) => once(child, 'exit'));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(left);
});

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** Runs `node dist/main.js` in `cwd` with exactly `env` (plus PATH) and waits until it listens or exits. */
export async function startServerProcess(cwd: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, [MAIN], { cwd, env: { PATH: process.env.PATH, PORT: port, ...env } });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      alive = false;
      running.delete(child);
      resolve(code);
    }),
  );
  await waitUntil(
    () => out.includes('is listening on') || !alive,
    () => 'the server did not start in time',
    60000,
    50,
  );
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (alive) child.kill(signal);
      return exited;
    },
  };
}
