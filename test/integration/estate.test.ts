import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EstateRun } from '../../harness/estate';
import { runCli } from '../support/cli';

describe('smets1 estate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-estate-'));
  const args = [
    'estate',
    '--meters',
    '1500',
    '--misplaced',
    '0.2',
    '--seed',
    'int',
    '--shard-size',
    '256',
    '--json',
  ];

  it('runs every policy in child processes with counts that reconcile, the same on threads and in-thread', async () => {
    // With a warm-up (each process runs 400 meters untimed first), which must change no count.
    const threaded = await runCli(
      [...args, '--workers', '2', '--runner', 'processes', '--warmup', '400', '--out', 'out'],
      dir,
    );
    expect(threaded.err).toBe('');
    expect(threaded.code).toBe(0);
    const run = JSON.parse(threaded.out) as EstateRun;
    expect(run.timings.workers).toBe(2);
    expect(run.timings.runner).toBe('processes');
    expect(run.timings.warmupSeconds).toBeGreaterThan(0);
    // CPU time counts the child processes: without them a campaign would look almost free.
    for (const r of run.results) expect(r.requestsPerCpuSecond).toBeLessThan(50_000);
    expect(run.results.map((r) => r.policy)).toEqual([
      'legacy',
      'relaxed',
      'relaxed-6151',
      'corrective',
      'smets2',
      'prevent',
      'prevent-corrective',
    ]);
    for (const r of run.results) {
      expect(r.repaired + r.stuck).toBe(r.misplaced);
      expect(r.accepted + Object.values(r.refusals).reduce((a, b) => a + b, 0)).toBe(r.requests);
      expect(r.misplaced).toBeGreaterThan(200);
    }
    // Cure needs a waiver: legacy and prevent (prevention only) repair nothing, the others all.
    const cures = (p: string) => p !== 'legacy' && p !== 'prevent';
    expect(run.results.filter((r) => !cures(r.policy)).every((r) => r.repaired === 0)).toBe(true);
    expect(run.results.filter((r) => cures(r.policy)).every((r) => r.repaired === r.misplaced)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'out/estate.json'), 'utf8'))).toEqual(run);

    const inline = JSON.parse((await runCli([...args, '--workers', '0'], dir)).out) as EstateRun;
    const counts = (x: EstateRun) =>
      x.results.map(
        ({ seconds: _s, requestsPerSecond: _r, cpuSeconds: _c, requestsPerCpuSecond: _q, ...rest }) => rest,
      );
    expect(counts(inline)).toEqual(counts(run));
    const threads = JSON.parse(
      (await runCli([...args, '--workers', '2', '--runner', 'threads'], dir)).out,
    ) as EstateRun;
    expect(threads.timings.runner).toBe('threads');
    expect(counts(threads)).toEqual(counts(run));
  });

  it('runs one named policy and prints a table', async () => {
    const r = await runCli(['estate', '--meters', '300', '--policy', 'corrective', '--workers', '1'], dir);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(/^corrective\s+300\s/);
  });

  it('refuses bad options with exit 2 and a one-line coded error', async () => {
    const rate = await runCli(['estate', '--misplaced', '1.5'], dir);
    expect(rate.code).toBe(2);
    const policy = await runCli(['estate', '--meters', '10', '--policy', 'nope'], dir);
    expect(policy.code).toBe(2);
    expect(policy.err).toContain('ERR_POLICY_UNKNOWN');
    expect((await runCli(['estate', '--workers', 'many'], dir)).code).toBe(2);
    const runner = await runCli(['estate', '--meters', '10', '--runner', 'fibers'], dir);
    expect(runner.code).toBe(2);
    expect(runner.err).toContain('ERR_CLI_OPTION');
    const warmup = await runCli(['estate', '--meters', '10', '--warmup', '-5'], dir);
    expect(warmup.code).toBe(2);
    expect(warmup.err).toContain('ERR_CLI_OPTION');
  });
});
