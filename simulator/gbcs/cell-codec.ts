import { isRoleCode, type CellId } from '../../certs/roles';
import { readUnsigned, type DerReader } from '../../certs/der/reader';
import { concatBytes, derUnsignedTlv, tlv } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';

const TAG_INTEGER = 0x02;
const TAG_BIT_STRING = 0x03;
const TAG_SEQUENCE = 0x30;
/** keyUsage BIT STRING contents: digitalSignature(0) and keyAgreement(4), DER named-bit form. */
const DS_BITS = Uint8Array.of(0x07, 0x80);
const KA_BITS = Uint8Array.of(0x03, 0x08);

/**
 * Encodes a TrustAnchorCellIdentifier { role INTEGER, keyUsage BIT STRING, cellUsage INTEGER DEFAULT 0 } with `tag`.
 * The result may be shared between calls: copy it into an encoding, do not change it.
 * @see GBCS 13.3.2.5 (TrustAnchorCellIdentifier)
 */
export function encodeCell(cell: CellId, tag = TAG_SEQUENCE): Uint8Array {
  // The cells of the GBCS vocabulary are encoded once per tag and shared (copied into larger
  // encodings, never changed); anything else is encoded (or refused) each time.
  const known =
    Number.isInteger(cell.role) &&
    cell.role >= 0 &&
    cell.role <= 255 &&
    (cell.keyUsage === 'DS' || cell.keyUsage === 'KA') &&
    (cell.cellUsage === 'management' || cell.cellUsage === 'prePaymentTopUp');
  if (!known || tag < 0 || tag > 0xff) return encodeCellBytes(cell, tag);
  const slot = cell.role * 4 + (cell.keyUsage === 'KA' ? 2 : 0) + (cell.cellUsage === 'management' ? 0 : 1);
  const byTag = (ENCODED[tag] ??= []);
  return (byTag[slot] ??= encodeCellBytes(cell, tag));
}

const ENCODED: (Uint8Array | undefined)[][] = [];

function encodeCellBytes(cell: CellId, tag: number): Uint8Array {
  return gbcsCoded(() => writeCell(cell, tag));
}

function writeCell(cell: CellId, tag: number): Uint8Array {
  const parts = [
    derUnsignedTlv(cell.role, 255n, 'remote party role'),
    tlv(TAG_BIT_STRING, cell.keyUsage === 'DS' ? DS_BITS : KA_BITS),
  ];
  if (cell.cellUsage === 'prePaymentTopUp') parts.push(derUnsignedTlv(1, 1n, 'cell usage'));
  return tlv(tag, concatBytes(...parts));
}

/** Decodes a TrustAnchorCellIdentifier carried under `tag`; DEFAULT cellUsage must be omitted (DER). */
export function decodeCell(reader: DerReader, tag: number, what: string): CellId {
  const r = reader.enter(tag, what);
  const role = Number(readUnsigned(r.read(TAG_INTEGER, `${what} role`), 255n, `${what} role`));
  if (!isRoleCode(role))
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `${what}: unknown remote party role ${role}`);
  const bits = r.read(TAG_BIT_STRING, `${what} keyUsage`).content;
  const keyUsage = sameBytes(bits, DS_BITS) ? 'DS' : sameBytes(bits, KA_BITS) ? 'KA' : undefined;
  if (!keyUsage)
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `${what}: keyUsage must be digitalSignature or keyAgreement`);
  let cellUsage: CellId['cellUsage'] = 'management';
  const usage = r.optional(TAG_INTEGER);
  if (usage) {
    if (readUnsigned(usage, 1n, `${what} cellUsage`) !== 1n) {
      throw new GbcsError('ERR_GBCS_DER', `${what}: DEFAULT cellUsage encoded`);
    }
    cellUsage = 'prePaymentTopUp';
  }
  r.end(what);
  return { role, keyUsage, cellUsage };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
