import { presetPolicy } from '../../../../../simulator';
import { createInProcessDut, DutTransportError } from '../../../../../harness/dut';
import type { DeviceUnderTest, DutResponse } from '../../../../../harness/dut/port';
import { runScenario } from '../../../../../harness/conformance/runner';
import { handoverScenario } from '../../../../support/handover-scenario';
import { createScenarioKeys, type Scenario, type StepExpectation } from '../../../../../harness/scenario';

const keys = createScenarioKeys();
const acb = () => keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB')!.ds.signer;
const reference = () => createInProcessDut({ acbSigner: acb() });

/** M1 in London (registered NO-A) carries NO-B's certificates; NO-B hands it over to NO-A. */
const handover = (
  expectLegacy: StepExpectation = { outcome: 'rejected', code: 'GATE_NOT_REGISTERED', duisCode: 'E4' },
): Scenario =>
  handoverScenario(
    'KRP-T-001',
    { '*': { outcome: 'accepted' }, legacy: expectLegacy },
    {
      title: 'handover',
      tags: ['t'],
      specRefs: ['DUIS 6.15.1'],
      expectFinal: { '*': { M1: { noDs: 'NO-A', noKa: 'NO-A' } }, legacy: { M1: { noDs: 'NO-B' } } },
    },
  );

/** A DUT double of the port whose submit is given by the test. */
function stubDut(submit: () => Promise<DutResponse>): DeviceUnderTest {
  return {
    name: 'stub',
    provision: async () => undefined,
    submit,
    apply: async () => undefined,
    inspect: async () => undefined,
    reset: async () => undefined,
    close: async () => undefined,
  };
}

