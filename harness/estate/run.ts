import { availableParallelism } from 'node:os';
import { REFERENCE_EPOCH } from '../../simulator';
import { addTallies, EMPTY_TALLY } from './campaign';
import { EstateError } from './errors';
import { buildEstateLayout, installRange } from './layout';
import { createInlineExecutor, createProcessPool, createWorkerPool } from './pool';
import type { ShardTask } from './shard-runner';
import { cpuSecondsOfThisProcess } from './worker';
import type { EstateOptions, EstatePolicyResult, EstateRun, EstateRunner, EstateTally } from './types';

/** Default request time of the campaign (inside the estate PKI's validity). */
export const ESTATE_DEFAULT_AT = new Date('2024-06-01T12:00:00Z');
/** Default misplacement rate. */
export const ESTATE_DEFAULT_RATE = 0.1;
/** Default seed. */
export const ESTATE_DEFAULT_SEED = 'smets1-estate';
/** Default runner (see docs/performance.md: the one that scales with cores). */
export const ESTATE_DEFAULT_RUNNER: EstateRunner = 'processes';

function checkOptions(o: EstateOptions): void {
  if (!Number.isInteger(o.meters) || o.meters < 1)
    throw new EstateError('ERR_ESTATE_OPTIONS', `meters must be a positive integer, got ${o.meters}`);
  const rate = o.misplacedRate ?? ESTATE_DEFAULT_RATE;
  if (!(rate >= 0 && rate <= 1))
    throw new EstateError('ERR_ESTATE_OPTIONS', `misplaced rate must be in [0, 1], got ${rate}`);
  if (o.workers !== undefined && (!Number.isInteger(o.workers) || o.workers < 0 || o.workers > 256)) {
    throw new EstateError('ERR_ESTATE_OPTIONS', `workers must be an integer in [0, 256], got ${o.workers}`);
  }
  if (o.shardSize !== undefined && (!Number.isInteger(o.shardSize) || o.shardSize < 1)) {
    throw new EstateError('ERR_ESTATE_OPTIONS', `shard size must be a positive integer, got ${o.shardSize}`);
  }
  if (o.runner !== undefined && o.runner !== 'threads' && o.runner !== 'processes')
    throw new EstateError(
      'ERR_ESTATE_OPTIONS',
      `runner must be threads or processes, got ${String(o.runner)}`,
    );
  if (
    o.installs !== undefined &&
    (!Number.isInteger(o.installs) || o.installs < 0 || o.installs > 20_000_000)
  )
    throw new EstateError(
      'ERR_ESTATE_OPTIONS',
      `installs must be an integer in [0, 20000000], got ${o.installs}`,
    );
  if (o.warmup !== undefined && (!Number.isInteger(o.warmup) || o.warmup < 0 || o.warmup > 20_000_000))
    throw new EstateError(
      'ERR_ESTATE_OPTIONS',
      `warm-up must be an integer number of meters in [0, 20000000], got ${o.warmup}`,
    );
  if (o.policies.length === 0) throw new EstateError('ERR_ESTATE_OPTIONS', 'no policy to run');
}

function shardTasks(
  meters: number,
  shardSize: number,
  policyIndex: number,
  policy: EstateOptions['policies'][number],
  installs: number,
): ShardTask[] {
  const tasks: ShardTask[] = [];
  const count = Math.ceil(meters / shardSize);
  for (let start = 0, k = 0; start < meters; start += shardSize, k++) {
    const range = installRange(installs, k, count);
    tasks.push({
      id: policyIndex * 1_000_000 + k,
      policy,
      start,
      end: Math.min(meters, start + shardSize),
      ...(installs > 0 ? { installStart: range.start, installEnd: range.end } : {}),
    });
  }
  return tasks;
}

/**
 * The warm-up: `warmup` meters for each of `workers` under the first policy, as shards taken from
 * the start of the estate again and again (ids below any policy's, results dropped). The pool
 * hands each worker the next task when it is free, so every worker runs its share.
 */
function warmupTasks(options: EstateOptions, shardSize: number, workers: number): ShardTask[] {
  const tasks: ShardTask[] = [];
  const policy = options.policies[0]!;
  let left = options.warmup! * workers;
  for (let k = 0; left > 0; k++) {
    const start = (k * shardSize) % options.meters;
    const end = Math.min(options.meters, start + shardSize, start + left);
    tasks.push({ id: -1 - k, policy, start, end });
    left -= end - start;
  }
  return tasks;
}

