import { keyAgreementKeyFromPem, parseEui } from '../../../certs';
import { referenceWorld } from '../../../api/world';
import { withSmets2 } from '../../support/reference-dcc';
import { deviceKeys } from '../../../simulator';
import { wrapGeneralCiphering } from '../../../simulator/gbcs';
import { krpRequest } from '../../../simulator';
import {
  createReferenceDcc,
  duisXml,
  performDuis,
  referenceCredentials,
  referenceParty,
  REFERENCE_TIME,
  submitDuis,
  submitGbcs,
} from '../../../api/dcc';
import { signPreCommand } from '../../../simulator';

const M1 = parseEui('00-DB-12-34-56-78-90-01');
const handBack = (counter: bigint) =>
  krpRequest({
    sender: referenceParty('NO-B').eui,
    device: M1,
    counter,
    remotePartyRole: 'NetworkOperator',
    ds: referenceParty('NO-A').ds.certificate,
    ka: referenceParty('NO-A').ka.certificate,
    path: [referenceCredentials().ca.certificate],
    floor: 0n,
  });

describe('reference DCC API', () => {
  it('defaults to legacy over the reference world at the reference time', () => {
    const dcc = createReferenceDcc();
    expect(dcc.policy.name).toBe('legacy');
    expect(dcc.device(M1)).toBeDefined();
    const r = submitDuis(dcc, duisXml(handBack(1n)));
    expect(r).toMatchObject({ accepted: false, duisCode: 'E4', outcomes: [] });
    expect(dcc.audit()[0]?.at).toBe(REFERENCE_TIME.toISOString());
  });

  it('flattens an applied replacement: outcomes, response bytes, and the state changed', () => {
    const dcc = createReferenceDcc({ policy: 'corrective' });
    const before = dcc.device(M1);
    const r = performDuis(dcc, handBack(1n), referenceParty('NO-B').ds.signer);
    expect(r.accepted).toBe(true);
    expect(r.outcomes).toHaveLength(2);
    expect(r.response?.length).toBeGreaterThan(0);
    expect(dcc.device(M1)).not.toBe(before);
  });

  it('a wrong signer is a refusal that leaves the device unchanged', () => {
    const dcc = createReferenceDcc({ policy: 'corrective' });
    const before = dcc.device(M1);
    const r = performDuis(dcc, handBack(1n), referenceParty('NO-C').ds.signer);
    expect(r.accepted).toBe(false);
    expect(r.preCommand).toBeUndefined();
    expect(dcc.device(M1)).toBe(before);
  });

  it('unknown reference parties and policies are coded errors', () => {
    expect(() => referenceParty('NO-Z')).toThrow(expect.objectContaining({ code: 'ERR_API_SCENARIO' }));
    expect(() => createReferenceDcc({ policy: 'lenient' })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_UNKNOWN' }),
    );
  });

  it('uses an injected clock when a submission names no time', () => {
    const at = new Date('2025-01-02T03:04:05Z');
    const dcc = createReferenceDcc({ clock: { now: () => at } });
    submitDuis(dcc, duisXml(handBack(1n)));
    expect(dcc.audit()[0]?.at).toBe(at.toISOString());
  });

  it('submits raw signed GBCS at the DCC clock; bad bytes are a PARSE_GBCS refusal that changes nothing', () => {
    const pre = submitDuis(createReferenceDcc({ policy: 'corrective' }), duisXml(handBack(1n))).preCommand!;
    const signed = signPreCommand(pre, referenceParty('NO-B').ds.signer);
    const at = new Date('2025-03-04T05:06:07Z');
    const dcc = createReferenceDcc({ policy: 'corrective', clock: at });
    const before = dcc.device(M1);
    const bad = submitGbcs(dcc, Uint8Array.of(0xdf, 0x09, 0x01));
    expect(bad.verdict).toMatchObject({ outcome: 'rejected', code: 'PARSE_GBCS' });
    expect(dcc.device(M1)).toBe(before);
    const ok = submitGbcs(dcc, signed);
    expect(ok).toMatchObject({ accepted: true, duisCode: 'I0' });
    expect(ok.outcomes).toHaveLength(2);
    expect(dcc.audit().at(-1)?.at).toBe(at.toISOString());
    // replaying the same bytes is refused on the counter
    expect(submitGbcs(dcc, signed).accepted).toBe(false);
  });
});

describe('submitGbcs with a General-Ciphering wrapped command (what the DCC delivers)', () => {
  const spec = referenceWorld();
  const smets2 = withSmets2(spec, M1);
  const acb = keyAgreementKeyFromPem(spec.acbKeyAgreement!.privateKey!).privateKey;
  const preCommand = submitDuis(
    createReferenceDcc({ policy: 'corrective' }),
    duisXml(handBack(1n)),
  ).preCommand!;
  const signed = signPreCommand(preCommand, referenceParty('NO-B').ds.signer);
  const wrapped = wrapGeneralCiphering(signed, acb, deviceKeys(M1).ka.publicKey);

  it('unwraps and decides as for the bare command when the MAC verifies', () => {
    for (const [world, policy] of [
      [smets2, 'smets2'],
      [spec, 'corrective'],
    ] as const) {
      const plain = submitGbcs(createReferenceDcc({ policy, world }), signed);
      const viaWrapper = submitGbcs(createReferenceDcc({ policy, world }), wrapped);
      expect(viaWrapper.verdict).toEqual(plain.verdict);
      expect(viaWrapper.accepted).toBe(true);
    }
  });

  it('refuses a wrong MAC at a SMETS2 device as the Send path does (DEVICE_MAC, stage device)', () => {
    const bad = wrapped.slice();
    bad[bad.length - 1]! ^= 1;
    const dcc = createReferenceDcc({ policy: 'smets2', world: smets2 });
    const before = dcc.device(M1);
    const r = submitGbcs(dcc, bad);
    expect(r.verdict).toMatchObject({ outcome: 'rejected', code: 'DEVICE_MAC', stage: 'device' });
    expect(dcc.device(M1)).toEqual(before);
    // an unreadable wrapper is a parse refusal
    expect(submitGbcs(dcc, wrapped.subarray(0, 20)).verdict).toMatchObject({ code: 'PARSE_GBCS' });
  });
});
