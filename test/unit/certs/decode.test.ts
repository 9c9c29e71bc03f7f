import { publicKeyLoads } from '../../../certs/decode';
import {
  checkOrgProfile,
  type CertsError,
  decodeCertificate,
  derToPem,
  issueTestPki,
  parseEui,
  pemToDerList,
} from '../../../certs';

const pki = issueTestPki({
  seed: 'decode',
  parties: [{ name: 'NO-A', eui: parseEui('90B3D51F30030001'), role: 3 }],
});
const der = pki.parties[0]!.ds.certificate.der;

describe('decodeCertificate', () => {
  it('decodes DER, PEM and base64 text to the same cached value', () => {
    const fromDer = decodeCertificate(der);
    expect(decodeCertificate(derToPem(der))).toBe(fromDer);
    expect(decodeCertificate(Buffer.from(der).toString('base64'))).toBe(fromDer);
    expect(fromDer.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('decodes what a reused bytes array holds now, not what it held when first decoded', () => {
    const bytes = Uint8Array.from(der);
    const first = decodeCertificate(bytes);
    expect(decodeCertificate(bytes)).toBe(first);
    const last = bytes.length - 1;
    const flip = () => (bytes[last] = bytes[last]! ^ 0x01);
    flip(); // the last octet of the signature's s: still well-formed DER
    const changed = decodeCertificate(bytes);
    expect(changed).not.toBe(first);
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    flip();
    expect(decodeCertificate(bytes)).toBe(first);
  });

  it('exposes the TBS bytes, r||s signature and extension headers', () => {
    const c = decodeCertificate(der);
    expect(Buffer.from(der).includes(Buffer.from(c.tbsDer))).toBe(true);
    expect(c.signatureAlgorithmOid).toBe('1.2.840.10045.4.3.2');
    expect(c.signatureP1363).toHaveLength(64);
    expect(c.publicKeyCurveOid).toBe('1.2.840.10045.3.1.7');
    expect(c.extensions).toEqual([
      { oid: '2.5.29.15', critical: true },
      { oid: '2.5.29.14', critical: false },
      { oid: '2.5.29.32', critical: true },
      { oid: '2.5.29.35', critical: false },
    ]);
    expect(c.certificateId).toBe(`${c.serialHex}@ZC`);
  });

  it('splits multi-block PEM and round-trips DER through PEM', () => {
    const two = derToPem(der) + derToPem(pki.ca.certificate.der);
    expect(pemToDerList(two).map((d) => Buffer.from(d).toString('hex'))).toEqual(
      [der, pki.ca.certificate.der].map((d) => Buffer.from(d).toString('hex')),
    );
    expect(() => pemToDerList('no pem here')).toThrow(
      expect.objectContaining({ code: 'ERR_PEM_DECODE' }) as CertsError,
    );
  });

  it.each([
    ['empty bytes', new Uint8Array()],
    ['trailing byte', Uint8Array.from([...der, 0])],
    ['truncated', der.subarray(0, der.length - 1)],
    ['not base64', 'not a certificate!'],
    ['two PEM blocks', derToPem(der) + derToPem(der)],
    ['indefinite length', Uint8Array.of(0x30, 0x80, 0, 0)],
  ])('refuses %s with ERR_CERT_DECODE', (_what, input) => {
    expect(() => decodeCertificate(input)).toThrow(
      expect.objectContaining({ code: 'ERR_CERT_DECODE' }) as CertsError,
    );
  });
});

describe('public keys load on first use', () => {
  it('makes the KeyObject when it is first read and keeps it', () => {
    const c = decodeCertificate(Buffer.from(der).toString('base64') + '\n');
    expect(typeof Object.getOwnPropertyDescriptor(c, 'publicKey')?.get).toBe('function');
    expect(publicKeyLoads(c)).toBe(true);
    const key = c.publicKey;
    expect(key?.asymmetricKeyType).toBe('ec');
    expect(c.publicKey).toBe(key);
  });

  it('says a key that is not a P-256 point does not load, and the profile check refuses it', () => {
    const bytes = Uint8Array.from(der);
    const c0 = decodeCertificate(der);
    const at = Buffer.from(bytes).indexOf(Buffer.from(c0.spki)) + c0.spki.length - 1;
    bytes[at] = bytes[at]! ^ 0x01; // the point's last y octet: no longer on the curve
    const c = decodeCertificate(bytes);
    expect(c.fingerprint).not.toBe(c0.fingerprint);
    expect(publicKeyLoads(c)).toBe(false);
    expect(c.publicKey).toBeUndefined();
    expect(publicKeyLoads(c)).toBe(false);
    expect(checkOrgProfile(c).map((f) => f.code)).toContain('PROFILE_KEY_NOT_P256');
    expect(checkOrgProfile(c0).map((f) => f.code)).not.toContain('PROFILE_KEY_NOT_P256');
  });
});
