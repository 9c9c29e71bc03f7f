import { keyAgreementKeyFromPem, signerFromPrivateKeyPem, verifyP1363, type Eui } from '../../certs';
import { createScenarioKeys, resolveScenario, type Scenario } from '../../harness/scenario';
import { buildWorld, createDcc, deliverCommand, deviceKeys, presetPolicy } from '../../simulator';
import {
  checkGbcsMac,
  decodeGbcsDateTime,
  decodeGeneralCiphering,
  decodeUscResponse,
  encodeGbcsDateTime,
  gbcsDateTimeToDate,
  type GbcsFinding,
} from '../../simulator/gbcs';
import { keystoreItem, loadTemplate, zaz1NoByNoCommand } from '../support/dcc-material';

// The reference DCC answers the DCC's own 6.15.1 NO-by-NO request (the DUIS template: counter 1200,
// 90B3D51F30020000 -> 00DB1234567890A0, floor 0) on a SMETS2 meter carrying the Z1 NO certificates.

const AT = new Date('2020-06-01T12:00:00Z');
const scenario: Scenario = {
  id: 'GBCS-RTDS-RESPONSE',
  title: 'the ZAZ1 NO rotates Z1 -> Z1b on a SMETS2 meter',
  description: 'reference response to the DCC template request',
  tags: ['zaz1'],
  specRefs: ['GBCS CS02b'],
  at: AT.toISOString(),
  world: {
    material: 'zaz1',
    networkOperators: [{ name: 'ZAZ1-NO', distributorIds: [13] }],
    suppliers: [{ name: 'ZAZ1-SUP' }],
    meters: [
      {
        name: 'Z1M',
        deviceId: '00-DB-12-34-56-78-90-A0',
        area: 13,
        smets: 2,
        supplier: 'ZAZ1-SUP',
        noCells: 'ZAZ1-NO',
      },
    ],
  },
  steps: [],
};

// The DCC's own ZAZ1 ACB key-agreement pair: the reference wraps with it under the smets2 policy.
const z1AcbKa = keystoreItem('Z1-accessControlBroker-ka');

function zaz1World() {
  const resolved = resolveScenario(scenario, createScenarioKeys());
  const spec = {
    ...resolved.world,
    acbKeyAgreement: { certificate: z1AcbKa.certificatePem, privateKey: z1AcbKa.privateKeyPem },
  };
  return { resolved, built: buildWorld(spec) };
}

function referenceResponse(policy: string): { response: Uint8Array; device: Eui } {
  const { resolved, built } = zaz1World();
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy: presetPolicy(policy),
    clock: { now: () => AT },
    acbSigner: resolved.party('ACB').ds.signer,
  });
  const signer = signerFromPrivateKeyPem(keystoreItem('Z1-networkOperator-ds').privateKeyPem);
  const verdict = dcc.perform(
    { request: loadTemplate('CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML'), userRole: 'ED' },
    signer,
  );
  if (verdict.outcome !== 'accepted' || !verdict.response)
    throw new Error(`not accepted: ${JSON.stringify(verdict)}`);
  return { response: verdict.response, device: resolved.deviceId('Z1M') };
}

describe('the ZAZ1 6.15.1 NO-by-NO command delivered under the smets2 policy', () => {
  const { resolved, built } = zaz1World();
  const device = resolved.deviceId('Z1M');

  it('is wrapped with the GMAC of ECDH(ZAZ1 ACB KA private, device KA public)', () => {
    const command = zaz1NoByNoCommand();
    const wrapped = decodeGeneralCiphering(deliverCommand(command, built.world, device));
    expect(Buffer.from(wrapped.generalSigningBytes)).toEqual(Buffer.from(command));
    // The device checks it with its own KA private key and the ZAZ1 ACB KA certificate.
    const acbCert = built.world.acbKeyAgreement!.certificate;
    expect(acbCert.eui).toBe(z1AcbKa.eui);
    expect(checkGbcsMac(wrapped, deviceKeys(device).ka.privateKey, acbCert.publicKey!)).toBe(true);
  });

  it('gives a response whose MAC the ZAZ1 NO checks with its own KA key', () => {
    const wrapped = decodeGeneralCiphering(referenceResponse('smets2').response);
    const noKa = keyAgreementKeyFromPem(keystoreItem('Z1-networkOperator-ka').privateKeyPem);
    expect(checkGbcsMac(wrapped, noKa.privateKey, deviceKeys(device).ka.publicKey)).toBe(true);
  });
});

describe('the reference response to the ZAZ1 6.15.1 NO-by-NO command', () => {
  const { response, device } = referenceResponse('smets2');
  // Under smets2 the SMETS2 device wraps its response in General-Ciphering; the fields are inside.
  const apdu = decodeGeneralCiphering(response).generalSigning;

  it('has the DCC header: CRA response, counter 1200, device -> NO, a 12-byte GBCS date-time', () => {
    expect(apdu.craFlag).toBe(2);
    expect(apdu.originatorCounter).toBe(1200n);
    expect(apdu.originator).toBe('00DB1234567890A0');
    expect(apdu.recipient).toBe('90B3D51F30020000');
    expect(apdu.messageCode).toBe(0x0103);
    expect(apdu.dateTime).toEqual(encodeGbcsDateTime(AT));
    expect(gbcsDateTimeToDate(decodeGbcsDateTime(apdu.dateTime!))).toEqual(AT);
  });

  it('is signed by the SMETS2 device with its own DS key', () => {
    expect(apdu.form).toBe('signed');
    expect(verifyP1363(deviceKeys(device).ds.publicKey, apdu.signedBytes, apdu.signature!)).toBe(true);
  });

  it('decodes field for field like the DCC reference data: ENUMERATED 0, untagged IDs, {role 3, seq 0}', () => {
    const findings: GbcsFinding[] = [];
    const r = decodeUscResponse(apdu.content, findings);
    expect(Buffer.from(apdu.content.subarray(0, 4)).toString('hex')).toBe('30820083');
    expect(apdu.content).toHaveLength(0x87);
    expect(findings.map((f) => f.code)).toEqual(['NON_MINIMAL_LENGTH']);
    expect(r.authorisingSeqNumber).toBe(1200n);
    expect(r.mode).toBe(3);
    expect(r.seqNumberChanges).toEqual([{ role: 3, seq: 0n }]);
    expect(r.outcomes.map((o) => [o.cell.keyUsage, o.status])).toEqual([
      ['DS', 0],
      ['KA', 0],
    ]);
    const hex = (b: Uint8Array | undefined) => Buffer.from(b!).toString('hex');
    for (const o of r.outcomes) {
      expect(hex(o.existingSubjectUniqueId)).toBe('90b3d51f30020000');
      expect(hex(o.replacingSubjectUniqueId)).toBe('90b3d51f30020000');
      expect(o.existingSubjectKeyId).toHaveLength(8);
      expect(o.replacingSubjectKeyId).toHaveLength(8);
      expect(hex(o.existingSubjectKeyId)).not.toBe(hex(o.replacingSubjectKeyId));
    }
    // ENUMERATED status and plain OCTET STRING IDs on the wire.
    expect(Buffer.from(apdu.content).toString('hex')).toContain('0a01000408' + '90b3d51f30020000');
  });

  it('is deterministic: the same request at the same time gives the same bytes', () => {
    expect(referenceResponse('smets2').response).toEqual(response);
  });
});
