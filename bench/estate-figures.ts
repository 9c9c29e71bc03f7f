import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { EstateRun } from '../harness/estate';

/** Estate throughput with 1 and 2 workers on the same estate under one policy. */
export interface EstateScaling {
  readonly meters: number;
  readonly policy: string;
  readonly oneWorker: number;
  readonly twoWorkers: number;
  readonly scaling: number;
}

/**
 * Runs the same corrective-policy estate with 1 then 2 worker threads, each in a fresh child process
 * (`smets1 estate`, as a user runs it, so the bench's own heap does not weigh on the main thread),
 * and returns requests/sec.
 */
export async function measureEstateScaling(root: string, meters: number): Promise<EstateScaling> {
  const rps = async (workers: number) => {
    const run = await runEstateProcess(root, meters, workers, 'corrective');
    return run.results[0]!.requestsPerSecond;
  };
  const oneWorker = await rps(1);
  const twoWorkers = await rps(2);
  return { meters, policy: 'corrective', oneWorker, twoWorkers, scaling: twoWorkers / oneWorker };
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
