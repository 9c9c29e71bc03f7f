import { CertsError } from './errors';
import { decodeOid, expectTag, children, type DerElement } from './der/reader';

const OID_CN = '2.5.4.3';
const OID_OU = '2.5.4.11';
const OID_UNIQUE_ID = '2.5.4.45';

/** The parts of an X.501 Name the profile reads, and its comparison key. */
export interface NameParts {
  cn: string | undefined;
  ou: string | undefined;
  uniqueId: { bits: number; bytes: Uint8Array } | undefined;
  /** RFC 5280 style comparison key: attribute OIDs with case-folded, space-collapsed text. */
  key: string;
}

/** Reads a directory string (UTF8, Printable, IA5 or Teletex). */
export function readString(element: DerElement): string {
  const c = Buffer.from(element.content);
  switch (element.tag) {
    case 0x0c: // UTF8String
      return c.toString('utf8');
    case 0x13: // PrintableString
    case 0x16: // IA5String
    case 0x14: // TeletexString
      return c.toString('latin1');
    default:
      throw new CertsError('ERR_DER_FORMAT', `unsupported string tag 0x${element.tag.toString(16)}`);
  }
}

/** Reads a BIT STRING as its bit count and bytes. */
export function readBitString(element: DerElement): { bits: number; bytes: Uint8Array } {
  const c = expectTag(element, 0x03, 'BIT STRING').content;
  if (c.length === 0 || c[0]! > 7 || (c.length === 1 && c[0] !== 0))
    throw new CertsError('ERR_DER_FORMAT', 'bad BIT STRING');
  return { bits: (c.length - 1) * 8 - c[0]!, bytes: c.subarray(1) };
}

function nameValueKey(element: DerElement): string {
  if ([0x0c, 0x13, 0x16, 0x14].includes(element.tag)) {
    return JSON.stringify(readString(element).trim().replace(/\s+/g, ' ').toLowerCase());
  }
  return `#${element.tag.toString(16)}${toHex(element.content)}`;
}

/** Reads a Name: CN, OU, uniqueIdentifier and the RFC 5280 style comparison key. */
export function readName(element: DerElement): NameParts {
  const parts: NameParts = { cn: undefined, ou: undefined, uniqueId: undefined, key: '' };
  const keys: string[] = [];
  for (const rdn of children(expectTag(element, 0x30, 'Name'))) {
    for (const atv of children(expectTag(rdn, 0x31, 'RDN'))) {
      const [typeEl, valueEl, extra] = children(expectTag(atv, 0x30, 'AttributeTypeAndValue'));
      if (!typeEl || !valueEl || extra)
        throw new CertsError('ERR_DER_FORMAT', 'AttributeTypeAndValue must have two parts');
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

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
