import fc from 'fast-check';
import { generateKeyPairSync, sign } from 'node:crypto';
import {
  CertsError,
  derSignatureToP1363,
  memoiseVerification,
  deriveSigner,
  p1363ToDerSignature,
  publicKeyFromSpki,
  sha256Hex,
  verifyP1363,
} from '../../../certs';

const data = Buffer.from('GBCS general signing input');
const N = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');

describe('crypto seam', () => {
  it('hashes the standard SHA-256 test vector', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('derives the same key and byte-identical signatures for the same seed and label', () => {
    const a = deriveSigner('seed', 'label');
    const b = deriveSigner('seed', 'label');
    expect(a.publicKey.equals(b.publicKey)).toBe(true);
    expect(Buffer.from(a.sign(data))).toEqual(Buffer.from(b.sign(data)));
    expect(deriveSigner('seed', 'other').publicKey.equals(a.publicKey)).toBe(false);
    expect(deriveSigner('seed2', 'label').publicKey.equals(a.publicKey)).toBe(false);
  });

  it('produces 64-byte signatures that node:crypto verifies', () => {
    const signer = deriveSigner('seed', 'label');
    const sig = signer.sign(data);
    expect(sig).toHaveLength(64);
    expect(verifyP1363(signer.publicKey, data, sig)).toBe(true);
    expect(verifyP1363(signer.publicKey, Buffer.from('other'), sig)).toBe(false);
  });

  it('refuses wrong lengths and r or s outside [1, n-1] without throwing', () => {
    const signer = deriveSigner('seed', 'label');
    const sig = Buffer.from(signer.sign(data));
    expect(verifyP1363(signer.publicKey, data, sig.subarray(0, 63))).toBe(false);
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([sig, Buffer.of(0)]))).toBe(false);
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([Buffer.alloc(32), sig.subarray(32)]))).toBe(
      false,
    );
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([sig.subarray(0, 32), N]))).toBe(false);
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([N, sig.subarray(32)]))).toBe(false);
    expect(verifyP1363(signer.publicKey, data, Buffer.alloc(64, 0xff))).toBe(false);
  });

  it('accepts r and s anywhere in [1, n-1]: the high-s twin (r, n - s) of a valid signature verifies', () => {
    const signer = deriveSigner('seed', 'label');
    const sig = Buffer.from(signer.sign(data));
    const n = BigInt(`0x${N.toString('hex')}`);
    const s = BigInt(`0x${sig.subarray(32).toString('hex')}`);
    const twin = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([sig.subarray(0, 32), twin]))).toBe(true);
    const nMinus1 = Buffer.from((n - 1n).toString(16).padStart(64, '0'), 'hex');
    // n - 1 is in range (so OpenSSL decides), and it is not this message's signature.
    expect(verifyP1363(signer.publicKey, data, Buffer.concat([nMinus1, nMinus1]))).toBe(false);
  });

  it('converts between DER and r||s both ways, agreeing with node:crypto DER signatures', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = sign('sha256', data, privateKey);
    const raw = derSignatureToP1363(der);
    expect(verifyP1363(publicKey, data, raw)).toBe(true);
    expect(Buffer.from(p1363ToDerSignature(raw))).toEqual(der);
  });

  it('writes r||s as the minimal DER ECDSA-Sig-Value (leading zeros dropped, 00 before a set top bit)', () => {
    // Reference encoding written independently: each scalar as a minimal two's-complement INTEGER.
    const integer = (b: Uint8Array) => {
      let hex = BigInt(`0x${Buffer.from(b).toString('hex')}`).toString(16);
      if (hex.length % 2) hex = `0${hex}`;
      if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
      return Buffer.concat([Buffer.of(0x02, hex.length / 2), Buffer.from(hex, 'hex')]);
    };
    const scalar = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc
        .tuple(fc.integer({ min: 1, max: 31 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
        .map(([zeros, b]) => Uint8Array.from(b, (x, i) => (i < zeros ? 0 : x))),
    );
    fc.assert(
      fc.property(scalar, scalar, (r, s) => {
        fc.pre(r.some((x) => x !== 0) && s.some((x) => x !== 0));
        const rs = Buffer.concat([r, s]);
        const body = Buffer.concat([integer(r), integer(s)]);
        const der = p1363ToDerSignature(rs);
        expect(Buffer.from(der)).toEqual(Buffer.concat([Buffer.of(0x30, body.length), body]));
        expect(Buffer.from(derSignatureToP1363(der))).toEqual(rs);
      }),
    );
  });

  it('refuses malformed DER signatures with ERR_SIGNATURE_FORMAT', () => {
    for (const bad of [
      Buffer.of(),
      Buffer.of(0x30, 0x00),
      Buffer.of(0x30, 0x03, 0x02, 0x01, 0x80),
      Buffer.of(0x02, 0x01, 0x01),
    ]) {
      expect(() => derSignatureToP1363(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_SIGNATURE_FORMAT' }) as CertsError,
      );
    }
  });

  it('refuses a non-P-256 SubjectPublicKeyInfo with ERR_KEY_DECODE', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    expect(() => publicKeyFromSpki(spki)).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_DECODE' }) as CertsError,
    );
    expect(() => publicKeyFromSpki(Buffer.of(1, 2, 3))).toThrow(CertsError);
  });
});

describe('memoised verification', () => {
  afterEach(() => memoiseVerification(0));

  it('a hit gives the verdict of a miss; a changed byte, or a moved boundary between data and signature, misses', () => {
    const signer = deriveSigner('verify-memo', 'key');
    const message = Buffer.from('signed pre-command');
    const signature = signer.sign(message);
    memoiseVerification(100);
    expect(verifyP1363(signer.publicKey, message, signature)).toBe(true);
    expect(verifyP1363(signer.publicKey, Buffer.from(message), Buffer.from(signature))).toBe(true);
    const data2 = Buffer.from(message);
    data2[0] = data2[0]! ^ 1;
    expect(verifyP1363(signer.publicKey, data2, signature)).toBe(false);
    const sig2 = Buffer.from(signature);
    sig2[63] = sig2[63]! ^ 1;
    expect(verifyP1363(signer.publicKey, message, sig2)).toBe(false);
    // The same bytes split differently: one byte of data moved into the signature.
    const shorter = message.subarray(0, message.length - 1);
    const longer = Buffer.concat([message.subarray(message.length - 1), signature]);
    expect(verifyP1363(signer.publicKey, shorter, longer)).toBe(false);
    // Another key never shares a result.
    expect(verifyP1363(deriveSigner('verify-memo', 'other').publicKey, message, signature)).toBe(false);
    memoiseVerification(0);
    expect(verifyP1363(signer.publicKey, message, signature)).toBe(true);
  });
});
