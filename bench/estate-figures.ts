import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { EstateRun, EstateRunner } from '../harness/estate';

/** One estate run as the bench reads it: wall-clock and CPU throughput, and the load meanwhile. */
export interface EstateSample {
  readonly runner: EstateRunner;
  readonly workers: number;
  readonly requestsPerSecond: number;
  readonly requestsPerCpuSecond: number;
  /** One-minute load average when the run ended (the machine may be shared). */
  readonly load: number;
  /** Seconds of the untimed warm-up before the policy (0 for a cold run). */
  readonly warmupSeconds: number;
}

/**
 * Meters each worker runs untimed before a scaling run (about 4,000 requests, under a second):
 * the figures are then those of compiled code, the rate a long campaign runs at. A fresh process
 * starts interpreted, and over a 400,000-meter run that start cost about 5% of the rate.
 */
export const ESTATE_WARMUP_METERS = 20_000;

/** Estate throughput on 1 and 2 workers, child processes and worker threads, one estate and policy. */
export interface EstateScaling {
  readonly meters: number;
  readonly policy: string;
  readonly processes1: EstateSample;
  readonly processes2: EstateSample;
  readonly threads1: EstateSample;
  readonly threads2: EstateSample;
  /** One process without the warm-up: what a short run sees. */
  readonly processes1Cold: EstateSample;
  /** Every 1- and 2-process run's wall-clock rate, in round order (the figures are their medians). */
  readonly rounds: { readonly one: readonly number[]; readonly two: readonly number[] };
  /** openssl verify/s measured just before each 1-process run, in round order. */
  readonly opensslVerify: readonly number[];
  /** Each round's 1-process rate over the openssl verify rate measured just before it. */
  readonly ratios: readonly number[];
}

/** Rounds of the 1- and 2-process runs (alternating); their figures are the medians. */
export const ESTATE_ROUNDS = 3;

/** The sample with the median wall-clock rate (`samples` has an odd length). */
function medianSample(samples: readonly EstateSample[]): EstateSample {
  const sorted = [...samples].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[sorted.length >> 1]!;
}

/**
 * Runs the same corrective-policy estate on 1 and 2 workers, as child processes and as worker
 * threads, each in a fresh `smets1 estate` process (as a user runs it, so the bench's own heap does
 * not weigh on the scheduler) after an untimed warm-up of ESTATE_WARMUP_METERS per worker, and
 * once on one process without it. The process runs go in ESTATE_ROUNDS rounds of openssl verify,
 * 1 process, 2 processes, and each figure is its median, so a change of load or clock hits a
 * figure and its baseline alike and one slow run does not decide a figure.
 */
export async function measureEstateScaling(
  root: string,
  meters: number,
  opensslVerify: () => Promise<number>,
): Promise<EstateScaling> {
  const sample = async (runner: EstateRunner, workers: number, warmup: number): Promise<EstateSample> => {
    const run = await runEstateProcess(root, meters, workers, 'corrective', runner, warmup);
    const r = run.results[0]!;
    return {
      runner,
      workers,
      requestsPerSecond: r.requestsPerSecond,
      requestsPerCpuSecond: r.requestsPerCpuSecond,
      load: loadavg()[0]!,
      warmupSeconds: run.timings.warmupSeconds,
    };
  };
  const ones: EstateSample[] = [];
  const twos: EstateSample[] = [];
  const verifies: number[] = [];
  for (let round = 0; round < ESTATE_ROUNDS; round++) {
    verifies.push(await opensslVerify());
    ones.push(await sample('processes', 1, ESTATE_WARMUP_METERS));
    twos.push(await sample('processes', 2, ESTATE_WARMUP_METERS));
  }
  const processes1 = medianSample(ones);
  const processes2 = medianSample(twos);
  const threads1 = await sample('threads', 1, ESTATE_WARMUP_METERS);
  const threads2 = await sample('threads', 2, ESTATE_WARMUP_METERS);
  const processes1Cold = await sample('processes', 1, 0);
  return {
    meters,
    policy: 'corrective',
    processes1,
    processes2,
    threads1,
    threads2,
    processes1Cold,
    rounds: { one: ones.map((s) => s.requestsPerSecond), two: twos.map((s) => s.requestsPerSecond) },
    opensslVerify: verifies,
    ratios: ones.map((s, i) => s.requestsPerSecond / verifies[i]!),
  };
}

/**
 * Runs `smets1 estate --meters N --policy P --json` in a child process so its peak RSS is the
 * estate's alone, and returns the parsed run.
 */
export function runEstateProcess(
  root: string,
  meters: number,
  workers: number,
  policy = 'all',
  runner: EstateRunner = 'processes',
  warmup = 0,
): Promise<EstateRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        join(root, 'bin/smets1.js'),
        'estate',
        '--meters',
        String(meters),
        '--policy',
        policy,
        '--seed',
        'bench',
        '--workers',
        String(workers),
        '--runner',
        runner,
        '--warmup',
        String(warmup),
        '--json',
      ],
      { cwd: root, maxBuffer: 16 << 20, env: { ...process.env, CI: '1' } },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`estate child failed: ${err.message} ${stderr.slice(0, 500)}`));
        try {
          resolve(JSON.parse(stdout) as EstateRun);
        } catch (cause) {
          reject(new Error('estate child printed no JSON', { cause }));
        }
      },
    );
  });
}
