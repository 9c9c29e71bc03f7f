import { decodeCell } from './cell-codec';
import { DerReader, readUnsigned } from '../../certs/der/reader';
import { GbcsError, gbcsCoded } from './errors';
import { parseGeneralizedTime } from './generalized-time';
import { isCredentialsReplacementMode, MAX_SEQ, type UpdateSecurityCredentials } from './usc-types';

const SEQ = 0x30;
const INT = 0x02;

/**
 * Decodes UpdateSecurityCredentials DER strictly; throws only GbcsError.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md
 */
export function decodeUpdateSecurityCredentials(der: Uint8Array): UpdateSecurityCredentials {
  return gbcsCoded(() => readUpdateSecurityCredentials(der));
}

function readUpdateSecurityCredentials(der: Uint8Array): UpdateSecurityCredentials {
  const outer = new DerReader(der);
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
  v.authorisingCell = decodeCell(c, 0xa2, 'authorisingRemotePartyTACellIdentifier');
  v.authorisingSeqNumber = readUnsigned(
    c.read(0x83, 'authorisingRemotePartySeqNumber'),
    MAX_SEQ,
    'authorisingRemotePartySeqNumber',
  );
  const floor = c.optional(0x84);
  if (floor) v.newFloorSeqNumber = readUnsigned(floor, MAX_SEQ, 'newRemotePartyFloorSeqNumber');
  if (c.peekTag() === 0xa5)
    v.specialistFloors = decodeRoleValues(c, 0xa5, '[5]').map(([role, floor]) => ({ role, floor }));
  if (c.peekTag() === 0xa6)
    v.otherSeqChanges = decodeRoleValues(c, 0xa6, '[6]').map(([role, seq]) => ({ role, seq }));
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

/** Decodes SEQUENCE OF SEQUENCE { role INTEGER, value INTEGER } under `tag`. */
export function decodeRoleValues(reader: DerReader, tag: number, what: string): [number, bigint][] {
  const list = reader.enter(tag, what);
  const out: [number, bigint][] = [];
  while (!list.done) {
    const e = list.enter(SEQ, what);
    const role = Number(readUnsigned(e.read(INT, `${what} role`), 255n, `${what} role`));
    out.push([role, readUnsigned(e.read(INT, `${what} value`), MAX_SEQ, `${what} value`)]);
    e.end(what);
  }
  return out;
}

/** Reads one embedded certificate as its exact DER bytes (checked to be one SEQUENCE element). */
function readCertificate(reader: DerReader): Uint8Array {
  return reader.read(SEQ, 'certificate').raw.slice();
}
