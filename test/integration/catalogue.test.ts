import { presetPolicy } from '../../simulator';
import { join } from 'node:path';
import { createInProcessDut } from '../../harness/dut';
import { runCatalogue } from '../../harness/conformance/runner';
import { createScenarioKeys, loadCatalogue } from '../../harness/scenario';
import { PRESET_POLICIES } from '../../simulator';

/**
 * The key integration test: the whole shipped catalogue, whose expectations were written from the
 * spec rules, passes 100% against the in-process reference under every preset policy.
 */
describe('the scenario catalogue against the in-process reference', () => {
  const keys = createScenarioKeys();
  const scenarios = loadCatalogue(join(__dirname, '../../scenarios'));
  const dut = createInProcessDut({
    acbSigner: keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB')!.ds.signer,
  });

  it('covers the issue #5 catalogue, including the 182-case area family and the ZAZ1 cases', () => {
    const ids = scenarios.map((s) => s.scenario.id);
    expect(ids).toHaveLength(288);
    expect(ids.filter((id) => id.startsWith('KRP-AREA-'))).toHaveLength(182);
    expect(scenarios.filter((s) => s.scenario.tags.includes('zaz1')).every((s) => s.skip === undefined)).toBe(
      true,
    );
    for (const tag of [
      'gas',
      'ds-only',
      'ka-only',
      'third-no',
      'supplier',
      'replay',
      'floor',
      'forged',
      'expired',
      'not-yet-valid',
      'revoked',
      'foreign-ca',
      'wrong-role',
      'wrong-key-usage',
      'owner-mismatch',
      'mid-correction',
      'device-status',
      'unknown-device',
      'detection',
      'smets2',
      'disable-supply',
      'zaz1',
      'unknown-user',
      'role-not-held',
      'ineligible-role',
      'user-status',
      'device-type',
      'command-variant',
      'empty-cell',
      'no-pre-command',
      'tampered',
      'world-event',
      'mac',
    ]) {
      expect(scenarios.some((s) => s.scenario.tags.includes(tag))).toBe(true);
    }
  });

  it.each(PRESET_POLICIES.map((p) => p.name))('passes every case under %s', async (policy) => {
    const report = await runCatalogue({ scenarios, dut, policies: [presetPolicy(policy)], keys });
    const notPassing = report.cases
      .filter((c) => c.verdict !== 'PASS')
      .map((c) => `${c.id}: ${c.verdict} ${c.reason ?? ''}`);
    expect(notPassing).toEqual([]);
    expect(report.cases).toHaveLength(scenarios.length);
  });
});
