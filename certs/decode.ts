import type { KeyObject } from 'node:crypto';
import { CertsError } from './errors';
import { parseEui } from './eui';
import type { Eui } from './eui';
import { ouToRole } from './roles';
import type { KeyUsage } from './roles';
import type { CertificateExtension, OrgCertificate } from './types';
import { derSignatureToP1363, publicKeyFromSpki, sha256Hex } from './crypto';
import { DerFormatError, children, content, decodeOid, encoding, expectTag, readSingle } from './der';
import type { DerElement } from './der';
import { readExtensions } from './decode-extensions';
import { base64Strict, pemToDerList } from './pem';
import type { DecodedExtensions } from './decode-extensions';

const OID_CN = '2.5.4.3';
const OID_OU = '2.5.4.11';
const OID_UNIQUE_ID = '2.5.4.45';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const MAX_CERT_BYTES = 64 * 1024;

const cache = new Map<string, OrgCertificate>();

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
 * Decodes an organisation certificate from DER bytes, PEM or base64 text, once per fingerprint;
 * any malformed input raises CertsError ERR_CERT_DECODE and nothing else.
 */
export function decodeCertificate(input: Uint8Array | string): OrgCertificate {
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
  if (hit) return hit;
  let cert: OrgCertificate;
  try {
    cert = parseCertificate(Uint8Array.from(der), fingerprint);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CertsError('ERR_CERT_DECODE', `certificate does not decode: ${reason}`, { cause });
  }
  cache.set(fingerprint, cert);
  return cert;
}

interface NameParts {
  cn: string | undefined;
  ou: string | undefined;
  uniqueId: { bits: number; bytes: Uint8Array } | undefined;
  /** RFC 5280 style comparison key: attribute OIDs with case-folded, space-collapsed text. */
  key: string;
}

function readString(element: DerElement): string {
  const c = Buffer.from(content(element));
  switch (element.tag) {
    case 0x0c: // UTF8String
      return c.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString
      return c.toString('latin1');
    default:
      throw new DerFormatError(`unsupported string tag 0x${element.tag.toString(16)}`);
  }
}

function readBitString(element: DerElement): { bits: number; bytes: Uint8Array } {
  const c = content(expectTag(element, 0x03, 'BIT STRING'));
  if (c.length === 0 || c[0]! > 7 || (c.length === 1 && c[0] !== 0))
    throw new DerFormatError('bad BIT STRING');
  return { bits: (c.length - 1) * 8 - c[0]!, bytes: c.subarray(1) };
}

function nameValueKey(element: DerElement): string {
  if ([0x0c, 0x13, 0x16, 0x14].includes(element.tag)) {
    return JSON.stringify(readString(element).trim().replace(/\s+/g, ' ').toLowerCase());
  }
  return `#${element.tag.toString(16)}${toHex(content(element))}`;
}

function readName(element: DerElement): NameParts {
  const parts: NameParts = { cn: undefined, ou: undefined, uniqueId: undefined, key: '' };
  const keys: string[] = [];
  for (const rdn of children(expectTag(element, 0x30, 'Name'))) {
    for (const atv of children(expectTag(rdn, 0x31, 'RDN'))) {
      const [typeEl, valueEl, extra] = children(expectTag(atv, 0x30, 'AttributeTypeAndValue'));
      if (!typeEl || !valueEl || extra) throw new DerFormatError('AttributeTypeAndValue must have two parts');
      const oid = decodeOid(typeEl);
      keys.push(`${oid}=${nameValueKey(valueEl)}`);
      if (oid === OID_CN) parts.cn = readString(valueEl);
      else if (oid === OID_OU) parts.ou = readString(valueEl);
      else if (oid === OID_UNIQUE_ID) parts.uniqueId = readBitString(valueEl);
    }
    keys.push('/');
  }
  parts.key = keys.join(',');
  return parts;
}

function readTime(element: DerElement | undefined): Date {
  if (!element) throw new DerFormatError('time missing');
  const text = Buffer.from(content(element)).toString('latin1');
  let match: RegExpMatchArray | null;
  let year: number;
  if (element.tag === 0x17) {
    match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerFormatError('bad UTCTime');
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (element.tag === 0x18) {
    match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new DerFormatError('bad GeneralizedTime');
    year = Number(match[1]);
  } else {
    throw new DerFormatError('validity time must be UTCTime or GeneralizedTime');
  }
  const [mo, d, h, mi, s] = [2, 3, 4, 5, 6].map((i) => Number(match[i]));
  const date = new Date(Date.UTC(year, mo! - 1, d, h, mi, s));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d!) {
    throw new DerFormatError('validity time out of range');
  }
  return date;
}

function readAlgorithmOid(element: DerElement | undefined): string {
  const [oid] = children(expectTag(element, 0x30, 'AlgorithmIdentifier'));
  if (!oid) throw new DerFormatError('AlgorithmIdentifier empty');
  return decodeOid(oid);
}

