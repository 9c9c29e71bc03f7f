import { parentPort, workerData } from 'node:worker_threads';
import { createShardRunner, type ShardRunnerInit, type ShardTask } from './shard-runner';
import type { EstateTally } from './types';

// Worker-thread entry of the estate pool: derives its own PKI from the seed, then runs shard tasks.

/** A message from an estate worker to the pool. */
export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly id: number; readonly tally: EstateTally }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/** Starts serving shard tasks on the parent port (called by the worker bootstrap only). */
export function serveEstateWorker(): void {
  const port = parentPort;
  if (!port) return;
  const run = createShardRunner(workerData as ShardRunnerInit);
  port.on('message', (task: ShardTask) => {
    try {
      port.postMessage({ kind: 'done', id: task.id, tally: run(task) } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({
        kind: 'failed',
        id: task.id,
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WorkerReply);
    }
  });
  port.postMessage({ kind: 'ready' } satisfies WorkerReply);
}
