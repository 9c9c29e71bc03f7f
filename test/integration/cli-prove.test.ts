import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

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
