/**
 * `smets1 explore`'s display: the findings table's columns line up for any policy name, the runs
 * line says what it counts against --runs, and every BROKEN invariant has a scenario file or says
 * why it has none (the exhaustive search's LIVE-CONTROL witness is replayed into a file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { counterexampleCell, exploreRunsLine } from '../../../../harness/cli/commands/explore';
import type { CliIo } from '../../../../harness/cli/io';
import { main } from '../../../../harness/cli/main';
import { captureIo } from '../../../support/cli';
import type { Finding } from '../../../../harness/report/types';

const capture = (voice?: CliIo['voice']) => captureIo('explore', voice);

const ARGS = ['--runs', '5', '--depth', '1', '--steps', '3'];

describe('smets1 explore', () => {
  it('aligns its columns for long policy names and writes a file for every broken invariant that has steps', async () => {
    const c = capture('lines');
    expect(
      await main(
        ['explore', '--policy', 'relaxed-6151,prevent-corrective,legacy', ...ARGS, '--out', 'o'],
        c.io,
      ),
    ).toBe(0);
    const lines = c.out().split('\n');
    const header = lines[0]!;
    const rows = lines.slice(1, lines.indexOf(''));
    expect(rows.length).toBeGreaterThan(20);
    const at = (word: string): number => header.indexOf(word);
    for (const row of rows) {
      const [policy, invariant, result] = row.split(/\s+/);
      expect(row.indexOf(`${invariant!} `)).toBe(at('invariant'));
      expect(row.slice(at('result')).startsWith(result!)).toBe(true);
      expect(row.startsWith(policy!)).toBe(true);
    }
    const broken = rows.filter((r) => / BROKEN /.test(r));
    expect(broken.length).toBeGreaterThan(0);
    for (const row of broken) expect(row).toMatch(/ -> o\/counterexamples\/\S+\.json$|no scenario file: /);
    const live = broken.find((r) => r.startsWith('relaxed-6151') && r.includes('LIVE-CONTROL'))!;
    const file = / -> (\S+)$/.exec(live)![1]!;
    expect(existsSync(join(c.cwd, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(c.cwd, file), 'utf8'))).toMatchObject({
      id: 'MODEL-RELAXED-6151-LIVE-CONTROL',
      steps: [{ floor: '18446744073709551615', expect: { 'relaxed-6151': { outcome: 'accepted' } } }],
    });
    const exhaustive = lines.filter((l) => / depth 1: /.test(l));
    expect(new Set(exhaustive.map((l) => l.indexOf(' depth '))).size).toBe(1);
    expect(c.err()).toMatch(
      /^smets1 explore: 20 property runs \(--runs 5 per policy x 3 policies \+ 5 for DIFF-NO-REGRESSION = 20 planned\) in /m,
    );
  });

  it('replays the LIVE-CONTROL scenario file it wrote (exit 0: reproduced)', async () => {
    const c = capture();
    expect(await main(['explore', '--policy', 'relaxed', ...ARGS, '--out', 'o'], c.io)).toBe(0);
    const r = capture();
    expect(
      await main(['replay', join(c.cwd, 'o/counterexamples/model-relaxed-live-control.json')], r.io),
    ).toBe(0);
  });
  it("keeps an earlier run's counterexample files and says which ones it left, on stderr under --json", async () => {
    const c = capture();
    expect(await main(['explore', '--policy', 'relaxed', ...ARGS, '--out', 'o'], c.io)).toBe(0);
    expect(c.out()).not.toContain('left ');
    const earlier = 'model-relaxed-live-control.json';
    const out: string[] = [];
    const io: CliIo = { ...c.io, stdout: (t) => void out.push(t) };
    expect(await main(['explore', '--policy', 'prevent-corrective', ...ARGS, '--out', 'o'], io)).toBe(0);
    expect(out.join('')).toContain(
      `left 1 entry already in o/counterexamples/ that this exploration does not refer to (an earlier run's output or your own; delete them or choose another --out): ${earlier}\n`,
    );
    expect(existsSync(join(c.cwd, 'o', 'counterexamples', earlier))).toBe(true);
    const jsonErr: string[] = [];
    const jsonOut: string[] = [];
    const jsonIo: CliIo = {
      ...c.io,
      stdout: (t) => void jsonOut.push(t),
      stderr: (t) => void jsonErr.push(t),
    };
    expect(
      await main(['explore', '--policy', 'prevent-corrective', ...ARGS, '--out', 'o', '--json'], jsonIo),
    ).toBe(0);
    expect(() => JSON.parse(jsonOut.join('')) as unknown).not.toThrow();
    expect(jsonErr.join('')).toContain('that this exploration does not refer to');
  });
});

describe('exploreRunsLine', () => {
  it('says one policy in the singular and what the runs beyond the plan are', () => {
    expect(exploreRunsLine(200, 1, 100)).toBe(
      '200 property runs (--runs 100 per policy x 1 policy + 100 for DIFF-NO-REGRESSION = 200 planned)',
    );
    expect(exploreRunsLine(3416, 7, 200)).toMatch(
      /^3416 property runs \(--runs 200 per policy x 7 policies \+ 200 for DIFF-NO-REGRESSION = 1600 planned; re-searches after a broken invariant and shrinking add the rest\)$/,
    );
  });
});

describe('counterexampleCell', () => {
  const broken: Finding = { policy: 'p', invariant: 'INV-SCOPE', kept: false, summary: 's' };
  const steps = { steps: [{ label: 'a', outcome: 'accepted' }] };
  it('says why a broken invariant has no file, and nothing for a kept one', () => {
    expect(counterexampleCell({ ...broken, kept: true }, true)).toBe('');
    expect(counterexampleCell(broken, true)).toMatch(/^no scenario file: .*an absence/);
    expect(counterexampleCell({ ...broken, counterexample: steps }, false)).toBe(
      '1 step (--out DIR writes its scenario file)',
    );
    expect(counterexampleCell({ ...broken, counterexample: steps }, true)).toMatch(
      /^1 step \(no scenario file: /,
    );
    expect(counterexampleCell({ ...broken, counterexample: { ...steps, file: 'o/x.json' } }, true)).toBe(
      '1 step -> o/x.json',
    );
  });
});
