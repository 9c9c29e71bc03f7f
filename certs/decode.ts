import type { KeyObject } from 'node:crypto';
import { CertsError } from './errors';
import { parseEui } from './eui';
import type { Eui } from './eui';
import { ouToRole } from './roles';
import type { CertificateExtension, OrgCertificate } from './types';
import { derSignatureToP1363, sha256Hex } from './crypto';
import { children, expectTag, readSingle } from './der/reader';
import { readExtensions } from './decode-extensions';
import type { DecodedExtensions } from './decode-extensions';
import { keyUsageOf, readAlgorithmOid, readSpki, readTime, spkiLoads } from './decode-fields';
import { readBitString, readName, toHex } from './decode-name';
import { createLru } from './lru';
import { base64Strict, pemToDerList } from './pem';

const MAX_CERT_BYTES = 64 * 1024;

/**
 * Default bounds of the decode cache: 2048 certificates (a profile certificate decodes to about
 * 5 KB) and 16 MiB of weight, an entry weighing ten times its DER size plus 1 KiB (measured: the
 * decoded names, keys and hex copies take about nine times the DER on the heap), so certificates
 * padded towards the 64 KiB input limit cannot outgrow a small heap.
 * @see docs/reliability.md
 */
export const DEFAULT_DECODE_CACHE_LIMIT = 2048;
/** Default weight bound of the decode cache, in bytes. @see DEFAULT_DECODE_CACHE_LIMIT */
export const DEFAULT_DECODE_CACHE_BYTES = 16 * 1024 * 1024;

const cache = createLru<string, OrgCertificate>(DEFAULT_DECODE_CACHE_LIMIT, {
  weigh: (c) => 10 * c.der.length + 1024,
  maxWeight: DEFAULT_DECODE_CACHE_BYTES,
});

function toDer(input: Uint8Array | string): Uint8Array {
  if (typeof input !== 'string') return input;
  if (input.includes('-----BEGIN')) {
    const list = pemToDerList(input);
    if (list.length !== 1)
      throw new CertsError('ERR_CERT_DECODE', `expected one PEM block, got ${list.length}`);
    return list[0]!;
  }
  return base64Strict(input, 'ERR_CERT_DECODE');
}

/**
 * Decodes an organisation certificate from DER bytes, PEM or base64 text, once per fingerprint
 * while it stays in the bounded LRU cache; any malformed input raises CertsError ERR_CERT_DECODE
 * and nothing else (refused input is never cached).
 */
export function decodeCertificate(input: Uint8Array | string): OrgCertificate {
  // The same bytes object seen before, still holding the same bytes: no need to hash it again.
  const seen = typeof input === 'string' ? undefined : byInput.get(input);
  if (seen && (seen.der === input || sameBytes(seen.der, input as Uint8Array))) return seen;
  let der: Uint8Array;
  try {
    der = toDer(input);
  } catch (cause) {
    throw new CertsError('ERR_CERT_DECODE', 'certificate text does not decode', { cause });
  }
  if (der.length > MAX_CERT_BYTES)
    throw new CertsError('ERR_CERT_DECODE', `certificate larger than ${MAX_CERT_BYTES} bytes`);
  const fingerprint = sha256Hex(der);
  const hit = cache.get(fingerprint);
  if (hit) {
    if (typeof input !== 'string') byInput.set(input, hit);
    return hit;
  }
  let cert: OrgCertificate;
  try {
    cert = parseCertificate(Uint8Array.from(der), fingerprint);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CertsError('ERR_CERT_DECODE', `certificate does not decode: ${reason}`, { cause });
  }
  cache.set(fingerprint, cert);
  if (typeof input !== 'string') byInput.set(input, cert);
  return cert;
}

/**
 * Decoded certificates by the identity of the bytes they were decoded from, checked byte for byte
 * on a hit (weak keys: an entry lives no longer than its input array).
 */
let byInput = new WeakMap<Uint8Array, OrgCertificate>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}

