import { parentPort, workerData } from 'node:worker_threads';
import { createShardRunner, type ShardRunnerInit, type ShardTask } from './shard-runner';
import type { EstateLayout } from './layout';
import type { EstateTally } from './types';

// Entry of the estate's executors: a worker thread (serveEstateWorker, started by the pool's
// bootstrap) or a child process (this file forked with --estate-process). Each derives its own PKI
// from the seed, then runs shard tasks.

/** A message from an estate worker or process to the pool. */
export type WorkerReply =
  | {
      readonly kind: 'ready';
      /** A child process's CPU seconds (user + system) so far; threads leave it out. */
      readonly cpuSeconds?: number;
    }
  | {
      readonly kind: 'done';
      readonly id: number;
      readonly tally: EstateTally;
      /** A child process's peak RSS so far (threads leave it out: they count in the pool's process). */
      readonly maxRssBytes?: number;
      /** A child process's CPU seconds (user + system) so far. */
      readonly cpuSeconds?: number;
    }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/** The first message a child process receives: what it needs besides the layout. */
export interface ProcessInit {
  readonly seed: string;
  readonly meters: number;
  readonly from: string;
  readonly at: string;
  readonly installs?: ShardRunnerInit['installs'];
}

/** A shard task sent to a child process, with its slice [start, end) of the layout. */
export interface ProcessTask extends ShardTask {
  readonly slice: {
    readonly area: Uint8Array;
    readonly registeredNo: Uint8Array;
    readonly cellNo: Uint8Array;
    readonly supplier: Uint8Array;
  };
}

/** CPU seconds (user + system) this process has used, all its threads included. */
export function cpuSecondsOfThisProcess(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function failed(id: number, err: unknown): WorkerReply {
  return { kind: 'failed', id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

/** Starts serving shard tasks on the parent port (called by the worker bootstrap only). */
export function serveEstateWorker(): void {
  const port = parentPort;
  if (!port) return;
  const run = createShardRunner(workerData as ShardRunnerInit);
  port.on('message', (task: ShardTask) => {
    try {
      port.postMessage({ kind: 'done', id: task.id, tally: run(task) } satisfies WorkerReply);
    } catch (err) {
      port.postMessage(failed(task.id, err));
    }
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}

/**
 * Serves shard tasks over the IPC channel of a forked process: a process-local layout (untouched
 * pages cost no memory) receives each task's slice before the shard runs. Exits when the pool
 * disconnects.
 */
export function serveEstateProcess(): void {
  const send = (reply: WorkerReply) => process.send?.(reply);
  let run: ((task: ShardTask) => EstateTally) | undefined;
  let layout: EstateLayout | undefined;
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ProcessInit | ProcessTask) => {
    if (!('id' in message)) {
      const m = message.meters;
      layout = {
        meters: m,
        area: new Uint8Array(m),
        registeredNo: new Uint8Array(m),
        cellNo: new Uint8Array(m),
        supplier: new Uint8Array(m),
      };
      run = createShardRunner({
        seed: message.seed,
        layout,
        from: message.from,
        at: message.at,
        ...(message.installs ? { installs: message.installs } : {}),
      });
      send({ kind: 'ready', cpuSeconds: cpuSecondsOfThisProcess() });
      return;
    }
    try {
      if (!run || !layout) throw new Error('estate process got a task before its init');
      layout.area.set(message.slice.area, message.start);
      layout.registeredNo.set(message.slice.registeredNo, message.start);
      layout.cellNo.set(message.slice.cellNo, message.start);
      layout.supplier.set(message.slice.supplier, message.start);
      const tally = run(message);
      send({
        kind: 'done',
        id: message.id,
        tally,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        cpuSeconds: cpuSecondsOfThisProcess(),
      });
    } catch (err) {
      send(failed(message.id, err));
    }
  });
}

if (require.main === module && process.argv.includes('--estate-process')) serveEstateProcess();
