import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

describe('smets1 mutate', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-mutate-'));

  it('lists every chosen mutant with killed/survived and the killing cases as JSON; exit 0 with no survivor', async () => {
    const r = await runCli(
      [
        'mutate',
        '--policy',
        'legacy,corrective',
        '--checks',
        'floor,send-match,placement',
        '--scenarios',
        'KRP-FLOOR-004,KRP-FLOOR-005,KRP-SEND-001,KRP-SEND-002',
        '--json',
      ],
      cwd,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.policies).toEqual(['legacy', 'corrective']);
    const byCheck = Object.fromEntries(report.mutants.map((m: { check: string }) => [m.check, m]));
    expect(byCheck.floor.outcomes.map((o: { status: string }) => o.status)).toEqual(['killed', 'killed']);
    expect(byCheck.floor.outcomes[0].kills.map((k: { id: string }) => k.id)).toEqual([
      'KRP-FLOOR-004',
      'KRP-FLOOR-005',
    ]);
    expect(byCheck['send-match'].outcomes[1]).toMatchObject({ status: 'killed', routes: 2 });
    expect(byCheck.placement.outcomes[0]).toMatchObject({
      status: 'not-applicable',
      why: expect.stringMatching(/no placement check/),
    });
    expect(report.summary).toMatchObject({ survived: 0, singleRoute: 0 });
  }, 120_000);

  it('names a survivor with its rule and source, exits 1, and writes the reports with a mutation section', async () => {
    const out = join(cwd, 'report');
    const r = await runCli(
      ['mutate', '--policy', 'legacy', '--checks', 'floor', '--scenarios', 'KRP-MIS-001', '--out', 'report'],
      cwd,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/floor\s+SURVIVED/);
    expect(r.out).toMatch(
      /survivors \(catalogue gaps\): 1 mutant x policy pairs\n {2}floor under legacy: .*GBCS CS02b/,
    );
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toMatch(/<a href="#mutation">Mutation<\/a>/);
    expect(html).toMatch(/id="mutation"[\s\S]*<code>floor<\/code>[\s\S]*SURVIVED/);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).mutation.mutants[0].check).toBe(
      'floor',
    );
  }, 120_000);

  it('refuses an unknown check or observation with a coded error (exit 2)', async () => {
    const bad = await runCli(['mutate', '--checks', 'floor,nope'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ERR_CLI_OPTION: --checks: unknown check "nope"/);
    const observe = await runCli(['mutate', '--observe', 'all'], cwd);
    expect(observe.code).toBe(2);
    expect(observe.err).toMatch(/--observe must be duis or full/);
  });
});