function toResult(
  policy: string,
  t: EstateTally,
  seconds: number,
  cpuSeconds: number,
  installs: number,
): EstatePolicyResult {
  const sorted = (r: Readonly<Record<string, number>>) =>
    Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    policy,
    meters: t.meters,
    misplaced: t.misplaced,
    repaired: t.repaired,
    stuck: t.stuck,
    requests: t.requests,
    refusals: sorted(t.refusals),
    accepted: t.accepted,
    waivers: sorted(t.waivers),
    seconds,
    requestsPerSecond: seconds > 0 ? t.requests / seconds : 0,
    cpuSeconds,
    requestsPerCpuSecond: cpuSeconds > 0 ? t.requests / cpuSeconds : 0,
    ...(installs > 0
      ? {
          installs: {
            meters: t.installs,
            misplaced: t.installsMisplaced,
            retries: t.installRetries,
            failed: t.installsFailed,
            misplacedBefore: t.misplaced,
            misplacedAfter: t.stuck + t.installsMisplaced,
          },
        }
      : {}),
  };
}

const secondsSince = (t: number) => (performance.now() - t) / 1000;

/**
 * Simulates the estate and runs each policy's correction campaign over it, on worker threads or
 * child processes (or in this thread with `workers: 0`), through the reference DCC with real GBCS, signatures and
 * verification. Policies run one after another, each over every shard. @see docs/performance.md
 */
export async function runEstate(options: EstateOptions): Promise<EstateRun> {
  checkOptions(options);
  const t0 = performance.now();
  const seed = options.seed ?? ESTATE_DEFAULT_SEED;
  const misplacedRate = options.misplacedRate ?? ESTATE_DEFAULT_RATE;
  const workers = options.workers ?? availableParallelism();
  const shardSize = options.shardSize ?? 2048;
  const layout = buildEstateLayout({ meters: options.meters, misplacedRate, seed });
  const layoutSeconds = secondsSince(t0);
  const t1 = performance.now();
  const installs = options.installs ?? 0;
  const init = {
    seed,
    layout,
    from: REFERENCE_EPOCH.toISOString(),
    at: (options.at ?? ESTATE_DEFAULT_AT).toISOString(),
    ...(installs > 0 ? { installs: { count: installs, misplacedRate } } : {}),
  };
  const runner = options.runner ?? ESTATE_DEFAULT_RUNNER;
  const executor =
    workers === 0
      ? createInlineExecutor(init)
      : runner === 'processes'
        ? await createProcessPool(init, workers)
        : await createWorkerPool(init, workers);
  const setupSeconds = secondsSince(t1);
  const results: EstatePolicyResult[] = [];
  let warmupSeconds = 0;
  try {
    if (options.warmup) {
      const t2 = performance.now();
      await Promise.all(
        warmupTasks(options, shardSize, Math.max(1, executor.size)).map((t) => executor.run(t)),
      );
      warmupSeconds = secondsSince(t2);
    }
    for (const [index, policy] of options.policies.entries()) {
      const start = performance.now();
      const cpuStart = cpuSecondsOfThisProcess() + executor.childCpuSeconds();
      let total = EMPTY_TALLY;
      const report = () =>
        options.onProgress?.({
          policy: policy.name,
          policyIndex: index,
          policies: options.policies.length,
          done: total.meters,
          total: options.meters,
        });
      report();
      await Promise.all(
        shardTasks(options.meters, shardSize, index, policy, installs).map(async (task) => {
          const tally = await executor.run(task);
          total = addTallies(total, tally);
          report();
        }),
      );
      const cpu = cpuSecondsOfThisProcess() + executor.childCpuSeconds() - cpuStart;
      results.push(toResult(policy.name, total, secondsSince(start), cpu, installs));
    }
  } finally {
    await executor.close();
  }
  const peakRssBytes = process.resourceUsage().maxRSS * 1024 + executor.childPeakRssBytes();
  return {
    seed,
    misplacedRate,
    ...(installs > 0 ? { installs } : {}),
    results,
    timings: {
      workers,
      runner,
      layoutSeconds,
      setupSeconds,
      warmupSeconds,
      totalSeconds: secondsSince(t0),
      peakRssBytes,
    },
  };
}
