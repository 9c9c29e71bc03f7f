/** General-Ciphering on the Send path: the ACB wraps commands to SMETS2 devices under the SMETS2 model. */
import fc from 'fast-check';
import {
  buildWorld,
  checkDeviceResponse,
  createDcc,
  deliverCommand,
  deviceKeys,
  deviceReceive,
  macWrapOn,
  presetPolicy,
  referenceWorldSpec,
  type Dcc,
  type Verdict,
  type World,
} from '../../../../simulator';
import {
  checkGbcsMac,
  decodeGeneralCiphering,
  decodeGeneralSigning,
  decodeUscResponse,
} from '../../../../simulator/gbcs';
import { keyAgreementKeyFromPem, verifyP1363 } from '../../../../certs';
import { M1, SMETS2_M1, noKrp, party, pki, T0 } from '../../../support/reference-dcc';

const smets2Meter = SMETS2_M1;

function dccOn(policy: string, world?: (w: World) => World, meters = smets2Meter): Dcc {
  const built = buildWorld(referenceWorldSpec(pki(), meters));
  return createDcc({
    world: world ? world(built.world) : built.world,
    devices: built.devices,
    policy: presetPolicy(policy),
    clock: { now: () => T0 },
    acbSigner: party('ACB').ds.signer,
  });
}

const accepted = (v: Verdict) => {
  if (v.outcome !== 'accepted') throw new Error(`refused: ${v.code} ${v.detail}`);
  return v;
};

/** The signed General-Signing bytes NO-B sends for a NO-B -> NO-A 6.15.1 on M1. */
function signedCommand(dcc: Dcc): Uint8Array {
  const r = dcc.performCritical({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer);
  if (!r.signed) throw new Error('nothing signed');
  return r.signed;
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe('General-Ciphering on the Send path (smets2 policy, SMETS2 device)', () => {
  it('wraps only under the SMETS2 model, for a SMETS2 device, when the world holds the ACB KA key', () => {
    const world = buildWorld(referenceWorldSpec(pki(), smets2Meter)).world;
    expect(world.acbKeyAgreement?.certificate.keyUsage).toBe('KA');
    expect(world.acbKeyAgreement?.certificate.eui).toBe(party('ACB').eui);
    expect(macWrapOn(world, presetPolicy('smets2'), M1)).toBe(true);
    expect(macWrapOn(world, presetPolicy('legacy'), M1)).toBe(false);
    const smets1World = buildWorld(referenceWorldSpec(pki())).world;
    expect(macWrapOn(smets1World, presetPolicy('smets2'), M1)).toBe(false);
    const certificateOnly = {
      ...world,
      acbKeyAgreement: { certificate: world.acbKeyAgreement!.certificate },
    };
    expect(macWrapOn(certificateOnly, presetPolicy('smets2'), M1)).toBe(false);
  });

  it("answers with the device's response wrapped: MAC under (NO-B's KA key, device KA), signature by the device", () => {
    const v = accepted(
      dccOn('smets2').perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer),
    );
    expect(v.responseMac).toBeUndefined();
    const wrapped = decodeGeneralCiphering(v.response!);
    // The recipient checks the MAC with its own KA private key and the device's KA public key.
    expect(
      checkGbcsMac(
        wrapped,
        keyAgreementKeyFromPem(party('NO-B').ka.signer.exportPrivateKeyPem()).privateKey,
        deviceKeys(M1).ka.publicKey,
      ),
    ).toBe(true);
    const inner = wrapped.generalSigning;
    expect([inner.craFlag, inner.originator, inner.recipient]).toEqual([2, M1, party('NO-B').eui]);
    expect(verifyP1363(deviceKeys(M1).ds.publicKey, inner.signedBytes, inner.signature!)).toBe(true);
    expect(decodeUscResponse(inner.content).outcomes).toHaveLength(2);
  });

  it('leaves every other preset as it was: a plain signed General-Signing response', () => {
    const v = accepted(
      dccOn('legacy').perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer),
    );
    expect(decodeGeneralSigning(v.response!).form).toBe('signed');
  });

  it('delivers a command the device accepts, and the device acts on the General-Signing APDU it received', () => {
    const dcc = dccOn('smets2');
    const world = buildWorld(referenceWorldSpec(pki(), smets2Meter)).world;
    const signed = signedCommand(dcc);
    const delivered = deliverCommand(signed, world, M1);
    expect(delivered[0]).toBe(0xdd);
    const received = deviceReceive(delivered, world, M1, '6.15.1');
    expect('outcome' in received).toBe(false);
    expect(Buffer.from(decodeGeneralCiphering(delivered).generalSigningBytes)).toEqual(Buffer.from(signed));
  });

  it('one flipped bit anywhere in the delivered command: the device refuses (DEVICE_MAC, alert 0x8F1E)', () => {
    const world = buildWorld(referenceWorldSpec(pki(), smets2Meter)).world;
    const delivered = deliverCommand(signedCommand(dccOn('smets2')), world, M1);
    fc.assert(
      fc.property(fc.nat({ max: delivered.length * 8 - 1 }), (bit) => {
        const v = deviceReceive(flipBit(delivered, bit), world, M1, '6.15.1');
        return (
          'outcome' in v &&
          v.stage === 'device' &&
          v.code === 'DEVICE_MAC' &&
          v.alertCode === 0x8f1e &&
          v.duisCode === 'E061507'
        );
      }),
      { numRuns: 200 },
    );
  });

  it('a wrong MAC end to end (the device holds another ACB KA certificate): refused at the device, nothing changes', () => {
    const dcc = dccOn('smets2', (w) => ({
      ...w,
      acbKeyAgreement: { certificate: party('NO-A').ka.certificate, key: w.acbKeyAgreement!.key! },
    }));
    const before = dcc.device(M1);
    const v = dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer);
    expect(v).toMatchObject({ outcome: 'rejected', stage: 'device', code: 'DEVICE_MAC' });
    expect(dcc.device(M1)).toEqual(before);
  });

  it('one flipped bit anywhere in the wrapped response: the response path reports RESPONSE_MAC', () => {
    const v = accepted(
      dccOn('smets2').perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer),
    );
    const recipientKa = party('NO-B').ka.certificate.publicKey!;
    expect(checkDeviceResponse(v.response!, M1, recipientKa)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat({ max: v.response!.length * 8 - 1 }), (bit) => {
        const failure = checkDeviceResponse(flipBit(v.response!, bit), M1, recipientKa);
        return failure?.code === 'RESPONSE_MAC';
      }),
      { numRuns: 200 },
    );
  });
});
