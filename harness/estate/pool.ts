import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { threadBootstrap } from '../io/thread-entry';
import { EstateError } from './errors';
import { createShardRunner, type ShardRunnerInit, type ShardTask } from './shard-runner';
import type { EstateTally } from './types';
import type { ProcessInit, ProcessTask, WorkerReply } from './worker';

/** Runs shard tasks somewhere: on worker threads, in child processes, or in the calling thread. */
export interface ShardExecutor {
  readonly size: number;
  run(task: ShardTask): Promise<EstateTally>;
  /** Sum of the peak RSS the child processes reported (0 for threads: they count in this process). */
  childPeakRssBytes(): number;
  /** Sum of the CPU seconds the child processes last reported (0 for threads: they count in this process). */
  childCpuSeconds(): number;
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
    childPeakRssBytes: () => 0,
    childCpuSeconds: () => 0,
    close: async () => undefined,
  };
}

/** One started executor (a worker thread or a child process) as the pool drives it. */
interface Channel {
  post(task: ShardTask): void;
  terminate(): Promise<void>;
}

interface Slot {
  readonly channel: Channel;
  readonly pending: Map<number, { resolve: (t: EstateTally) => void; reject: (e: Error) => void }>;
  peakRss: number;
  cpuSeconds: number;
}

type Start = (
  onReply: (slot: Slot, reply: WorkerReply) => void,
  onFailure: (slot: Slot, err: Error) => void,
) => Promise<Slot>;

/** Tasks kept in flight per worker, so a worker never idles between two tasks. */
const IN_FLIGHT = 2;

/** Whether this module runs from TypeScript sources (through tsx) rather than compiled JavaScript. */
const FROM_SOURCE = __filename.endsWith('.ts');

/**
 * The code a worker thread evaluates: the compiled worker.js next to this module when running
 * compiled (an installed package), or worker.ts through tsx when running from the TypeScript sources
 * (tests, development), where tsx is a devDependency.
 */
export function bootstrapCode(moduleFile: string = __filename): string {
  return threadBootstrap(moduleFile, 'worker', 'serveEstateWorker');
}

/** Wires the start-up and failure events shared by threads and processes. */
function watch(
  emitter: Worker | ChildProcess,
  slot: Slot,
  what: string,
  ready: () => boolean,
  reject: (e: Error) => void,
  onFailure: (slot: Slot, err: Error) => void,
): void {
  emitter.on('error', (err: Error) =>
    ready()
      ? onFailure(slot, err)
      : reject(
          new EstateError('ERR_ESTATE_WORKER', `estate ${what} failed to start: ${err.message}`, {
            cause: err,
          }),
        ),
  );
  emitter.on('exit', (code: number | null) => {
    if (!ready())
      reject(
        new EstateError('ERR_ESTATE_WORKER', `estate ${what} exited with code ${code} before it was ready`),
      );
    else if (slot.pending.size > 0) onFailure(slot, new Error(`estate ${what} exited with code ${code}`));
  });
}

function startThread(init: ShardRunnerInit): Start {
  return (onReply, onFailure) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(bootstrapCode(), { eval: true, workerData: init });
      const channel: Channel = {
        post: (task) => worker.postMessage(task),
        terminate: async () => {
          await worker.terminate();
        },
      };
      const slot: Slot = { channel, pending: new Map(), peakRss: 0, cpuSeconds: 0 };
      let ready = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          ready = true;
          resolve(slot);
        } else onReply(slot, reply);
      });
      watch(worker, slot, 'worker', () => ready, reject, onFailure);
    });
}

function startProcess(init: ShardRunnerInit): Start {
  const processInit: ProcessInit = {
    seed: init.seed,
    meters: init.layout.meters,
    from: init.from,
    at: init.at,
    ...(init.installs ? { installs: init.installs } : {}),
  };
  return (onReply, onFailure) =>
    new Promise((resolve, reject) => {
      const entry = join(__dirname, FROM_SOURCE ? 'worker.ts' : 'worker.js');
      const child = fork(entry, ['--estate-process'], {
        // Each process is meant to own a core: V8's helper threads (concurrent GC and compilers)
        // would only compete with the other processes' main threads (docs/performance.md).
        execArgv: ['--single-threaded', ...(FROM_SOURCE ? ['-r', require.resolve('tsx/cjs')] : [])],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      const layout = init.layout;
      const channel: Channel = {
        post: (task) => {
          // The layout lives on SharedArrayBuffers in this process only: each task carries its slice.
          const slice = (a: Uint8Array) => a.slice(task.start, task.end);
          const message: ProcessTask = {
            ...task,
            slice: {
              area: slice(layout.area),
              registeredNo: slice(layout.registeredNo),
              cellNo: slice(layout.cellNo),
              supplier: slice(layout.supplier),
            },
          };
          child.send(message);
        },
        terminate: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      };
      const slot: Slot = { channel, pending: new Map(), peakRss: 0, cpuSeconds: 0 };
      let ready = false;
      child.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          slot.cpuSeconds = reply.cpuSeconds ?? 0;
          ready = true;
          resolve(slot);
        } else onReply(slot, reply);
      });
      watch(child, slot, 'process', () => ready, reject, onFailure);
      child.send(processInit);
    });
}

async function createPool(size: number, start: Start): Promise<ShardExecutor> {
  const queue: { task: ShardTask; resolve: (t: EstateTally) => void; reject: (e: Error) => void }[] = [];
  let slots: Slot[] = [];
  const all: Slot[] = [];
  const pump = () => {
    for (const slot of slots) {
      while (slot.pending.size < IN_FLIGHT && queue.length > 0) {
        const job = queue.shift()!;
        slot.pending.set(job.task.id, job);
        slot.channel.post(job.task);
      }
    }
  };
  const onReply = (slot: Slot, reply: WorkerReply) => {
    if (reply.kind === 'ready') return;
    const job = slot.pending.get(reply.id);
    slot.pending.delete(reply.id);
    if (reply.kind === 'done') {
      if (reply.maxRssBytes !== undefined) slot.peakRss = Math.max(slot.peakRss, reply.maxRssBytes);
      if (reply.cpuSeconds !== undefined) slot.cpuSeconds = Math.max(slot.cpuSeconds, reply.cpuSeconds);
      job?.resolve(reply.tally);
    } else job?.reject(new EstateError('ERR_ESTATE_WORKER', `shard ${reply.id} failed: ${reply.message}`));
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
  const started = await Promise.allSettled(Array.from({ length: size }, () => start(onReply, onFailure)));
  slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  all.push(...slots);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(slots.map((s) => s.channel.terminate()));
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
    childPeakRssBytes: () => all.reduce((a, s) => a + s.peakRss, 0),
    childCpuSeconds: () => all.reduce((a, s) => a + s.cpuSeconds, 0),
    close: async () => {
      const open = slots;
      slots = [];
      await Promise.all(open.map((s) => s.channel.terminate()));
    },
  };
}

/**
 * Starts `size` worker threads; each derives the PKI from the seed and caches its KeyObjects, then
 * takes shard tasks as they come (a few in flight each). Resolves once every worker is ready.
 */
export function createWorkerPool(init: ShardRunnerInit, size: number): Promise<ShardExecutor> {
  return createPool(size, startThread(init));
}

/**
 * Starts `size` child processes (one V8 and one OpenSSL each); each derives the PKI from the seed,
 * then takes shard tasks carrying their slice of the layout. Resolves once every process is ready.
 */
export function createProcessPool(init: ShardRunnerInit, size: number): Promise<ShardExecutor> {
  return createPool(size, startProcess(init));
}
