import type { KeyObject } from 'node:crypto';
import { publicKeyFromSpki } from './crypto';
import { CertsError } from './errors';
import { children, decodeOid, expectTag, type DerElement } from './der/reader';
import { readBitString } from './decode-name';
import type { KeyUsage } from './roles';

const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Reads a validity time (UTCTime or GeneralizedTime, seconds and Z required). */
export function readTime(element: DerElement | undefined): Date {
  if (!element) throw new CertsError('ERR_DER_FORMAT', 'time missing');
  const text = Buffer.from(element.content).toString('latin1');
  let match: RegExpMatchArray | null;
  let year: number;
  if (element.tag === 0x17) {
    match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new CertsError('ERR_DER_FORMAT', 'bad UTCTime');
    const yy = Number(match[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (element.tag === 0x18) {
    match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match) throw new CertsError('ERR_DER_FORMAT', 'bad GeneralizedTime');
    year = Number(match[1]);
  } else {
    throw new CertsError('ERR_DER_FORMAT', 'validity time must be UTCTime or GeneralizedTime');
  }
  const [mo, d, h, mi, s] = [2, 3, 4, 5, 6].map((i) => Number(match[i]));
  const date = new Date(Date.UTC(year, mo! - 1, d, h, mi, s));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d!) {
    throw new CertsError('ERR_DER_FORMAT', 'validity time out of range');
  }
  return date;
}

/** Reads the OID of an AlgorithmIdentifier. */
export function readAlgorithmOid(element: DerElement | undefined): string {
  const [oid] = children(expectTag(element, 0x30, 'AlgorithmIdentifier'));
  if (!oid) throw new CertsError('ERR_DER_FORMAT', 'AlgorithmIdentifier empty');
  return decodeOid(oid);
}

/**
 * Reads a SubjectPublicKeyInfo: the curve OID, and a function that loads the key when it is an EC
 * key Node can load (undefined otherwise). Loading is left to the caller's first use: a KeyObject
 * costs about 3 KB outside the JS heap, and most decoded certificates never verify anything.
 */
export function readSpki(element: DerElement): {
  curveOid: string | undefined;
  loadPublicKey: () => KeyObject | undefined;
} {
  const [alg, bits, extra] = children(expectTag(element, 0x30, 'SubjectPublicKeyInfo'));
  if (!alg || !bits || extra)
    throw new CertsError('ERR_DER_FORMAT', 'SubjectPublicKeyInfo must have two parts');
  readBitString(bits);
  const [algOid, params] = children(expectTag(alg, 0x30, 'AlgorithmIdentifier'));
  if (!algOid || decodeOid(algOid) !== OID_EC_PUBLIC_KEY)
    return { curveOid: undefined, loadPublicKey: () => undefined };
  const curveOid = params && params.tag === 0x06 ? decodeOid(params) : undefined;
  const raw = element.raw;
  return {
    curveOid,
    loadPublicKey: () => {
      try {
        return publicKeyFromSpki(raw);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Whether SubjectPublicKeyInfo DER loads as a P-256 key. The KeyObject made to find out is not
 * kept: it dies young, and its native memory with it.
 */
export function spkiLoads(spki: Uint8Array): boolean {
  try {
    publicKeyFromSpki(spki);
    return true;
  } catch {
    return false;
  }
}

/** DS or KA when exactly one of digitalSignature / keyAgreement is set, else undefined. */
export function keyUsageOf(bits: readonly string[] | undefined): KeyUsage | undefined {
  if (bits?.length !== 1) return undefined;
  if (bits[0] === 'digitalSignature') return 'DS';
  if (bits[0] === 'keyAgreement') return 'KA';
  return undefined;
}
