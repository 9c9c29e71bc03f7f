import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EstateError } from './errors';
import { createShardRunner, type ShardRunnerInit, type ShardTask } from './shard-runner';
import type { EstateTally } from './types';
import type { WorkerReply } from './worker';

/** Runs shard tasks somewhere: on worker threads or in the calling thread. */
export interface ShardExecutor {
  readonly size: number;
  run(task: ShardTask): Promise<EstateTally>;
  close(): Promise<void>;
}

/** Runs every task in the calling thread (workers = 0; tests and profiling). */
export function createInlineExecutor(init: ShardRunnerInit): ShardExecutor {
  const run = createShardRunner(init);
  return {
    size: 0,
    run: async (task) => {
      // Yield between shards so progress callbacks and timers get a turn.
      await new Promise((resolve) => setImmediate(resolve));
      return run(task);
    },
    close: async () => undefined,
  };
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (t: EstateTally) => void; reject: (e: Error) => void }>;
}

/** Tasks kept in flight per worker, so a worker never idles between two tasks. */
const IN_FLIGHT = 2;

function bootstrapCode(): string {
  // Workers run the TypeScript sources through tsx, like bin/smets1.js does.
  const tsx = require.resolve('tsx/cjs');
  const entry = join(__dirname, 'worker.ts');
  return `require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)}).serveEstateWorker();`;
}

function startWorker(
  init: ShardRunnerInit,
  onReply: (slot: Slot, reply: WorkerReply) => void,
  onFailure: (slot: Slot, err: Error) => void,
): Promise<Slot> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrapCode(), { eval: true, workerData: init });
    const slot: Slot = { worker, pending: new Map() };
    let ready = false;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        ready = true;
        resolve(slot);
      } else onReply(slot, reply);
    });
    worker.on('error', (err) =>
      ready
        ? onFailure(slot, err)
        : reject(
            new EstateError('ERR_ESTATE_WORKER', `estate worker failed to start: ${err.message}`, {
              cause: err,
            }),
          ),
    );
    worker.on('exit', (code) => {
      if (!ready)
        reject(
          new EstateError('ERR_ESTATE_WORKER', `estate worker exited with code ${code} before it was ready`),
        );
      else if (slot.pending.size > 0) onFailure(slot, new Error(`estate worker exited with code ${code}`));
    });
  });
}

/**
 * Starts `size` worker threads; each derives the PKI from the seed and caches its KeyObjects, then
 * takes shard tasks as they come (a few in flight each). Resolves once every worker is ready.
 */
export async function createWorkerPool(init: ShardRunnerInit, size: number): Promise<ShardExecutor> {
  const queue: { task: ShardTask; resolve: (t: EstateTally) => void; reject: (e: Error) => void }[] = [];
  let slots: Slot[] = [];
  const pump = () => {
    for (const slot of slots) {
      while (slot.pending.size < IN_FLIGHT && queue.length > 0) {
        const job = queue.shift()!;
        slot.pending.set(job.task.id, job);
        slot.worker.postMessage(job.task);
      }
    }
  };
  const onReply = (slot: Slot, reply: WorkerReply) => {
    if (reply.kind === 'ready') return;
    const job = slot.pending.get(reply.id);
    slot.pending.delete(reply.id);
    if (job && reply.kind === 'done') job.resolve(reply.tally);
    else if (job && reply.kind === 'failed')
      job.reject(new EstateError('ERR_ESTATE_WORKER', `shard ${reply.id} failed: ${reply.message}`));
    pump();
  };
  const onFailure = (slot: Slot, err: Error) => {
    for (const job of slot.pending.values())
      job.reject(new EstateError('ERR_ESTATE_WORKER', err.message, { cause: err }));
    slot.pending.clear();
    slots = slots.filter((s) => s !== slot);
    if (slots.length === 0)
      for (const job of queue.splice(0))
        job.reject(new EstateError('ERR_ESTATE_WORKER', 'no estate worker left'));
  };
  const started = await Promise.allSettled(
    Array.from({ length: size }, () => startWorker(init, onReply, onFailure)),
  );
  slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw failed.reason;
  }
  return {
    size,
    run: (task) =>
      new Promise((resolve, reject) => {
        if (slots.length === 0)
          return reject(new EstateError('ERR_ESTATE_WORKER', 'the estate pool is closed'));
        queue.push({ task, resolve, reject });
        pump();
      }),
    close: async () => {
      const all = slots;
      slots = [];
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
