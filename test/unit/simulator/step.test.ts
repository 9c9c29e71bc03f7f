import {
  auditOf,
  buildWorld,
  createDcc,
  createDccState,
  DEFAULT_DCC_LIMITS,
  deviceOf,
  forkState,
  pendingCount,
  presetPolicy,
  referenceWorldSpec,
  signPreCommand,
  SimulatorError,
  snapshotDevice,
  step,
  supplyRequest,
  type AuditEntry,
  type DccLimits,
  type DccState,
  type StepEnv,
  type StepInput,
  type Verdict,
} from '../../../simulator';
import type { DuisRequest } from '../../../simulator/duis';
import { M1, noKrp, party, pki, T0 } from '../../support/reference-dcc';

const code = (v: Verdict | undefined) =>
  v === undefined ? 'none' : v.outcome === 'accepted' ? 'accepted' : v.code;
const built = () => buildWorld(referenceWorldSpec(pki()));
const fresh = (limits: Partial<DccLimits> = {}): DccState => {
  const b = built();
  return createDccState(b.world, b.devices, limits);
};
const env = (policy = 'corrective', sink?: (e: AuditEntry) => void): StepEnv => ({
  policy: presetPolicy(policy),
  acbSigner: party('ACB').ds.signer,
  ...(sink ? { auditSink: sink } : {}),
});
const duis = (request: DuisRequest, at = T0): StepInput => ({
  kind: 'duis',
  request,
  at,
});
const disable = (counter: bigint) =>
  supplyRequest({ srv: '7.2', sender: party('SUP-1').eui, device: M1, counter });

/** Transform then Send by hand through `step`: the final result and state. */
function transformSend(state: DccState, e: StepEnv, sender: string, counter: bigint, at = T0, sendAt = at) {
  const request = noKrp(sender, 'NO-A', M1, counter);
  const t = step(state, duis(request, at), e);
  if (t.verdict?.outcome !== 'accepted' || !t.response?.preCommand) return t;
  const signed = signPreCommand(t.response.preCommand, party(sender).ds.signer);
  return step(
    t.state,
    duis({ ...request, commandVariant: 5, body: { kind: 'SignedPreCommand', gbcsPayload: signed } }, sendAt),
    e,
  );
}

describe('step: the DCC as a pure step', () => {
  it('runs Transform then Send and gives the verdict, the response and the events', () => {
    const r = transformSend(fresh(), env(), 'NO-B', 1n);
    expect(code(r.verdict)).toBe('accepted');
    expect(r.response?.outcomes?.length).toBe(2);
    expect(r.response?.gbcsResponse).toBeInstanceOf(Uint8Array);
    expect(r.events.map((e) => e.type)).toEqual(['request:received', 'request:accepted', 'cells:replaced']);
    expect(
      snapshotDevice(deviceOf(r.state, M1)!).cells.find((c) => c.cell === '3/DS/management')?.owner,
    ).toBe(party('NO-A').eui);
  });

  it('consumes the state it steps: a spent state throws ERR_STATE_CONSUMED; a fork steps independently', () => {
    const s0 = fresh();
    const kept = forkState(s0);
    const r = transformSend(s0, env(), 'NO-B', 1n);
    expect(() => deviceOf(s0, M1)).toThrow(SimulatorError);
    expect(() => step(s0, duis(disable(1n)), env())).toThrow(/ERR_STATE_CONSUMED|consumed/);
    expect(deviceOf(kept, M1)!.cells.get('3/DS/management')?.eui).toBe(party('NO-B').eui);
    expect(deviceOf(r.state, M1)!.cells.get('3/DS/management')?.eui).toBe(party('NO-A').eui);
  });

  it('gives the same verdicts as the createDcc shell (perform)', () => {
    const b = built();
    const dcc = createDcc({
      world: b.world,
      devices: b.devices,
      policy: presetPolicy('corrective'),
      clock: { now: () => T0 },
      acbSigner: party('ACB').ds.signer,
    });
    const viaShell = dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 1n) }, party('NO-B').ds.signer);
    expect(viaShell).toEqual(transformSend(fresh(), env(), 'NO-B', 1n).verdict);
  });

  it('applies a raw signed GBCS command with the Transform and Send checks (Uint8Array or Buffer)', () => {
    const t = step(fresh(), duis(noKrp('NO-B', 'NO-A', M1, 1n)), env());
    const signed = signPreCommand(t.response!.preCommand!, party('NO-B').ds.signer);
    const gbcs = (bytes: Uint8Array): StepInput => ({ kind: 'gbcs', bytes, at: T0 });
    expect(code(step(fresh(), gbcs(signed), env()).verdict)).toBe('accepted');
    expect(code(step(fresh(), gbcs(Buffer.from(signed)), env()).verdict)).toBe('accepted');
    // legacy: NO-B is not the registered NO of M1
    expect(code(step(fresh(), gbcs(signed), env('legacy')).verdict)).toBe('GATE_NOT_REGISTERED');
    // the registered NO signing for certificates it does not hold: authority
    const a = step(fresh(), duis(noKrp('NO-A', 'NO-A', M1, 1n)), env('relaxed'));
    const byA = signPreCommand(a.response!.preCommand!, party('NO-A').ds.signer);
    expect(code(step(fresh(), gbcs(byA), env('legacy')).verdict)).toBe('AUTHORITY_SIGNATURE');
  });

  it('refuses malformed GBCS bytes as PARSE_GBCS and changes no device', () => {
    const s = fresh();
    const before = deviceOf(s, M1);
    const r = step(s, { kind: 'gbcs', bytes: Uint8Array.of(0xdf, 0x09, 0x01), at: T0 }, env());
    expect(code(r.verdict)).toBe('PARSE_GBCS');
    expect(deviceOf(r.state, M1)).toBe(before);
  });

  it('applies world changes; a registration to a non-party is ERR_WORLD_EVENT and consumes nothing', () => {
    const s = fresh();
    const world = s.world;
    expect(() =>
      step(
        s,
        {
          kind: 'world',
          change: {
            kind: 'registration',
            mpxn: 'x',
            capacity: 'supplier',
            userId: party('NO-A').eui,
            at: T0,
          },
        },
        env(),
      ),
    ).toThrow(/ERR_WORLD_EVENT|not a supplier/);
    expect(s.world).toBe(world);
    const revoked = step(s, { kind: 'world', change: { kind: 'revoke', certificateIds: ['abc'] } }, env());
    expect(revoked.state.world.revoked.has('abc')).toBe(true);
    expect(revoked.verdict).toBeUndefined();
  });
});

