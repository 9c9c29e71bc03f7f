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
}

/** Estate throughput on 1 and 2 workers, child processes and worker threads, one estate and policy. */
export interface EstateScaling {
  readonly meters: number;
  readonly policy: string;
  readonly processes1: EstateSample;
  readonly processes2: EstateSample;
  readonly threads1: EstateSample;
  readonly threads2: EstateSample;
}

/**
 * Runs the same corrective-policy estate on 1 and 2 workers, as child processes and as worker
 * threads, each in a fresh `smets1 estate` process (as a user runs it, so the bench's own heap does
 * not weigh on the scheduler). Runners alternate so a change of load hits both alike.
 */
export async function measureEstateScaling(root: string, meters: number): Promise<EstateScaling> {
  const sample = async (runner: EstateRunner, workers: number): Promise<EstateSample> => {
    const run = await runEstateProcess(root, meters, workers, 'corrective', runner);
    const r = run.results[0]!;
    return {
      runner,
      workers,
      requestsPerSecond: r.requestsPerSecond,
      requestsPerCpuSecond: r.requestsPerCpuSecond,
      load: loadavg()[0]!,
    };
  };
  const processes1 = await sample('processes', 1);
  const threads1 = await sample('threads', 1);
  const processes2 = await sample('processes', 2);
  const threads2 = await sample('threads', 2);
  return { meters, policy: 'corrective', processes1, processes2, threads1, threads2 };
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
