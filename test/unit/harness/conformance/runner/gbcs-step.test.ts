import { createInProcessDut } from '../../../../../harness/dut';
import { runScenario } from '../../../../../harness/conformance/runner';
import { buildRequest } from '../../../../../harness/conformance/runner/steps';
import {
  assertSchema,
  createScenarioKeys,
  resolveScenario,
  type RequestStep,
  type Scenario,
  type StepExpectation,
} from '../../../../../harness/scenario';
import { emitDuisRequest } from '../../../../../simulator/duis';
import { presetPolicy, signPreCommand } from '../../../../../simulator';
import { handoverScenario } from '../../../../support/handover-scenario';

const keys = createScenarioKeys();
const acb = () => keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB')!.ds.signer;
const reference = () => createInProcessDut({ acbSigner: acb() });
const AT = '2024-06-01T12:00:00.000Z';
const CORRECTIVE = presetPolicy('corrective');

/** The handover scenario whose one step sends the given bytes (hex) as its CV 5 payload. */
const withBytes = (hex: string, expect: Readonly<Record<string, StepExpectation>>): Scenario => {
  const s = handoverScenario('KRP-GBCS-T', expect);
  return { ...s, steps: [{ ...(s.steps[0] as RequestStep), gbcs: hex }] };
};

/** What a provider does with its own signer: take the DCC's pre-command and sign it (here NO-B's key). */
async function providerSignedBytes(): Promise<Uint8Array> {
  const s = handoverScenario('KRP-GBCS-T', { '*': { outcome: 'accepted' } });
  const r = resolveScenario(s, keys);
  const dut = reference();
  await dut.provision({ world: r.world, policy: CORRECTIVE });
  const answer = await dut.submit({
    xml: emitDuisRequest(buildRequest(s.steps[0] as RequestStep, r)),
    at: AT,
  });
  if (!answer.preCommand) throw new Error(`no pre-command: ${JSON.stringify(answer)}`);
  return signPreCommand(Uint8Array.from(Buffer.from(answer.preCommand, 'hex')), r.party('NO-B').ds.signer);
}

describe('a scenario step carrying signed GBCS bytes', () => {
  it('sends them as the CV 5 payload as they are: the reference accepts the provider-signed command', async () => {
    const bytes = await providerSignedBytes();
    const r = await runScenario(
      withBytes(Buffer.from(bytes).toString('hex'), { '*': { outcome: 'accepted' } }),
      reference(),
      CORRECTIVE,
      { keys },
    );
    expect(r.verdict).toBe('PASS');
  });

  it('a changed signature byte is refused by the authority check, other bytes by the pre-command match', async () => {
    const bytes = await providerSignedBytes();
    const badSig = bytes.slice();
    badSig[badSig.length - 1]! ^= 1;
    const sig = await runScenario(
      withBytes(Buffer.from(badSig).toString('hex'), {
        '*': { outcome: 'rejected', code: 'AUTHORITY_SIGNATURE' },
      }),
      reference(),
      CORRECTIVE,
      { keys },
    );
    expect(sig.verdict).toBe('PASS');
    const badCounter = bytes.slice();
    badCounter[10]! ^= 1;
    const mismatch = await runScenario(
      withBytes(Buffer.from(badCounter).toString('hex'), {
        '*': { outcome: 'rejected', code: 'SEND_PRECOMMAND_MISMATCH' },
      }),
      reference(),
      CORRECTIVE,
      { keys },
    );
    expect(mismatch.verdict).toBe('PASS');
  });

  it('is refused by the scenario schema unless it is whole hex bytes', () => {
    const file = (hex: string) => withBytes(hex, { '*': { outcome: 'accepted' } });
    expect(() => assertSchema(file('df09'), 'scenario', 'x.json')).not.toThrow();
    for (const bad of ['df0', 'zz', ''])
      expect(() => assertSchema(file(bad), 'scenario', 'x.json')).toThrow(/ERR_SCENARIO_SCHEMA|gbcs/);
  });
});
