import { isCodedError } from '../../certs';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { serveResourceLimits } from '../serve/heap';
import { threadBootstrap } from '../io/thread-entry';
import { CliError, type CliErrorCode, type CliIo } from './io';
import type { ServeOptions } from './commands/serve';

/**
 * `smets1 serve` runs its server in a worker thread whose JavaScript heap is bounded
 * (`--max-heap`; why: harness/serve/heap.ts). The thread shares the process: a signal or a kill
 * ends both, and nothing is left behind.
 */

/** The thread's memory as it sees it (its own heap; RSS is the whole process's). */
export interface ThreadMemory {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** A server running in its own thread. */
export interface ServeThread {
  readonly url: string;
  readonly token: string;
  /** Stops the server (its connections closed, the audit file closed) and ends the thread. */
  stop(): Promise<void>;
  /**
   * Settles when the thread ends: resolves after `stop`, rejects with ERR_CLI_SERVE_HEAP when it
   * ran out of its heap, or with the thread's own error.
   */
  readonly ended: Promise<void>;
  /** The thread's memory, after a full collection when `gc` and the process runs with --expose-gc. */
  memory(gc: boolean): Promise<ThreadMemory>;
}

/** Messages from the server thread. */
type FromThread =
  | { readonly type: 'out' | 'err'; readonly text: string }
  | { readonly type: 'ready'; readonly url: string; readonly token: string }
  | { readonly type: 'failed'; readonly code?: string; readonly message: string; readonly exitCode?: number }
  | { readonly type: 'stopped' }
  | ({ readonly type: 'memory' } & ThreadMemory);

/** Messages to the server thread. */
type ToThread = { readonly type: 'stop' } | { readonly type: 'memory'; readonly gc: boolean };

/** What the thread starts from (structured-cloned: plain data only). */
interface ThreadInit {
  readonly opts: ServeOptions;
  readonly cwd: string;
}

function heapError(maxHeapMb: number, cause: unknown): CliError {
  return new CliError(
    'ERR_CLI_SERVE_HEAP',
    `the server ran out of its ${maxHeapMb} MB heap (--max-heap); start it with a larger --max-heap`,
    1,
    { cause },
  );
}

/**
 * Starts `startServe(io, opts)` in a worker thread of at most `maxHeapMb` MB of old-generation
 * heap. Its stdout and stderr lines reach `io`; a refusal to start (a bad option, a port in use)
 * rejects with the same coded error, and exit code, as on the main thread.
 */
export function startServeThread(io: CliIo, opts: ServeOptions, maxHeapMb: number): Promise<ServeThread> {
  const init: ThreadInit = { opts, cwd: io.cwd };
  const worker = new Worker(threadBootstrap(__filename, 'commands/serve', 'runServeThread'), {
    eval: true,
    workerData: init,
    resourceLimits: serveResourceLimits(maxHeapMb),
  });
  let onStopped: (() => void) | undefined;
  const memoryWaiters: { done: (m: ThreadMemory) => void; fail: (e: Error) => void }[] = [];
  let settled = false;
  const ended = new Promise<void>((resolve, reject) => {
    worker.on('error', (err: Error & { code?: string }) => {
      settled = true;
      reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? heapError(maxHeapMb, err) : err);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      settled = true;
      if (code === 0 || onStopped) resolve();
      else reject(new Error(`the server thread exited with code ${code}`));
    });
  });
  // `ended` is awaited by whoever holds the thread; before it is ready, a failure rejects the start;
  // questions still unanswered when the thread ends fail
  const gone = (): void => {
    for (const w of memoryWaiters.splice(0)) w.fail(new Error('the server thread has ended'));
  };
  ended.then(gone, gone);
  return new Promise<ServeThread>((resolve, reject) => {
    let ready = false;
    ended.then(
      () => {
        if (!ready) reject(new Error('the server thread ended before it listened'));
      },
      (err: Error) => {
        if (!ready) reject(err);
      },
    );
    worker.on('message', (m: FromThread) => {
      if (m.type === 'out') io.stdout(m.text);
      else if (m.type === 'err') io.stderr(m.text);
      else if (m.type === 'memory') memoryWaiters.shift()?.done(m);
      else if (m.type === 'stopped') onStopped?.();
      else if (m.type === 'failed') {
        settled = true;
        reject(
          m.code === undefined
            ? new Error(m.message)
            : new CliError(m.code as CliErrorCode, m.message, m.exitCode ?? 2),
        );
        void worker.terminate();
      } else if (m.type === 'ready') {
        ready = true;
        const post = (msg: ToThread): void => worker.postMessage(msg);
        resolve({
          url: m.url,
          token: m.token,
          ended,
          stop: () =>
            new Promise<void>((done) => {
              ended.then(done, done);
              if (settled) return;
              onStopped = () => void worker.terminate().then(() => done());
              post({ type: 'stop' });
            }),
          memory: (gc) =>
            new Promise<ThreadMemory>((done, fail) => {
              if (settled) return fail(new Error('the server thread has ended'));
              memoryWaiters.push({ done, fail });
              post({ type: 'memory', gc });
            }),
        });
      }
    });
  });
}

/** What `start` resolves with: the server's URL and token, and how to stop it. */
export interface StartedServer {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

/**
 * The thread's side: starts the server with `start` (the serve command's startServe) and answers
 * the main thread; the thread's entry (commands/serve.ts runServeThread).
 */
export function serveFromThread(start: (io: CliIo, opts: ServeOptions) => Promise<StartedServer>): void {
  const port = parentPort;
  if (!port) throw new Error('runServeThread runs in a worker thread');
  const init = workerData as ThreadInit;
  const send = (m: FromThread): void => port.postMessage(m);
  const io: CliIo = {
    stdout: (text) => send({ type: 'out', text }),
    stderr: (text) => send({ type: 'err', text }),
    cwd: init.cwd,
    quiet: true,
  };
  start(io, init.opts).then(
    (started) => {
      const { url, token } = started;
      port.on('message', (m: ToThread) => {
        if (m.type === 'stop') {
          void started.stop().finally(() => send({ type: 'stopped' }));
        } else if (m.type === 'memory') {
          if (m.gc) (globalThis as { gc?: () => void }).gc?.();
          const mem = process.memoryUsage();
          send({
            type: 'memory',
            rss: mem.rss,
            heapUsed: mem.heapUsed,
            heapTotal: mem.heapTotal,
            external: mem.external,
            arrayBuffers: mem.arrayBuffers,
          });
        }
      });
      send({ type: 'ready', url, token });
    },
    (err: unknown) =>
      send(
        isCodedError(err)
          ? {
              type: 'failed',
              code: err.code,
              message: err.message,
              exitCode: err instanceof CliError ? err.exitCode : 2,
            }
          : { type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) },
      ),
  );
}
