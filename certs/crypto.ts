import {
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  sign as nodeSign,
  timingSafeEqual,
  verify as nodeVerify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/p256';
import { CertsError } from './errors';
import type { Signer } from './types';
import { children, expectTag, readSingle, readUnsigned } from './der/reader';
import { newBytes } from './der/writer';

// The one crypto seam of the project: only this module signs, verifies, agrees keys or computes MACs.

const N = p256.CURVE.n;
const SEC1_PREFIX = Uint8Array.from([0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20]);
const SEC1_SUFFIX = Uint8Array.from([0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]);

/** A plain Uint8Array over a Buffer's bytes: no copy (callers compare and encode plain arrays). */
function plainView(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Uint8Array {
  return plainView(createHash('sha256').update(data).digest());
}

/**
 * SHA-256 of UTF-8 text that `produce` hands over in pieces, so that a long text (a canonical form
 * of a 1 MiB document) is never held whole.
 */
export function sha256Utf8(produce: (update: (text: string) => void) => void): Uint8Array {
  const hash = createHash('sha256');
  produce((text) => void hash.update(text, 'utf8'));
  return plainView(hash.digest());
}

/** SHA-256 of `data`, lower-case hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function bigIntTo32(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, '0'), 'hex'));
}

function deriveScalar(seed: string, label: string): Uint8Array {
  const base = Buffer.concat([Buffer.from(seed, 'utf8'), Buffer.from([0]), Buffer.from(label, 'utf8')]);
  for (let counter = 0; counter < 256; counter++) {
    const input = counter === 0 ? base : Buffer.concat([base, Buffer.from([0, counter])]);
    const candidate = sha256(input);
    const value = bytesToBigInt(candidate);
    if (value > 0n && value < N) return candidate;
  }
  throw new CertsError('ERR_KEY_DERIVE', `no valid P-256 scalar for label ${JSON.stringify(label)}`);
}

function pkcs8Pem(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

function publicKeyFromScalar(scalar: Uint8Array): KeyObject {
  const der = Buffer.concat([SEC1_PREFIX, scalar, SEC1_SUFFIX]);
  return createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'sec1' }));
}

/**
 * Deterministic P-256 signer: scalar = SHA-256(seed || 0x00 || label), re-hashed with a counter
 * when out of range; signatures are RFC 6979 so identical inputs give identical bytes.
 */
export function deriveSigner(seed: string, label: string): Signer {
  const scalar = deriveScalar(seed, label);
  const publicKey = publicKeyFromScalar(scalar);
  return {
    publicKey,
    sign(data: Uint8Array): Uint8Array {
      return p256.sign(sha256(data), scalar).toCompactRawBytes();
    },
    exportPrivateKeyPem: () =>
      pkcs8Pem(
        createPrivateKey({
          key: Buffer.concat([SEC1_PREFIX, scalar, SEC1_SUFFIX]),
          format: 'der',
          type: 'sec1',
        }),
      ),
  };
}

/** Reads a PKCS#8 or SEC1 PEM private key that must be EC P-256 (ERR_KEY_DECODE otherwise). */
function p256PrivateKeyFromPem(pem: string): KeyObject {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (cause) {
    throw new CertsError('ERR_KEY_DECODE', 'private key PEM does not decode', { cause });
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CertsError('ERR_KEY_DECODE', 'private key is not EC P-256');
  }
  return privateKey;
}

/** A signer from a PKCS#8 or SEC1 PEM private key (signatures randomised by OpenSSL). */
export function signerFromPrivateKeyPem(pem: string): Signer {
  const privateKey = p256PrivateKeyFromPem(pem);
  const publicKey = createPublicKey(privateKey);
  return {
    publicKey,
    sign(data: Uint8Array): Uint8Array {
      return plainView(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    },
    exportPrivateKeyPem: () => pkcs8Pem(privateKey),
  };
}

/** A node:crypto public key from SubjectPublicKeyInfo DER; must be EC P-256. */
export function publicKeyFromSpki(spki: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new CertsError('ERR_KEY_DECODE', 'SubjectPublicKeyInfo does not decode', { cause });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CertsError('ERR_KEY_DECODE', 'public key is not EC P-256');
  }
  return key;
}

/** SubjectPublicKeyInfo DER of a public key. */
export function spkiOf(publicKey: KeyObject): Uint8Array {
  return Uint8Array.from(publicKey.export({ format: 'der', type: 'spki' }));
}

/** The uncompressed EC point (65 bytes) of a P-256 public key. */
export function rawPublicKey(publicKey: KeyObject): Uint8Array {
  return spkiOf(publicKey).subarray(-65);
}

const N_BYTES = bigIntTo32(N);
/** The largest 256-bit value (the bound of an ECDSA-Sig-Value INTEGER). */
const MAX_256 = (1n << 256n) - 1n;

/** 1 <= v < n for a 32-byte big-endian v, compared byte by byte (no BigInt on the hot path). */
function inScalarRange(bytes: Uint8Array): boolean {
  let nonZero = false;
  let below: boolean | undefined;
  for (let i = 0; i < 32; i++) {
    const b = bytes[i]!;
    if (b !== 0) nonZero = true;
    if (below === undefined && b !== N_BYTES[i]!) below = b < N_BYTES[i]!;
  }
  return nonZero && below === true;
}

/**
 * Strict ECDSA P-256 / SHA-256 verification of a 64-byte r||s signature; false, never throws,
 * for a wrong length, r or s outside [1, n-1] or a signature that does not verify.
 */
export function verifyP1363(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  // Only 64-byte signatures reach the memo, so (data, signature) is unambiguous in its key.
  if (!verifyMemo || signature.length !== 64) return verifyUncached(publicKey, data, signature);
  const key = `${keyIdOf(publicKey)}:${createHash('sha256').update(data).update(signature).digest('base64')}`;
  const hit = verifyMemo.get(key);
  if (hit !== undefined) return hit;
  const result = verifyUncached(publicKey, data, signature);
  if (verifyMemo.size >= verifyMemoLimit) verifyMemo.clear();
  verifyMemo.set(key, result);
  return result;
}

let verifyMemo: Map<string, boolean> | undefined;
let verifyMemoLimit = 0;
const keyIds = new WeakMap<KeyObject, number>();
let nextKeyId = 0;

function keyIdOf(publicKey: KeyObject): number {
  let id = keyIds.get(publicKey);
  if (id === undefined) {
    id = nextKeyId++;
    keyIds.set(publicKey, id);
  }
  return id;
}

/**
 * Memoises verifyP1363 results by (key, data, signature) for at most `limit` entries (the cache
 * is emptied when full; results already memoised are kept when it is on already); `0` turns
 * memoisation off. Verification is pure, so a prover that checks the same signed bytes many
 * times may reuse results. Off by default.
 */
export function memoiseVerification(limit: number): void {
  verifyMemoLimit = limit;
  verifyMemo = limit > 0 ? (verifyMemo && verifyMemo.size < limit ? verifyMemo : new Map()) : undefined;
}

function verifyUncached(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  if (!inScalarRange(signature.subarray(0, 32)) || !inScalarRange(signature.subarray(32))) return false;
  try {
    // OpenSSL verifies DER; converting here is cheaper than node's `dsaEncoding: 'ieee-p1363'`
    // option (about 1 us a verification, measured).
    return nodeVerify('sha256', data, publicKey, p1363ToDerSignature(signature));
  } catch {
    return false;
  }
}

/** Length of the minimal INTEGER contents of the 32-byte unsigned big-endian at `at` (a leading 0 added for a set top bit). */
function integerContentLength(sig: Uint8Array, at: number): number {
  let i = at;
  while (i < at + 31 && sig[i] === 0) i++;
  return at + 32 - i + (sig[i]! & 0x80 ? 1 : 0);
}

function writeInteger(out: Uint8Array, at: number, sig: Uint8Array, from: number, length: number): number {
  out[at] = 0x02;
  out[at + 1] = length;
  // The last min(length, 32) octets of the scalar, after the 00 a set top bit needs.
  const end = at + 2 + length;
  for (let i = 1; i <= Math.min(length, 32); i++) out[end - i] = sig[from + 32 - i]!;
  return end;
}

/** The DER ECDSA-Sig-Value of a 64-byte r||s, written in place (at most 72 bytes: one small on-heap array). */
function derOfScalars(sig: Uint8Array): Uint8Array {
  const rl = integerContentLength(sig, 0);
  const sl = integerContentLength(sig, 32);
  const out = newBytes(2 + 2 + rl + 2 + sl);
  out[0] = 0x30;
  out[1] = 2 + rl + 2 + sl;
  writeInteger(out, writeInteger(out, 2, sig, 0, rl), sig, 32, sl);
  return out;
}

/** DER ECDSA-Sig-Value to 64-byte r||s; throws CertsError ERR_SIGNATURE_FORMAT when malformed. */
export function derSignatureToP1363(der: Uint8Array): Uint8Array {
  try {
    const parts = children(expectTag(readSingle(der), 0x30, 'ECDSA-Sig-Value'));
    if (parts.length !== 2) throw new CertsError('ERR_DER_FORMAT', 'ECDSA-Sig-Value must hold two INTEGERs');
    const r = bigIntTo32(readUnsigned(expectTag(parts[0], 0x02, 'r'), MAX_256, 'r'));
    const s = bigIntTo32(readUnsigned(expectTag(parts[1], 0x02, 's'), MAX_256, 's'));
    const out = new Uint8Array(64);
    out.set(r, 0);
    out.set(s, 32);
    return out;
  } catch (cause) {
    throw new CertsError('ERR_SIGNATURE_FORMAT', 'ECDSA signature is not a DER ECDSA-Sig-Value', { cause });
  }
}

/** 64-byte r||s to a DER ECDSA-Sig-Value; throws CertsError ERR_SIGNATURE_FORMAT on a wrong length. */
export function p1363ToDerSignature(sig: Uint8Array): Uint8Array {
  if (sig.length !== 64)
    throw new CertsError('ERR_SIGNATURE_FORMAT', `r||s must be 64 bytes, got ${sig.length}`);
  return derOfScalars(sig);
}

/**
 * The same P-256 key as `deriveSigner(seed, label)`, signing through node:crypto with a cached
 * private KeyObject: randomised (not RFC 6979) signatures, for bulk runs such as the estate.
 */
export function deriveNodeSigner(seed: string, label: string): Signer {
  const scalar = deriveScalar(seed, label);
  const privateKey = createPrivateKey({
    key: Buffer.concat([SEC1_PREFIX, scalar, SEC1_SUFFIX]),
    format: 'der',
    type: 'sec1',
  });
  const publicKey = createPublicKey(privateKey);
  return {
    publicKey,
    sign(data: Uint8Array): Uint8Array {
      return plainView(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    },
    exportPrivateKeyPem: () => pkcs8Pem(privateKey),
  };
}

/** A P-256 key-agreement (ECDH) key pair; the private part never leaves node:crypto. */
export interface KeyAgreementKey {
  readonly publicKey: KeyObject;
  readonly privateKey: KeyObject;
}

/** The deterministic P-256 key-agreement key for (seed, label), derived like `deriveSigner`. */
export function deriveKeyAgreementKey(seed: string, label: string): KeyAgreementKey {
  const privateKey = createPrivateKey({
    key: Buffer.concat([SEC1_PREFIX, deriveScalar(seed, label), SEC1_SUFFIX]),
    format: 'der',
    type: 'sec1',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** A key-agreement key pair from a PKCS#8 or SEC1 PEM private key; must be EC P-256. */
export function keyAgreementKeyFromPem(pem: string): KeyAgreementKey {
  const privateKey = p256PrivateKeyFromPem(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The ECDH P-256 shared secret Z (the 32-byte x-coordinate) of a private and a public key;
 * throws CertsError ERR_KEY_DECODE when either is not a P-256 key.
 */
export function ecdhP256(privateKey: KeyObject, publicKey: KeyObject): Uint8Array {
  const p256Key = (k: KeyObject) =>
    k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!p256Key(privateKey) || !p256Key(publicKey) || privateKey.type !== 'private') {
    throw new CertsError('ERR_KEY_DECODE', 'ECDH needs a P-256 private key and a P-256 public key');
  }
  return Uint8Array.from(diffieHellman({ privateKey, publicKey }));
}

/**
 * The AES-128-GCM authentication tag (GMAC when `plaintext` is empty) of `aad` under a 16-byte key and
 * a 12-byte IV, truncated to `tagLength` bytes (12..16).
 */
export function aes128GcmTag(
  key: Uint8Array,
  iv: Uint8Array,
  aad: Uint8Array,
  tagLength: number,
  plaintext: Uint8Array = new Uint8Array(),
): Uint8Array {
  if (key.length !== 16 || iv.length !== 12 || tagLength < 12 || tagLength > 16) {
    throw new CertsError(
      'ERR_KEY_DECODE',
      'AES-128-GCM needs a 16-byte key, a 12-byte IV and a 12..16-byte tag',
    );
  }
  const cipher = createCipheriv('aes-128-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(aad);
  cipher.update(plaintext);
  cipher.final();
  return Uint8Array.from(cipher.getAuthTag().subarray(0, tagLength));
}

/** Constant-time equality of two byte strings (false for different lengths). */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
