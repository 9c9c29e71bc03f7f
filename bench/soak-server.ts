/**
 * The server side of the soak and HTTP load benches: the reference served on loopback in its own
 * process (so its memory and CPU are measured alone), as `smets1 serve --policy legacy` serves it:
 * with the command's default limits, in a worker thread under the command's heap bound
 * (harness/serve/heap.ts). It answers `stats` with its memory after a forced GC, `rss` with its
 * RSS, and `cpu` with the process's CPU time so far. SOAK_MAX_HEAP sets the bound in MB (0: the
 * server on the main thread, with node's own limit).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { threadBootstrap } from '../harness/io/thread-entry';
import {
  createReferenceHttpServer,
  SERVE_MAX_HEAP_MB,
  SERVE_MAX_HEAP_RANGE,
  SERVE_PENDING_CAP,
  serveResourceLimits,
} from '../harness/serve';

interface Memory {
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** Starts the server where this code runs; resolves with its URL and a stop function. */
async function startServer(token: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createReferenceHttpServer({
    policy: 'legacy',
    pinned: true,
    token,
    limits: { pendingCap: SERVE_PENDING_CAP },
  });
  const { url } = await server.listen(0);
  return { url, stop: () => server.close(200) };
}

function memoryHere(gc: boolean): Memory {
  if (gc) (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { heapUsed, heapTotal, external, arrayBuffers };
}

/** The server thread's entry (threadBootstrap): serves, and answers memory questions. */
export function runSoakServerThread(): void {
  const port = parentPort!;
  void startServer(workerData as string).then(({ url, stop }) => {
    port.on('message', (m: { type: 'memory'; gc: boolean } | { type: 'stop' }) => {
      if (m.type === 'memory') port.postMessage({ type: 'memory', ...memoryHere(m.gc) });
      else void stop().then(() => port.postMessage({ type: 'stopped' }));
    });
    port.postMessage({ type: 'ready', url });
  });
}

/** The server in a heap-bounded thread of `maxHeapMb` MB. */
function startThread(token: string, maxHeapMb: number) {
  const worker = new Worker(threadBootstrap(__filename, 'soak-server', 'runSoakServerThread'), {
    eval: true,
    workerData: token,
    resourceLimits: serveResourceLimits(maxHeapMb),
  });
  worker.on('error', (err) => {
    process.stderr.write(`soak server thread: ${err.message}\n`);
    process.exit(1);
  });
  const waiting: ((m: Memory) => void)[] = [];
  return new Promise<{ url: string; stop: () => Promise<void>; memory: (gc: boolean) => Promise<Memory> }>(
    (resolve) => {
      let stopped: (() => void) | undefined;
      worker.on('message', (m: { type: string; url?: string } & Memory) => {
        if (m.type === 'memory') waiting.shift()?.(m);
        else if (m.type === 'stopped') stopped?.();
        else if (m.type === 'ready')
          resolve({
            url: m.url!,
            stop: () =>
              new Promise<void>((done) => {
                stopped = done;
                worker.postMessage({ type: 'stop' });
              }),
            memory: (gc) =>
              new Promise<Memory>((done) => {
                waiting.push(done);
                worker.postMessage({ type: 'memory', gc });
              }),
          });
      });
    },
  );
}

async function main(): Promise<void> {
  const token = process.env.SOAK_TOKEN ?? 'soak-token-0123456789';
  const given = process.env.SOAK_MAX_HEAP;
  const { min, max } = SERVE_MAX_HEAP_RANGE;
  const maxHeap = given === undefined ? SERVE_MAX_HEAP_MB : Number(given);
  if (
    given !== undefined &&
    !(/^[0-9]+$/.test(given) && (maxHeap === 0 || (maxHeap >= min && maxHeap <= max)))
  )
    throw new Error(
      `SOAK_MAX_HEAP must be 0 or an integer of MB from ${min} to ${max}, got ${JSON.stringify(given)}`,
    );
  const threaded = maxHeap > 0 ? await startThread(token, maxHeap) : undefined;
  const served = threaded ?? (await startServer(token));
  const memory = (gc: boolean): Promise<Memory> =>
    threaded ? threaded.memory(gc) : Promise.resolve(memoryHere(gc));
  process.send?.({ type: 'ready', url: served.url });
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stats' || m.type === 'rss') {
      // `rss`: no forced GC, what the server holds while it works
      void memory(m.type === 'stats').then(({ heapUsed, heapTotal, external, arrayBuffers }) =>
        process.send?.({
          type: m.type,
          rss: process.memoryUsage().rss,
          heapUsed,
          heapTotal,
          external,
          arrayBuffers,
        }),
      );
    } else if (m.type === 'cpu') {
      // the whole process: the server's thread and this one
      const cpu = process.cpuUsage();
      process.send?.({
        type: 'cpu',
        rss: process.memoryUsage().rss,
        cpuUs: cpu.user + cpu.system,
        systemUs: cpu.system,
      });
    }
  });
  process.on('disconnect', () => void served.stop().then(() => process.exit(0)));
}

if (isMainThread)
  void main().catch((err: unknown) => {
    process.stderr.write(`soak server: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
