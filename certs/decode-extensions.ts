import type { CertificateExtension } from './types';
import { CertsError } from './errors';
import { children, decodeOid, expectTag, readSingle, type DerElement } from './der/reader';

/** OIDs of the extensions the SMKI profile uses. */
export const ExtensionOid = {
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  certificatePolicies: '2.5.29.32',
} as const;

const KEY_USAGE_NAMES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

/** The extension values the certs layer reads, decoded from an Extensions SEQUENCE. */
export interface DecodedExtensions {
  headers: CertificateExtension[];
  keyUsageBits: string[] | undefined;
  isCa: boolean;
  pathLen: number | undefined;
  ski: Uint8Array | undefined;
  aki: Uint8Array | undefined;
  policyOids: string[];
}

function readKeyUsage(value: DerElement): string[] {
  const c = expectTag(value, 0x03, 'keyUsage').content;
  if (c.length === 0 || c[0]! > 7 || c.length > 3)
    throw new CertsError('ERR_DER_FORMAT', 'bad keyUsage BIT STRING');
  const bits: string[] = [];
  const total = (c.length - 1) * 8 - c[0]!;
  for (let bit = 0; bit < total; bit++) {
    if (c[1 + (bit >> 3)]! & (0x80 >> (bit & 7))) bits.push(KEY_USAGE_NAMES[bit] ?? `bit${bit}`);
  }
  return bits;
}

function readBasicConstraints(value: DerElement): { isCa: boolean; pathLen: number | undefined } {
  const parts = children(expectTag(value, 0x30, 'basicConstraints'));
  let isCa = false;
  let pathLen: number | undefined;
  for (const part of parts) {
    if (part.tag === 0x01) {
      isCa = part.content[0] !== 0;
    } else if (part.tag === 0x02) {
      const c = part.content;
      if (c.length === 0 || c.length > 2 || c[0]! & 0x80)
        throw new CertsError('ERR_DER_FORMAT', 'bad pathLenConstraint');
      pathLen = c.reduce((acc, b) => acc * 256 + b, 0);
    } else {
      throw new CertsError('ERR_DER_FORMAT', 'unexpected basicConstraints field');
    }
  }
  return { isCa, pathLen };
}

function readAki(value: DerElement): Uint8Array | undefined {
  const parts = children(expectTag(value, 0x30, 'authorityKeyIdentifier'));
  const keyId = parts.find((p) => p.tag === 0x80);
  return keyId ? Uint8Array.from(keyId.content) : undefined;
}

function readPolicies(value: DerElement): string[] {
  return children(expectTag(value, 0x30, 'certificatePolicies')).map((info) => {
    const [oid] = children(expectTag(info, 0x30, 'PolicyInformation'));
    if (!oid) throw new CertsError('ERR_DER_FORMAT', 'PolicyInformation empty');
    return decodeOid(oid);
  });
}

/** Decodes the Extensions SEQUENCE (undefined = no extensions); duplicates are malformed. */
export function readExtensions(sequence: DerElement | undefined): DecodedExtensions {
  const out: DecodedExtensions = {
    headers: [],
    keyUsageBits: undefined,
    isCa: false,
    pathLen: undefined,
    ski: undefined,
    aki: undefined,
    policyOids: [],
  };
  if (!sequence) return out;
  const seen = new Set<string>();
  for (const extension of children(sequence)) {
    const parts = children(expectTag(extension, 0x30, 'Extension'));
    const oid = decodeOid(expectTag(parts[0], 0x06, 'extnID'));
    let critical = false;
    let valueEl = parts[1];
    if (valueEl?.tag === 0x01) {
      const c = valueEl.content;
      if (c.length !== 1) throw new CertsError('ERR_DER_FORMAT', 'bad BOOLEAN');
      critical = c[0] !== 0;
      valueEl = parts[2];
    }
    const octets = expectTag(valueEl, 0x04, 'extnValue').content;
    if (seen.has(oid)) throw new CertsError('ERR_DER_FORMAT', `duplicate extension ${oid}`);
    seen.add(oid);
    out.headers.push({ oid, critical });
    switch (oid) {
      case ExtensionOid.keyUsage:
        out.keyUsageBits = readKeyUsage(readSingle(octets));
        break;
      case ExtensionOid.basicConstraints:
        Object.assign(out, readBasicConstraints(readSingle(octets)));
        break;
      case ExtensionOid.subjectKeyIdentifier:
        out.ski = Uint8Array.from(expectTag(readSingle(octets), 0x04, 'subjectKeyIdentifier').content);
        break;
      case ExtensionOid.authorityKeyIdentifier:
        out.aki = readAki(readSingle(octets));
        break;
      case ExtensionOid.certificatePolicies:
        out.policyOids = readPolicies(readSingle(octets));
        break;
      default:
        break;
    }
  }
  return out;
}
