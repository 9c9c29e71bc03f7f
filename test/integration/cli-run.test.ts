import { presetPolicy } from '../../simulator';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDemoTable } from '../../harness/cli/commands/demo';
import { createInProcessDut } from '../../harness/dut';
import { runCatalogue } from '../../harness/conformance/runner';
import { createScenarioKeys, loadCatalogue } from '../../harness/scenario';
import { runCli } from '../support/cli';
import { handoverScenario } from '../support/handover-scenario';

const catalogue = join(__dirname, '../../scenarios');

/** A one-scenario catalogue whose relaxed expectation is wrong on purpose (the reference accepts). */
function wrongCatalogue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
  const s = handoverScenario(
    'KRP-WRONG-001',
    { '*': { outcome: 'rejected', duisCode: 'E4' } },
    { title: 'wrong expectation', description: 'the reference accepts NO-B handing over under relaxed' },
  );
  writeFileSync(join(dir, 'wrong.json'), JSON.stringify(s));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: ['wrong.json'] }));
  return dir;
}

describe('smets1 run', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-run-cwd-'));

  it('exits 0 when every selected case passes, and writes the reports', async () => {
    const r = await runCli(
      [
        'run',
        '--policy',
        'legacy',
        '--scenarios',
        'KRP-MIS-00*',
        '--catalogue',
        catalogue,
        '--out',
        'out',
        '--json',
      ],
      cwd,
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { failing: boolean; summary: { total: { PASS: number } } };
    expect(summary.failing).toBe(false);
    expect(summary.summary.total.PASS).toBeGreaterThanOrEqual(9);
    const report = JSON.parse(readFileSync(join(cwd, 'out', 'report.json'), 'utf8')) as {
      cases: { id: string }[];
    };
    expect(report.cases.every((c) => c.id.startsWith('KRP-MIS-00'))).toBe(true);
  });

  it('exits 1 on a FAIL, and 0 once the case is listed in the deviation manifest', async () => {
    const dir = wrongCatalogue();
    const failed = await runCli(['run', '--policy', 'relaxed', '--catalogue', dir], cwd);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('KRP-WRONG-001');
    writeFileSync(
      join(dir, 'deviations.json'),
      JSON.stringify({ deviations: [{ id: 'KRP-WRONG-001', policy: 'relaxed', reason: 'documented gap' }] }),
    );
    const listed = await runCli(
      [
        'run',
        '--policy',
        'relaxed',
        '--catalogue',
        dir,
        '--manifest',
        join(dir, 'deviations.json'),
        '--out',
        'dev-out',
      ],
      cwd,
    );
    expect(listed.code).toBe(0);
    expect(listed.out).not.toContain('Failing cases');
    expect(listed.out).toContain('1 expected deviation (declared in the manifest; not failures):');
    const junit = readFileSync(join(cwd, 'dev-out', 'junit.xml'), 'utf8');
    expect(junit).not.toMatch(/<failure|<error/);
    expect(junit).toContain('<property name="smets1.expected-deviation" value="documented gap"/>');
    expect(junit).toMatch(/<testcase [^>]*time="[0-9]+\.[0-9]{3}"/);
    expect(readFileSync(join(cwd, 'dev-out', 'index.html'), 'utf8')).toContain(
      '1 expected deviation, declared in the manifest',
    );
    const legacyPass = await runCli(
      ['run', '--policy', 'legacy', '--catalogue', dir, '--manifest', join(dir, 'deviations.json')],
      cwd,
    );
    expect(legacyPass.code).toBe(0);
  });

  it('exits 1 when a listed deviation unexpectedly passes', async () => {
    const dir = wrongCatalogue();
    writeFileSync(
      join(dir, 'deviations.json'),
      JSON.stringify({ deviations: [{ id: 'KRP-WRONG-001', policy: 'legacy', reason: 'stale entry' }] }),
    );
    const r = await runCli(
      ['run', '--policy', 'legacy', '--catalogue', dir, '--manifest', join(dir, 'deviations.json')],
      cwd,
    );
    expect(r.code).toBe(1);
  });

  it('exits 2 with a one-line coded error for an unknown policy, a bad scenario file or no match', async () => {
    const policy = await runCli(['run', '--policy', 'lenient', '--catalogue', catalogue], cwd);
    expect(policy.code).toBe(2);
    expect(policy.err).toMatch(/^smets1: ERR_POLICY_UNKNOWN: /);
    const dir = wrongCatalogue();
    writeFileSync(join(dir, 'wrong.json'), '{ "id": "KRP-WRONG-001", "title": 1 }');
    const bad = await runCli(['run', '--catalogue', dir], cwd);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ERR_SCENARIO_SCHEMA: .*wrong\.json: \/title: must be string/);
    const none = await runCli(['run', '--scenarios', 'NOPE-*', '--catalogue', catalogue], cwd);
    expect(none.code).toBe(2);
  });
});

describe('smets1 demo', () => {
  it('shows passes per policy, the deadlock under legacy and the repair under corrective', async () => {
    const keys = createScenarioKeys();
    const acb = keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB')!.ds.signer;
    const report = await runCatalogue({
      scenarios: loadCatalogue(catalogue, { filter: 'KRP-MIS-001' }),
      dut: createInProcessDut({ acbSigner: acb }),
      policies: [presetPolicy('legacy'), presetPolicy('corrective')],
      keys,
    });
    const table = renderDemoTable(report);
    expect(table).toMatch(/^legacy +1 \/ 1 /m);
    expect(table).toContain(
      'deadlock (legacy, KRP-MIS-001): registered NO-A -> rejected E061507 AUTHORITY_SIGNATURE; NO-B (whose certificates are on the meter) -> rejected E4 GATE_NOT_REGISTERED',
    );
    expect(table).toContain(
      'repair (corrective, KRP-MIS-001): NO-B hands over to NO-A -> accepted (waiver no-correction-to-registered-no); then NO-A -> accepted',
    );
  });

  it('has help', async () => {
    const r = await runCli(['demo', '--help'], tmpdir());
    expect(r.code).toBe(0);
    expect(r.out).toContain('--out <dir>');
  });
});