function parseCertificate(der: Uint8Array, fingerprint: string): OrgCertificate {
  const [tbs, sigAlg, sigValue, extra] = children(expectTag(readSingle(der), 0x30, 'Certificate'));
  if (!tbs || !sigAlg || !sigValue || extra)
    throw new CertsError('ERR_DER_FORMAT', 'Certificate must have three parts');
  expectTag(tbs, 0x30, 'TBSCertificate');
  const signatureAlgorithmOid = readAlgorithmOid(sigAlg);
  const sigBits = readBitString(sigValue);
  if (sigBits.bits % 8 !== 0) throw new CertsError('ERR_DER_FORMAT', 'signature BIT STRING has unused bits');
  let signatureP1363: Uint8Array | undefined;
  try {
    signatureP1363 = derSignatureToP1363(sigBits.bytes);
  } catch {
    signatureP1363 = undefined;
  }

  const fields = children(tbs);
  let i = 0;
  let version = 1;
  if (fields[0]?.tag === 0xa0) {
    const [v, more] = children(fields[0]);
    const vc = expectTag(v, 0x02, 'version').content;
    if (more || vc.length !== 1) throw new CertsError('ERR_DER_FORMAT', 'bad version');
    version = vc[0]! + 1;
    i = 1;
  }
  const serialBytes = Uint8Array.from(expectTag(fields[i], 0x02, 'serialNumber').content);
  if (serialBytes.length === 0 || serialBytes.length > 20 + 1)
    throw new CertsError('ERR_DER_FORMAT', 'serialNumber length out of range');
  const tbsAlgOid = readAlgorithmOid(fields[i + 1]);
  const issuerEl = expectTag(fields[i + 2], 0x30, 'issuer');
  const validity = children(expectTag(fields[i + 3], 0x30, 'validity'));
  if (validity.length !== 2) throw new CertsError('ERR_DER_FORMAT', 'validity must have two times');
  const subjectEl = expectTag(fields[i + 4], 0x30, 'subject');
  const spkiEl = expectTag(fields[i + 5], 0x30, 'subjectPublicKeyInfo');
  const trailing = fields.slice(i + 6);
  if (trailing.some((f) => ![0x81, 0xa1, 0x82, 0xa2, 0xa3].includes(f.tag)))
    throw new CertsError('ERR_DER_FORMAT', 'unexpected TBSCertificate field');
  const extField = trailing.find((f) => f.tag === 0xa3);
  if (extField && trailing[trailing.length - 1] !== extField)
    throw new CertsError('ERR_DER_FORMAT', 'extensions must come last');
  let ext: DecodedExtensions = readExtensions(undefined);
  if (extField) {
    const [seq, more] = children(extField);
    if (more) throw new CertsError('ERR_DER_FORMAT', 'extensions wrapper holds more than one element');
    ext = readExtensions(expectTag(seq, 0x30, 'Extensions'));
  }

  const issuer = readName(issuerEl);
  const subject = readName(subjectEl);
  const { curveOid, loadPublicKey } = readSpki(spkiEl);
  // null: not loaded yet (see readSpki); the KeyObject is made on first use and kept
  let publicKey: KeyObject | undefined | null = null;
  let loads: boolean | undefined;
  const serialHex = toHex(serialBytes).replace(/^(00)+(?=..)/, '');
  const unique = subject.uniqueId;
  let eui: Eui | undefined;
  if (unique && unique.bits === 64) eui = parseEui(unique.bytes);
  const extensions: CertificateExtension[] = ext.headers;

  const cert: OrgCertificate = {
    der,
    fingerprint,
    serialHex,
    issuerCn: issuer.cn,
    issuerOu: issuer.ou,
    subjectCn: subject.cn,
    subjectOu: subject.ou,
    role: subject.ou === undefined ? undefined : ouToRole(subject.ou),
    eui,
    keyUsage: keyUsageOf(ext.keyUsageBits),
    isCa: ext.isCa,
    pathLen: ext.pathLen,
    notBefore: readTime(validity[0]),
    notAfter: readTime(validity[1]),
    ski: ext.ski === undefined ? undefined : toHex(ext.ski),
    aki: ext.aki === undefined ? undefined : toHex(ext.aki),
    policyOids: ext.policyOids,
    certificateId: `${serialHex}@${issuer.cn ?? ''}`,
    spki: Uint8Array.from(spkiEl.raw),
    get publicKey(): KeyObject | undefined {
      if (publicKey === null) publicKey = loadPublicKey();
      return publicKey;
    },
    version,
    serialBytes,
    tbsDer: Uint8Array.from(tbs.raw),
    signatureAlgorithmOid,
    signatureAlgorithmsMatch: tbsAlgOid === signatureAlgorithmOid,
    signatureP1363,
    extensions,
    publicKeyCurveOid: curveOid,
    issuerDerName: toHex(issuerEl.raw),
    subjectDerName: toHex(subjectEl.raw),
    issuerNameKey: issuer.key,
    subjectNameKey: subject.key,
    keyUsageBits: ext.keyUsageBits,
    uniqueIdentifierBits: unique?.bits,
  };
  keyChecks.set(cert, () => {
    if (publicKey !== null) return publicKey !== undefined;
    loads ??= spkiLoads(cert.spki);
    return loads;
  });
  return cert;
}

/** How each decoded certificate answers publicKeyLoads without keeping a KeyObject. */
const keyChecks = new WeakMap<OrgCertificate, () => boolean>();

/**
 * True when the certificate's public key loads as P-256 (`cert.publicKey !== undefined`), found
 * out without making the certificate keep a KeyObject (about 3 KB outside the JS heap) when it has
 * none yet: a profile check of a certificate that never verifies anything leaves it keyless.
 */
export function publicKeyLoads(cert: OrgCertificate): boolean {
  const check = keyChecks.get(cert);
  return check ? check() : cert.publicKey !== undefined;
}

/** Empties the decode cache (tests and long-running tools; the server's caches are bounded and outlive a session's /v1/reset). */
export function clearDecodeCache(): void {
  cache.clear();
  byInput = new WeakMap();
}

/** Sets the decode cache bounds in entries and bytes (positive integers; ERR_CACHE_LIMIT otherwise). */
export function setDecodeCacheLimit(limit: number, maxBytes?: number): void {
  cache.resize(limit, maxBytes);
}

/** Entries and weight in the decode cache, and its bounds. */
export function decodeCacheStats(): { size: number; bytes: number; limit: number; maxBytes: number } {
  return { size: cache.size, bytes: cache.weight, limit: cache.limit, maxBytes: cache.maxWeight };
}