describe('step: bounded pending pre-commands and audit', () => {
  it('keeps at most the cap of pending pre-commands under a flood of 100k unique CV 4 (oldest evicted)', () => {
    let s = fresh({ auditCap: 0 });
    const e = env('legacy');
    for (let i = 1; i <= 100_000; i++) {
      const r = step(s, { ...duis(disable(BigInt(i))), userRole: 'IS' } as StepInput, e);
      s = r.state;
      if (i === 1) expect(code(r.verdict)).toBe('accepted');
    }
    expect(pendingCount(s)).toBe(DEFAULT_DCC_LIMITS.pendingCap);
    const sendOf = (counter: bigint): StepInput => ({
      kind: 'duis',
      request: {
        ...disable(counter),
        commandVariant: 5,
        body: { kind: 'SignedPreCommand', gbcsPayload: Uint8Array.of(0) },
      },
      userRole: 'IS',
      at: T0,
    });
    const oldest = step(s, sendOf(1n), e);
    expect(code(oldest.verdict)).toBe('SEND_NO_PRECOMMAND');
    // the newest is still pending: its Send gets past the pending check (and fails on the bytes)
    expect(code(step(oldest.state, sendOf(100_000n), e).verdict)).toBe('PARSE_GBCS');
  });

  it('refuses a Send after the pending time-to-live as SEND_PRECOMMAND_EXPIRED', () => {
    const ttl = DEFAULT_DCC_LIMITS.pendingTtlMs;
    const late = new Date(T0.getTime() + ttl + 1);
    const onTime = new Date(T0.getTime() + ttl);
    expect(code(transformSend(fresh(), env(), 'NO-B', 1n, T0, late).verdict)).toBe('SEND_PRECOMMAND_EXPIRED');
    expect(code(transformSend(fresh(), env(), 'NO-B', 1n, T0, onTime).verdict)).toBe('accepted');
    const short = transformSend(
      fresh({ pendingTtlMs: 1000 }),
      env(),
      'NO-B',
      1n,
      T0,
      new Date(T0.getTime() + 1001),
    );
    expect(code(short.verdict)).toBe('SEND_PRECOMMAND_EXPIRED');
  });

  it('keeps the newest audit entries in a ring and hands every entry to the sink', () => {
    const sunk: AuditEntry[] = [];
    let s = fresh({ auditCap: 3 });
    for (let i = 1; i <= 5; i++)
      s = step(
        s,
        { ...duis(disable(BigInt(i))), userRole: 'IS' } as StepInput,
        env('legacy', (x) => sunk.push(x)),
      ).state;
    const audit = auditOf(s);
    expect(audit.written).toBe(5);
    expect(audit.entries.map((x) => x.key.split(':')[2])).toEqual(['3', '4', '5']);
    expect(sunk.map((x) => x.key.split(':')[2])).toEqual(['1', '2', '3', '4', '5']);
    expect(DEFAULT_DCC_LIMITS.auditCap).toBe(10_000);
  });

  it('reset clears pending pre-commands and the audit and restores the devices', () => {
    const b = built();
    const dcc = createDcc({
      world: b.world,
      devices: b.devices,
      policy: presetPolicy('corrective'),
      clock: { now: () => T0 },
      acbSigner: party('ACB').ds.signer,
    });
    dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 1n) }, party('NO-B').ds.signer);
    dcc.submit({ request: disable(1n), userRole: 'IS' });
    expect(pendingCount(dcc.state())).toBe(1);
    expect(dcc.audit().length).toBe(3);
    dcc.reset();
    expect(pendingCount(dcc.state())).toBe(0);
    expect(dcc.audit()).toEqual([]);
    expect(dcc.device(M1)!.cells.get('3/DS/management')?.eui).toBe(party('NO-B').eui);
  });
});