describe('runScenario against the in-process reference', () => {
  it('PASSes under legacy (E4) and under corrective (accepted, final cells NO-A)', async () => {
    const legacy = await runScenario(handover(), reference(), presetPolicy('legacy'), { keys });
    expect(legacy.verdict).toBe('PASS');
    expect(legacy.steps[0]?.actual).toBe('rejected E4 GATE_NOT_REGISTERED');
    const corrective = await runScenario(handover(), reference(), presetPolicy('corrective'), { keys });
    expect(corrective.verdict).toBe('PASS');
    expect(corrective.steps[0]?.actual).toBe('accepted (waiver no-correction-to-registered-no)');
    expect(corrective.steps[1]).toMatchObject({
      label: 'final cells of M1',
      actual: 'noDs=NO-A noKa=NO-A',
      ok: true,
    });
  });

  it('FAILs with expected vs actual when the implementation disagrees', async () => {
    const wrong = handover({ outcome: 'accepted' });
    const r = await runScenario(wrong, reference(), presetPolicy('legacy'), { keys });
    expect(r.verdict).toBe('FAIL');
    expect(r.steps[0]).toMatchObject({
      expected: 'accepted',
      actual: 'rejected E4 GATE_NOT_REGISTERED',
      ok: false,
    });
    expect(r.reason).toBe('step 0: expected accepted, got rejected E4 GATE_NOT_REGISTERED');
  });

  it('PASSes a oneOf by the alternative that matches, and FAILs one with why each alternative did not', async () => {
    const gate = { outcome: 'rejected' as const, code: 'GATE_NOT_REGISTERED', duisCode: 'E4' };
    const waiver = { outcome: 'rejected' as const, code: 'GATE_WAIVER_CONDITION', duisCode: 'E4' };
    const accepted = { outcome: 'accepted' as const };
    const pass = handoverScenario('KRP-T-002', { '*': { oneOf: [accepted, gate] } });
    const ok = await runScenario(pass, reference(), presetPolicy('legacy'), { keys });
    expect(ok.verdict).toBe('PASS');
    expect(ok.steps[0]).toMatchObject({
      expected: 'one of: accepted | rejected E4 GATE_NOT_REGISTERED',
      actual: 'rejected E4 GATE_NOT_REGISTERED (alternative 2 matched)',
      alternatives: [
        { expected: 'accepted', matched: false, why: 'outcome rejected, expected accepted' },
        { expected: 'rejected E4 GATE_NOT_REGISTERED', matched: true },
      ],
    });
    const fail = handoverScenario('KRP-T-003', { '*': { oneOf: [accepted, waiver] } });
    const bad = await runScenario(fail, reference(), presetPolicy('legacy'), { keys });
    expect(bad.verdict).toBe('FAIL');
    expect(bad.steps[0]?.ok).toBe(false);
    expect(bad.steps[0]?.actual).toBe('rejected E4 GATE_NOT_REGISTERED');
    expect(bad.steps[0]?.alternatives?.map((a) => [a.matched, a.why])).toEqual([
      [false, 'outcome rejected, expected accepted'],
      [false, 'code GATE_NOT_REGISTERED, expected GATE_WAIVER_CONDITION'],
    ]);
  });

  it('FAILs on the final cells when a step is right but the cells are not', async () => {
    const s = handover();
    const r = await runScenario(
      { ...s, expectFinal: { '*': { M1: { noDs: 'NO-C' } } } },
      reference(),
      presetPolicy('relaxed'),
      { keys },
    );
    expect(r.verdict).toBe('FAIL');
    expect(r.steps[1]).toMatchObject({ expected: 'noDs=NO-C', actual: 'noDs=NO-A', ok: false });
  });

  it('compares the refusal code only when the implementation reports one, the DUIS code always', async () => {
    const noCode = stubDut(async () => ({ outcome: 'rejected', duisCode: 'E4' }));
    const { expectFinal: _unused, ...s } = handover();
    expect(_unused).toBeDefined();
    expect((await runScenario(s, noCode, presetPolicy('legacy'), { keys })).verdict).toBe('PASS');
    const otherDuis = stubDut(async () => ({ outcome: 'rejected', duisCode: 'E1' }));
    expect((await runScenario(s, otherDuis, presetPolicy('legacy'), { keys })).verdict).toBe('FAIL');
    const otherCode = stubDut(async () => ({
      outcome: 'rejected',
      duisCode: 'E4',
      code: 'GATE_WAIVER_CONDITION',
    }));
    expect((await runScenario(s, otherCode, presetPolicy('legacy'), { keys })).verdict).toBe('FAIL');
  });

  it('reports HANG when the DUT never answers within the watchdog', async () => {
    const never = stubDut(() => new Promise<DutResponse>(() => undefined));
    const r = await runScenario(handover(), never, presetPolicy('legacy'), { keys, watchdogMs: 50 });
    expect(r.verdict).toBe('HANG');
    expect(r.reason).toContain('50 ms');
  });

  it('reports HANG with the cause when the transport times out', async () => {
    const slow = stubDut(async () => {
      throw new DutTransportError('ERR_DUT_TIMEOUT', 'no answer within 900 ms');
    });
    const r = await runScenario(handover(), slow, presetPolicy('legacy'), { keys });
    expect(r).toMatchObject({ verdict: 'HANG', reason: 'ERR_DUT_TIMEOUT: no answer within 900 ms' });
  });

  it('reports HARNESS_ERROR with the cause when the DUT throws', async () => {
    const broken = stubDut(async () => {
      throw Object.assign(new Error('connection reset'), { code: 'ERR_DUT_TRANSPORT' });
    });
    const r = await runScenario(handover(), broken, presetPolicy('legacy'), { keys });
    expect(r.verdict).toBe('HARNESS_ERROR');
    expect(r.reason).toBe('ERR_DUT_TRANSPORT: connection reset');
  });

  it('SKIPs a policy the scenario gives no expectation for', async () => {
    const s = handover();
    const onlyLegacy: Scenario = {
      ...s,
      steps: [
        {
          ...(s.steps[0] as Extract<Scenario['steps'][number], { kind: 'request' }>),
          expect: { legacy: { outcome: 'rejected' } },
        },
      ],
    };
    const r = await runScenario(onlyLegacy, reference(), presetPolicy('corrective'), { keys });
    expect(r).toMatchObject({ verdict: 'SKIPPED', reason: 'no expectation for policy corrective at step 0' });
    // ... and it still ran, so the report shows what corrective does
    expect(r.steps[0]).toMatchObject({
      expected: '(no expectation for this policy)',
      actual: 'accepted (waiver no-correction-to-registered-no)',
    });
  });

  it('refuses a replayed signed pre-command after a fresh Transform', async () => {
    const s: Scenario = {
      ...handover(),
      world: { meters: [{ name: 'M2', area: 14, supplier: 'SUP-1', noCells: 'NO-B' }] },
      steps: [
        {
          kind: 'request',
          actor: 'NO-B',
          srv: '6.15.1',
          device: 'M2',
          counter: 5,
          remotePartyRole: 'NetworkOperator',
          replacements: 'NO-B',
          expect: { '*': { outcome: 'accepted' } },
        },
        { kind: 'replay', of: 0, expect: { '*': { outcome: 'rejected', code: 'AUTHORITY_REPLAY' } } },
      ],
    };
    delete (s as { expectFinal?: unknown }).expectFinal;
    const r = await runScenario(s, reference(), presetPolicy('legacy'), { keys });
    expect(r.steps[1]?.actual).toBe('rejected E061508 AUTHORITY_REPLAY');
    expect(r.verdict).toBe('PASS');
  });
});
