import fc from 'fast-check';
import { decodeCertificate, signerFromPrivateKeyPem } from '../../../../certs';
import { parseEui } from '../../../../certs/eui';
import {
  buildCs02bCommand,
  CredentialsReplacementMode,
  decodeCs02bCommand,
  decodeGeneralSigning,
  encodeGeneralSigning,
  GbcsError,
  krpSignedBytes,
  signKrp,
  verifyKrp,
} from '../../../../simulator/gbcs';
import { keystoreItem, loadTemplate, templateElements } from '../../../support/dcc-material';

const NO_EUI = parseEui('90B3D51F30020000');
const DEVICE = parseEui('00DB1234567890A0');
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GbcsError) return err.code;
    throw err;
  }
  return 'no error';
}

const TEMPLATE = 'CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML';

describe('CS02b networkOperatorByNetworkOperator with the real ZAZ1 NO', () => {
  const z1Ds = keystoreItem('Z1-networkOperator-ds');
  const signer = signerFromPrivateKeyPem(z1Ds.privateKeyPem);
  const z1DsCert = decodeCertificate(z1Ds.certificatePem);
  const xml = loadTemplate(TEMPLATE);
  const [ds] = templateElements(xml, 'DigitalSigningCertificate');
  const [ka] = templateElements(xml, 'KeyAgreementCertificate');
  const path = templateElements(xml, 'Certificate');
  const unsigned = buildCs02bCommand({
    originator: NO_EUI,
    recipient: DEVICE,
    counter: 1200n,
    usc: {
      mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
      authorisingCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
      newFloorSeqNumber: 0n,
      applyTimeBasedCpvChecks: 'apply',
      replacements: [
        { certificate: ds!, targetCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' } },
        { certificate: ka!, targetCell: { role: 3, keyUsage: 'KA', cellUsage: 'management' } },
      ],
      certificationPath: path,
    },
  });
  const signed = signKrp(unsigned, signer);

  it('uses the real material the template describes', () => {
    expect(z1DsCert.eui).toBe('90B3D51F30020000');
    expect(z1DsCert.role).toBe(3);
    expect(decodeCertificate(ds!).eui).toBe('90B3D51F30020000');
    expect(decodeCertificate(ds!).keyUsage).toBe('DS');
    expect(decodeCertificate(ka!).keyUsage).toBe('KA');
    expect(path).toHaveLength(1);
    expect(decodeCertificate(path[0]!).subjectCn).toBe('Z1');
  });

  it('encodes message code 0x0103 and decodes back to the same replacements', () => {
    expect(unsigned.messageCode).toBe(0x0103);
    const { apdu, usc } = decodeCs02bCommand(signed);
    expect(apdu.originator).toBe(NO_EUI);
    expect(apdu.originatorCounter).toBe(1200n);
    expect(usc.authorisingSeqNumber).toBe(1200n);
    expect(usc.replacements.map((r) => Buffer.from(r.certificate).toString('base64'))).toEqual([
      Buffer.from(ds!).toString('base64'),
      Buffer.from(ka!).toString('base64'),
    ]);
    expect(encodeGeneralSigning(apdu)).toEqual(signed);
  });

  it('verifies with the Z1 NO DS certificate key', () => {
    expect(verifyKrp(signed, z1DsCert.publicKey!)).toBe(true);
  });

  it('signs exactly the bytes after DF up to the end of the content', () => {
    const signedRange = krpSignedBytes(signed);
    expect(signedRange).toEqual(signed.subarray(1, signed.length - 65));
  });

  it('fails with another party certificate (Z1b NO DS, Z1 supplier DS)', () => {
    expect(verifyKrp(signed, decodeCertificate(ds!).publicKey!)).toBe(false);
    expect(
      verifyKrp(signed, decodeCertificate(keystoreItem('Z1-supplier-ds').certificatePem).publicKey!),
    ).toBe(false);
  });

  it('fails when unsigned', () => {
    expect(verifyKrp(encodeGeneralSigning(unsigned), z1DsCert.publicKey!)).toBe(false);
  });

  it('fails after any single bit flip in the signed range', () => {
    const key = z1DsCert.publicKey!;
    const end = signed.length - 65;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: end - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
        const copy = signed.slice();
        copy[at]! ^= 1 << bit;
        expect(verifyKrp(copy, key)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('fails when r or s is zero or equals the curve order n', () => {
    const key = z1DsCert.publicKey!;
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
    const withSig = (r: Uint8Array, s: Uint8Array): Uint8Array => {
      const copy = signed.slice();
      copy.set(r, signed.length - 64);
      copy.set(s, signed.length - 32);
      return copy;
    };
    const sig = signed.subarray(signed.length - 64);
    expect(verifyKrp(withSig(new Uint8Array(32), sig.subarray(32)), key)).toBe(false);
    expect(verifyKrp(withSig(sig.subarray(0, 32), n), key)).toBe(false);
  });

  it('rejects a message code that does not match the mode and a counter that differs', () => {
    const wrongCode = encodeGeneralSigning({ ...unsigned, messageCode: 0x0102 });
    expect(codeOf(() => decodeCs02bCommand(wrongCode))).toBe('ERR_GBCS_MESSAGE_CODE');
    const wrongCounter = encodeGeneralSigning({ ...unsigned, originatorCounter: 1201n });
    expect(codeOf(() => decodeCs02bCommand(wrongCounter))).toBe('ERR_GBCS_COUNTER_MISMATCH');
  });
});

describe('a real DCC signed pre-command (ECS42, SRV 7.1, from the DUIS templates)', () => {
  const xml = loadTemplate('ECS42_7.1_REQUEST_DUIS.XML');
  const bytes = Uint8Array.from(Buffer.from(/<sr:GBCSPayload>([^<]+)</.exec(xml)![1]!, 'base64'));

  it('decodes to the fields of the header and re-encodes byte-identically', () => {
    const d = decodeGeneralSigning(bytes);
    expect(d.craFlag).toBe(1);
    expect(d.originatorCounter).toBe(1000n);
    expect(d.originator).toBe('90B3D51F30010000');
    expect(d.recipient).toBe('00DB1234567890A0');
    expect(d.messageCode).toBe(0x004f);
    expect(d.content).toHaveLength(21);
    const { signedBytes, ...apdu } = d;
    expect(signedBytes).toEqual(bytes.subarray(1, bytes.length - 65));
    expect(encodeGeneralSigning(apdu)).toEqual(bytes);
  });

  it('verifies with the Z1 supplier DS key and not with the Z1 NO DS key', () => {
    expect(
      verifyKrp(bytes, decodeCertificate(keystoreItem('Z1-supplier-ds').certificatePem).publicKey!),
    ).toBe(true);
    expect(
      verifyKrp(bytes, decodeCertificate(keystoreItem('Z1-networkOperator-ds').certificatePem).publicKey!),
    ).toBe(false);
  });
});
