/**
 * The named checks of the reference: every check has its rule and source, and switching one off
 * skips it (the request goes on to the next check) instead of flipping its verdict.
 */
import {
  applyWorldChange,
  buildWorld,
  CHECK_RULES,
  createDcc,
  PIPELINE_CHECKS,
  presetPolicy,
  referenceWorldSpec,
  signPreCommand,
  supplyRequest,
  type Dcc,
  type PipelineCheck,
  type Verdict,
} from '../../../../simulator';
import { M1, noKrp, party, pki, T0 } from '../../../support/reference-dcc';

const code = (v: Verdict) => (v.outcome === 'accepted' ? 'accepted' : v.code);

function dcc(policy: string, disabled: readonly PipelineCheck[] = []): Dcc {
  const built = buildWorld(referenceWorldSpec(pki()));
  return createDcc({
    world: built.world,
    devices: built.devices,
    policy: presetPolicy(policy),
    clock: { now: () => T0 },
    acbSigner: party('ACB').ds.signer,
    ...(disabled.length > 0 ? { disabledChecks: new Set(disabled) } : {}),
  });
}

const disable = (sender: string, counter: bigint) =>
  supplyRequest({ srv: '7.2', sender: party(sender).eui, device: M1, counter });

describe('the named checks of the reference', () => {
  it('gives every check a place, its refusal codes, its rule, its source and what skipping it does', () => {
    for (const check of PIPELINE_CHECKS) {
      const r = CHECK_RULES[check];
      expect(r.rule.length).toBeGreaterThan(10);
      expect(r.source).toMatch(/DUIS|GBCS|RFC|docs\/|simulator\//);
      expect(r.skipped.length).toBeGreaterThan(5);
      if (r.place !== 'world') expect(r.codes.length).toBeGreaterThan(0);
    }
    expect(Object.keys(CHECK_RULES).sort()).toEqual([...PIPELINE_CHECKS].sort());
  });

  it('skips a switched-off access check: an unknown sender goes on to the gate instead of E1', () => {
    const acb = party('ACB'); // a PKI party that is not a DCC User
    const request = {
      ...disable('SUP-1', 1n),
      requestId: { ...disable('SUP-1', 1n).requestId, originator: acb.eui },
    };
    expect(code(dcc('legacy').perform({ request, userRole: 'IS' }, acb.ds.signer))).toBe(
      'ACCESS_UNKNOWN_USER',
    );
    expect(
      code(dcc('legacy', ['access-user-known']).perform({ request, userRole: 'IS' }, acb.ds.signer)),
    ).toBe('GATE_NOT_REGISTERED');
  });

  it('separates the replay check from the floor check', () => {
    const run = (disabled: PipelineCheck[]) => {
      const d = dcc('relaxed', disabled);
      // NO-B hands M1 to NO-A with a floor of 1000 (change of control: the record resets to the floor)
      expect(
        code(
          d.perform({ request: noKrp('NO-B', 'NO-A', M1, 5n, { floor: 1000n }) }, party('NO-B').ds.signer),
        ),
      ).toBe('accepted');
      return code(d.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer));
    };
    expect(run([])).toBe('AUTHORITY_REPLAY');
    expect(run(['floor'])).toBe('AUTHORITY_REPLAY');
    expect(run(['counter'])).toBe('AUTHORITY_BELOW_FLOOR');
    expect(run(['counter', 'floor'])).toBe('accepted');
  });

  /** SUP-1's 7.2 Disable Supply transformed by a legacy DCC with `disabled` off, and its pre-command signed. */
  const transformedDisable = (disabled: PipelineCheck[]) => {
    const d = dcc('legacy', disabled);
    const request = disable('SUP-1', 1n);
    const t = d.submit({ request: { ...request, commandVariant: 4 }, at: T0 });
    if (t.outcome !== 'accepted' || !t.preCommand) throw new Error('transform refused');
    return { d, request, signed: signPreCommand(t.preCommand, party('SUP-1').ds.signer) };
  };

  it('uses an expired pre-command only with send-fresh off', () => {
    const run = (disabled: PipelineCheck[]) => {
      const { d, request, signed } = transformedDisable(disabled);
      return code(
        d.submit({
          request: { ...request, commandVariant: 5, body: { kind: 'SignedPreCommand', gbcsPayload: signed } },
          at: new Date(T0.getTime() + 2 * 3_600_000),
        }),
      );
    };
    expect(run([])).toBe('SEND_PRECOMMAND_EXPIRED');
    expect(run(['send-fresh'])).toBe('accepted');
  });

  it('processes a Send with no pre-command as the signed command it carries only with send-pending off', () => {
    const run = (disabled: PipelineCheck[]) => {
      const { d, request, signed } = transformedDisable(disabled);
      const other = { ...request.requestId, counter: 2n };
      return code(
        d.submit({
          request: {
            ...request,
            requestId: other,
            commandVariant: 5,
            body: { kind: 'SignedPreCommand', gbcsPayload: signed },
          },
          at: T0,
        }),
      );
    };
    expect(run([])).toBe('SEND_NO_PRECOMMAND');
    expect(run(['send-pending'])).toBe('accepted');
  });

  it('applies world-event rules unless switched off', () => {
    const world = buildWorld(referenceWorldSpec(pki())).world;
    const move = {
      kind: 'registration' as const,
      mpxn: world.inventory.get(M1)!.mpxn,
      capacity: 'networkOperator' as const,
      userId: party('SUP-1').eui,
      at: T0,
    };
    expect(() => applyWorldChange(world, move)).toThrow(/ERR_WORLD_EVENT|not a networkOperator/);
    expect(applyWorldChange(world, move, new Set(['world-registration-capacity']))).not.toBe(world);
    const revoke = { kind: 'revoke' as const, certificateIds: ['x'] };
    expect(applyWorldChange(world, revoke).revoked.has('x')).toBe(true);
    expect(applyWorldChange(world, revoke, new Set(['world-revocation']))).toBe(world);
    expect(
      applyWorldChange(world, { ...move, userId: party('NO-B').eui }, new Set(['world-registration'])),
    ).toBe(world);
  });
});
