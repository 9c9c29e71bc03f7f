import { presetPolicy } from '../../../../../simulator';
import { createInProcessDut } from '../../../../../harness/dut';
import { runScenario } from '../../../../../harness/conformance/runner';
import { createScenarioKeys, type FinalCells } from '../../../../../harness/scenario';
import { handoverScenario } from '../../../../support/handover-scenario';

const keys = createScenarioKeys();
const pki = keys.pki('smets1-harness', []);
const partyOf = (name: string) => pki.parties.find((p) => p.name === name)!;
const reference = () => createInProcessDut({ acbSigner: partyOf('ACB').ds.signer });

/** NO-B hands M1 (registered NO-A) to NO-A with counter 1; corrective accepts it through its waiver. */
const run = (finals: FinalCells, policy = 'corrective') =>
  runScenario(
    handoverScenario(
      'KRP-T-001',
      { '*': { outcome: 'accepted' }, legacy: { outcome: 'rejected' } },
      {
        expectFinal: { '*': { M1: finals } },
      },
    ),
    reference(),
    presetPolicy(policy),
    { keys },
  );

describe('expected final state beyond owners', () => {
  it('passes counters, floors and exact certificates that hold, in rows of their own', async () => {
    const supplierDs = partyOf('SUP-1').ds.certificate.certificateId;
    const r = await run({
      noDs: 'NO-A',
      // The change of control resets the NO role's record; the supplier never sent a command.
      counters: { NetworkOperator: { last: 0, floor: 0 }, Supplier: { last: '0', floor: 0 } },
      certificates: {
        noDs: 'NO-A',
        noKa: { party: 'NO-A' },
        // A literal ID, its serial written in upper case.
        supplierDs: { certificateId: supplierDs.replace(/^[0-9a-f]+/, (h) => h.toUpperCase()) },
      },
    });
    expect(r.verdict).toBe('PASS');
    expect(r.steps.map((s) => s.label)).toEqual([
      'NO-B 6.15.1 NetworkOperator -> M1 installing NO-A (counter 1)',
      'final cells of M1',
      'final counters of M1',
      'final certificates of M1',
    ]);
    expect(r.steps[2]?.actual).toBe(
      'Supplier.last=0 Supplier.floor=0 NetworkOperator.last=0 NetworkOperator.floor=0',
    );
    expect(r.steps[3]?.actual).toContain(`noDs=${partyOf('NO-A').ds.certificate.certificateId} (NO-A)`);
  });

  it('reports each mismatch precisely: the fact, the expected and the actual value', async () => {
    const noBKa = partyOf('NO-B').ka.certificate.certificateId;
    const noAKa = partyOf('NO-A').ka.certificate.certificateId;
    const r = await run({
      counters: { NetworkOperator: { last: 1, floor: '18446744073709551615' } },
      certificates: { noKa: 'NO-B' },
    });
    expect(r.verdict).toBe('FAIL');
    expect(r.steps[1]).toMatchObject({
      label: 'final counters of M1',
      ok: false,
      detail:
        'NetworkOperator.last: expected 1, actual 0; NetworkOperator.floor: expected 18446744073709551615, actual 0',
    });
    expect(r.steps[2]).toMatchObject({
      label: 'final certificates of M1',
      ok: false,
      detail: `noKa: expected ${noBKa}, actual ${noAKa} (NO-A)`,
    });
  });

  it('tells a variant certificate from the party own one with the same owner', async () => {
    const r = await run({ certificates: { noDs: { party: 'NO-A', label: 'another-issue' } } });
    expect(r.verdict).toBe('FAIL');
    expect(r.steps[1]?.detail).toMatch(/^noDs: expected [0-9a-f]+@ZC, actual [0-9a-f]+@ZC \(NO-A\)$/);
  });

  it('a meter the DUT does not know fails every row', async () => {
    const r = await runScenario(
      handoverScenario(
        'KRP-T-002',
        { '*': { outcome: 'accepted' }, legacy: { outcome: 'rejected' } },
        {
          expectFinal: { '*': { M1: { counters: { Supplier: { last: 0 } } } } },
        },
      ),
      { ...reference(), inspect: async () => undefined },
      presetPolicy('legacy'),
      { keys },
    );
    expect(r.steps[1]).toMatchObject({ ok: false, actual: 'device unknown to the DUT' });
  });
});
