import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { handoverScenario } from '../support/handover-scenario';

describe('smets1 prove', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prove-'));

  it('proves one policy to the fixpoint, prints the JSON scripts read, and writes counterexamples that replay', async () => {
    const r = await runCli(['prove', '--policy', 'relaxed-6151', '--json', '--out', 'proof'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as {
      policies: { policy: string; fixpoint: boolean; invariants: Record<string, string> }[];
    };
    expect(json.policies).toHaveLength(1);
    expect(json.policies[0]).toMatchObject({ policy: 'relaxed-6151', fixpoint: true });
    expect(json.policies[0]!.invariants['LIVE-CONTROL']).toBe('broken');
    const files = readdirSync(join(dir, 'proof')).sort();
    expect(files).toEqual([
      'proof-relaxed-6151-inv-converge.json',
      'proof-relaxed-6151-inv-place.json',
      'proof-relaxed-6151-live-control.json',
    ]);
    for (const f of files) {
      const replay = await runCli(['replay', join('proof', f)], dir);
      expect(replay.code).toBe(0);
      expect(replay.out).toContain('PASS');
    }
  }, 300_000);

  it('refuses an unknown policy with a coded error', async () => {
    const r = await runCli(['prove', '--policy', 'lax'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ERR_POLICY_UNKNOWN');
  });
});

describe('smets1 run --scenarios with files', () => {
  it('runs scenario files and file globs next to catalogue ids, and refuses a missing file with a coded error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-files-'));
    writeFileSync(
      join(dir, 'one.json'),
      JSON.stringify(
        handoverScenario('KRP-FILE-001', { '*': { outcome: 'rejected', code: 'GATE_NOT_REGISTERED' } }),
      ),
    );
    writeFileSync(
      join(dir, 'two.json'),
      JSON.stringify(
        handoverScenario('KRP-FILE-002', {
          legacy: { outcome: 'rejected', stage: 'gate', phase: 'transform' },
        }),
      ),
    );
    const r = await runCli(
      ['run', '--policy', 'legacy', '--scenarios', 'KRP-MIS-001,./*.json', '--json', '--out', 'rep'],
      dir,
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'rep/report.json'), 'utf8')) as {
      cases: { id: string; verdict: string }[];
    };
    expect(report.cases.map((c) => `${c.id} ${c.verdict}`).sort()).toEqual([
      'KRP-FILE-001 PASS',
      'KRP-FILE-002 PASS',
      'KRP-MIS-001 PASS',
    ]);
    const missing = await runCli(['run', '--scenarios', 'nope/absent.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ERR_SCENARIO_IO');
  }, 300_000);
});
