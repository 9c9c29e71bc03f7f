import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EstateRun } from '../../harness/estate';
import { runCli } from '../support/cli';

describe('smets1 estate --installs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-estate-installs-'));
  const args = [
    'estate',
    '--meters',
    '800',
    '--misplaced',
    '0.2',
    '--installs',
    '300',
    '--policy',
    'legacy,prevent,corrective,prevent-corrective',
    '--seed',
    'installs',
    '--shard-size',
    '128',
  ];
  const stock = (run: EstateRun) =>
    Object.fromEntries(
      run.results.map((r) => [r.policy, [r.installs!.misplacedBefore, r.installs!.misplacedAfter]]),
    );

  it('grows the misplaced stock under legacy, not under prevent; the same in processes and threads', async () => {
    const procs = await runCli([...args, '--json', '--workers', '2', '--runner', 'processes'], dir);
    expect(procs.err).toBe('');
    expect(procs.code).toBe(0);
    const run = JSON.parse(procs.out) as EstateRun;
    expect(run.installs).toBe(300);
    const s = stock(run);
    const [before, legacyAfter] = s.legacy!;
    expect(before).toBeGreaterThan(100);
    expect(legacyAfter).toBeGreaterThan(before!);
    expect(s.prevent).toEqual([before, before]);
    expect(s['prevent-corrective']).toEqual([before, 0]);
    expect(s.corrective).toEqual([before, legacyAfter! - before!]);
    const threads = JSON.parse(
      (await runCli([...args, '--json', '--workers', '2', '--runner', 'threads'], dir)).out,
    ) as EstateRun;
    expect(threads.results.map((r) => [r.requests, r.refusals, r.installs])).toEqual(
      run.results.map((r) => [r.requests, r.refusals, r.installs]),
    );
  });

  it('prints the stock before and after in the table', async () => {
    const text = await runCli([...args, '--workers', '0'], dir);
    expect(text.code).toBe(0);
    expect(text.out).toContain('misplaced stock with 300 new installations during the campaign:');
    expect(text.out).toMatch(/^prevent-corrective\s+\d+\s+300\s+0\s+\d+\s+0\s+0$/m);
  });

  it('refuses a bad count with exit 2', async () => {
    const bad = await runCli(['estate', '--meters', '10', '--installs', '1.5'], dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('ERR_CLI_OPTION');
  });
});
