import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { presetPolicy } from '../../../../../simulator';
import { createInProcessDut } from '../../../../../harness/dut';
import {
  applyDeviation,
  parseDeviationManifest,
  runCatalogue,
  runFailed,
} from '../../../../../harness/conformance/runner';
import type { CaseResult } from '../../../../../harness/report/types';
import { createScenarioKeys, type LoadedScenario } from '../../../../../harness/scenario';
import { parseScenarioFile } from '../../../../../harness/scenario/load';
import { handoverScenario } from '../../../../support/handover-scenario';

const keys = createScenarioKeys();
const dut = () =>
  createInProcessDut({
    acbSigner: keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB')!.ds.signer,
  });

/** NO-B hands M1 over to NO-A; `relaxedExpect` lets a test write a wrong expectation for relaxed. */
const scenario = (id: string, relaxedExpect: 'accepted' | 'rejected'): LoadedScenario => ({
  file: 'inline',
  scenario: handoverScenario(id, {
    legacy: { outcome: 'rejected', duisCode: 'E4' },
    relaxed: { outcome: relaxedExpect },
  }),
});

const result = (verdict: CaseResult['verdict']): CaseResult => ({
  id: 'KRP-X',
  title: 'x',
  tags: [],
  specRefs: [],
  policy: 'legacy',
  verdict,
  steps: [],
});
const manifest = parseDeviationManifest({
  deviations: [{ id: 'KRP-X', policy: 'legacy', reason: 'known gap #12' }],
});

describe('expected-deviation manifest', () => {
  it('keeps a listed failure as FAIL with its deviation, which does not fail the run', () => {
    const r = applyDeviation(result('FAIL'), manifest);
    expect(r).toMatchObject({ verdict: 'FAIL', deviation: { reason: 'known gap #12' } });
    expect(runFailed({ cases: [r] })).toBe(false);
  });

  it('turns an unexpected pass of a listed case into a FAIL that fails the run', () => {
    const r = applyDeviation(result('PASS'), manifest);
    expect(r.verdict).toBe('FAIL');
    expect(r.reason).toMatch(/^unexpected pass/);
    expect(runFailed({ cases: [r] })).toBe(true);
  });

  it('leaves cases of other policies alone', () => {
    expect(applyDeviation({ ...result('FAIL'), policy: 'relaxed' }, manifest).deviation).toBeUndefined();
  });

  it('refuses unknown fields and duplicates with pointers', () => {
    expect(() =>
      parseDeviationManifest(
        { deviations: [{ id: 'a', policy: 'legacy', reason: 'r', extra: 1 }] },
        'dev.json',
      ),
    ).toThrow('dev.json: /deviations/0: unknown field "extra"');
    expect(() =>
      parseDeviationManifest(
        {
          deviations: [
            { id: 'a', policy: 'legacy', reason: 'r' },
            { id: 'a', policy: 'legacy', reason: 's' },
          ],
        },
        'dev.json',
      ),
    ).toThrow('dev.json: /deviations/1: duplicate entry for a under legacy');
  });
});

describe('runCatalogue', () => {
  it('sorts cases by id then policy order, counts verdicts and waiver uses', async () => {
    const report = await runCatalogue({
      scenarios: [scenario('KRP-B', 'accepted'), scenario('KRP-A', 'rejected')],
      dut: dut(),
      policies: [presetPolicy('legacy'), presetPolicy('relaxed')],
      keys,
    });
    expect(report.cases.map((c) => `${c.id}/${c.policy}/${c.verdict}`)).toEqual([
      'KRP-A/legacy/PASS',
      'KRP-A/relaxed/FAIL',
      'KRP-B/legacy/PASS',
      'KRP-B/relaxed/PASS',
    ]);
    expect(report.summary.byPolicy.relaxed).toMatchObject({ PASS: 1, FAIL: 1 });
    expect(report.waivers).toEqual([
      { policy: 'relaxed', waiver: 'critical-commands', description: expect.any(String) as string, uses: 2 },
    ]);
    expect(runFailed(report)).toBe(true);
    expect(JSON.stringify(report)).not.toMatch(/20\d\d-\d\d-\d\dT/);
    for (const c of report.cases) expect(c.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('does not fail the run when the failing case is listed in the manifest', async () => {
    const m = parseDeviationManifest({
      deviations: [{ id: 'KRP-A', policy: 'relaxed', reason: 'documented' }],
    });
    const report = await runCatalogue({
      scenarios: [scenario('KRP-A', 'rejected')],
      dut: dut(),
      policies: [presetPolicy('legacy'), presetPolicy('relaxed')],
      keys,
      manifest: m,
    });
    expect(report.cases[1]).toMatchObject({ verdict: 'FAIL', deviation: { reason: 'documented' } });
    expect(runFailed(report)).toBe(false);
  });
});

describe("the gate's built-in SMETS2 rule in a report", () => {
  it('is reported as built in, not as a waiver the policy failed to declare', async () => {
    const file = join(__dirname, '../../../../../scenarios/krp-registration-devices.json');
    const s2 = parseScenarioFile(readFileSync(file, 'utf8'), file).filter(
      (l) => l.scenario.id === 'KRP-S2-001',
    );
    expect(s2).toHaveLength(1);
    const report = await runCatalogue({
      scenarios: s2,
      dut: dut(),
      policies: [presetPolicy('legacy')],
      keys,
    });
    expect(report.cases.map((c) => c.verdict)).toEqual(['PASS']);
    const smets2 = report.waivers.find((w) => w.waiver === 'smets2-device');
    expect(smets2).toMatchObject({ policy: 'legacy', builtIn: true });
    expect(smets2!.uses).toBeGreaterThan(0);
    expect(smets2!.declared).toBeUndefined();
    expect(report.waivers.filter((w) => w.declared === false)).toEqual([]);
  });
});