function readSpki(element: DerElement): { curveOid: string | undefined; publicKey: KeyObject | undefined } {
  const [alg, bits, extra] = children(expectTag(element, 0x30, 'SubjectPublicKeyInfo'));
  if (!alg || !bits || extra) throw new DerFormatError('SubjectPublicKeyInfo must have two parts');
  readBitString(bits);
  const [algOid, params] = children(expectTag(alg, 0x30, 'AlgorithmIdentifier'));
  if (!algOid || decodeOid(algOid) !== OID_EC_PUBLIC_KEY)
    return { curveOid: undefined, publicKey: undefined };
  const curveOid = params && params.tag === 0x06 ? decodeOid(params) : undefined;
  let publicKey: KeyObject | undefined;
  try {
    publicKey = publicKeyFromSpki(encoding(element));
  } catch {
    publicKey = undefined;
  }
  return { curveOid, publicKey };
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function keyUsageOf(bits: readonly string[] | undefined): KeyUsage | undefined {
  if (bits?.length !== 1) return undefined;
  if (bits[0] === 'digitalSignature') return 'DS';
  if (bits[0] === 'keyAgreement') return 'KA';
  return undefined;
}

function parseCertificate(der: Uint8Array, fingerprint: string): OrgCertificate {
  const [tbs, sigAlg, sigValue, extra] = children(expectTag(readSingle(der), 0x30, 'Certificate'));
  if (!tbs || !sigAlg || !sigValue || extra) throw new DerFormatError('Certificate must have three parts');
  expectTag(tbs, 0x30, 'TBSCertificate');
  const signatureAlgorithmOid = readAlgorithmOid(sigAlg);
  const sigBits = readBitString(sigValue);
  if (sigBits.bits % 8 !== 0) throw new DerFormatError('signature BIT STRING has unused bits');
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
    const vc = content(expectTag(v, 0x02, 'version'));
    if (more || vc.length !== 1) throw new DerFormatError('bad version');
    version = vc[0]! + 1;
    i = 1;
  }
  const serialBytes = Uint8Array.from(content(expectTag(fields[i], 0x02, 'serialNumber')));
  if (serialBytes.length === 0 || serialBytes.length > 20 + 1)
    throw new DerFormatError('serialNumber length out of range');
  const tbsAlgOid = readAlgorithmOid(fields[i + 1]);
  const issuerEl = expectTag(fields[i + 2], 0x30, 'issuer');
  const validity = children(expectTag(fields[i + 3], 0x30, 'validity'));
  if (validity.length !== 2) throw new DerFormatError('validity must have two times');
  const subjectEl = expectTag(fields[i + 4], 0x30, 'subject');
  const spkiEl = expectTag(fields[i + 5], 0x30, 'subjectPublicKeyInfo');
  const trailing = fields.slice(i + 6);
  if (trailing.some((f) => ![0x81, 0xa1, 0x82, 0xa2, 0xa3].includes(f.tag)))
    throw new DerFormatError('unexpected TBSCertificate field');
  const extField = trailing.find((f) => f.tag === 0xa3);
  if (extField && trailing[trailing.length - 1] !== extField)
    throw new DerFormatError('extensions must come last');
  let ext: DecodedExtensions = readExtensions(undefined);
  if (extField) {
    const [seq, more] = children(extField);
    if (more) throw new DerFormatError('extensions wrapper holds more than one element');
    ext = readExtensions(expectTag(seq, 0x30, 'Extensions'));
  }

  const issuer = readName(issuerEl);
  const subject = readName(subjectEl);
  const { curveOid, publicKey } = readSpki(spkiEl);
  const serialHex = toHex(serialBytes).replace(/^(00)+(?=..)/, '');
  const unique = subject.uniqueId;
  let eui: Eui | undefined;
  if (unique && unique.bits === 64) eui = parseEui(unique.bytes);
  const extensions: CertificateExtension[] = ext.headers;

  return {
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
    spki: Uint8Array.from(encoding(spkiEl)),
    publicKey,
    version,
    serialBytes,
    tbsDer: Uint8Array.from(encoding(tbs)),
    signatureAlgorithmOid,
    signatureAlgorithmsMatch: tbsAlgOid === signatureAlgorithmOid,
    signatureP1363,
    extensions,
    publicKeyCurveOid: curveOid,
    issuerDerName: toHex(encoding(issuerEl)),
    subjectDerName: toHex(encoding(subjectEl)),
    issuerNameKey: issuer.key,
    subjectNameKey: subject.key,
    keyUsageBits: ext.keyUsageBits,
    uniqueIdentifierBits: unique?.bits,
  };
}

/** Empties the decode cache (tests and long-running tools only). */
export function clearDecodeCache(): void {
  cache.clear();
}
