import { decodeCell } from './cell-codec';
import { DerReader, readUnsigned } from '../../certs/der/reader';
import { GbcsError, gbcsCoded } from './errors';
import type { GbcsFinding } from './findings';
import { parseGeneralizedTime } from './generalized-time';
import {
  isCredentialsReplacementMode,
  MAX_SEQ,
  type SeqNumberChange,
  type SpecialistSeqNumber,
  type UpdateSecurityCredentials,
} from './usc-types';

const SEQ = 0x30;
const INT = 0x02;

/**
 * Decodes UpdateSecurityCredentials DER; throws only GbcsError. Strict about lengths unless a
 * `findings` sink is given, then long-form lengths with leading zeros are accepted and recorded.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md
 */
export function decodeUpdateSecurityCredentials(
  der: Uint8Array,
  findings?: GbcsFinding[],
): UpdateSecurityCredentials {
  return gbcsCoded(() => readUpdateSecurityCredentials(der, findings));
}

function readUpdateSecurityCredentials(der: Uint8Array, findings?: GbcsFinding[]): UpdateSecurityCredentials {
  const outer = new DerReader(der, 0, der.length, findings);
  const usc = outer.enter(SEQ, 'UpdateSecurityCredentials');
  outer.end('UpdateSecurityCredentials');
  const c = usc.enter(SEQ, 'authorisingRemotePartyControl');
  const mode = Number(readUnsigned(c.read(INT, 'mode'), 255n, 'mode'));
  if (!isCredentialsReplacementMode(mode))
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `unknown credentialsReplacementMode ${mode}`);
  const v: UpdateSecurityCredentials = { mode, replacements: [], certificationPath: [] };
  const key = c.optional(0x80);
  if (key) {
    if (key.content.length !== 16)
      throw new GbcsError('ERR_GBCS_FIELD_RANGE', 'plainTextSymmetricKey must be 16 bytes');
    v.plainTextSymmetricKey = key.content.slice();
  }
  const cpv = c.optional(0x81);
  if (cpv)
    v.applyTimeBasedCpvChecks =
      readUnsigned(cpv, 1n, 'applyTimeBasedCPVChecks') === 0n ? 'apply' : 'disapply';
  // [2] is OPTIONAL: the ACB's own command (8.5) leaves it out, as RTDS has it.
  if (c.peekTag() === 0xa2) v.authorisingCell = decodeCell(c, 0xa2, 'authorisingRemotePartyTACellIdentifier');
  v.authorisingSeqNumber = readUnsigned(
    c.read(0x83, 'authorisingRemotePartySeqNumber'),
    MAX_SEQ,
    'authorisingRemotePartySeqNumber',
  );
  const floor = c.optional(0x84);
  if (floor) v.newFloorSeqNumber = readUnsigned(floor, MAX_SEQ, 'newRemotePartyFloorSeqNumber');
  if (c.peekTag() === 0xa5) v.specialistFloors = decodeSpecialistFloors(c, 0xa5, '[5]');
  if (c.peekTag() === 0xa6) v.otherSeqChanges = decodeSeqNumberChanges(c, 0xa6, '[6]');
  c.end('authorisingRemotePartyControl');
  const reps = usc.enter(SEQ, 'replacements');
  while (!reps.done) {
    const r = reps.enter(SEQ, 'replacement');
    const certificate = readCertificate(r);
    v.replacements.push({ certificate, targetCell: decodeCell(r, SEQ, 'targetTrustAnchorCell') });
    r.end('replacement');
  }
  if (v.replacements.length === 0) throw new GbcsError('ERR_GBCS_FIELD_RANGE', 'no replacements');
  const path = usc.enter(SEQ, 'certificationPathCertificates');
  while (!path.done) v.certificationPath.push(readCertificate(path));
  const time = usc.optional(0x18);
  if (time) v.executionDateTime = parseGeneralizedTime(time.content);
  usc.end('UpdateSecurityCredentials');
  return v;
}

/** Decodes SEQUENCE OF SpecialistSeqNumber { seqNumberUsage INTEGER, seqNumber INTEGER } under `tag`. */
export function decodeSpecialistFloors(reader: DerReader, tag: number, what: string): SpecialistSeqNumber[] {
  const list = reader.enter(tag, what);
  const out: SpecialistSeqNumber[] = [];
  while (!list.done) {
    const e = list.enter(SEQ, what);
    const usage = Number(readUnsigned(e.read(INT, `${what} seqNumberUsage`), 255n, `${what} seqNumberUsage`));
    out.push({ usage, seq: readUnsigned(e.read(INT, `${what} seqNumber`), MAX_SEQ, `${what} seqNumber`) });
    e.end(what);
  }
  return out;
}

/**
 * Decodes SEQUENCE OF RemotePartySeqNumberChange { role INTEGER, floor INTEGER, specialist floors
 * SEQUENCE OF SpecialistSeqNumber OPTIONAL } under `tag`.
 */
export function decodeSeqNumberChanges(reader: DerReader, tag: number, what: string): SeqNumberChange[] {
  const list = reader.enter(tag, what);
  const out: SeqNumberChange[] = [];
  while (!list.done) {
    const e = list.enter(SEQ, what);
    const role = Number(readUnsigned(e.read(INT, `${what} role`), 255n, `${what} role`));
    const change: SeqNumberChange = {
      role,
      seq: readUnsigned(e.read(INT, `${what} floor`), MAX_SEQ, `${what} floor`),
    };
    if (!e.done) change.specialistFloors = decodeSpecialistFloors(e, SEQ, `${what} specialist floors`);
    e.end(what);
    out.push(change);
  }
  return out;
}

/** Reads one embedded certificate as its exact DER bytes (checked to be one SEQUENCE element). */
function readCertificate(reader: DerReader): Uint8Array {
  return reader.read(SEQ, 'certificate').raw.slice();
}
