import { encodeCell } from './cell-codec';
import { concatBytes, derNode, derUnsignedTlv, tlv, writeDer } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
import { formatGeneralizedTime } from './generalized-time';
import {
  isCredentialsReplacementMode,
  MAX_SEQ,
  type SeqNumberChange,
  type SpecialistSeqNumber,
  type UpdateSecurityCredentials,
} from './usc-types';

const SEQ = 0x30;
const SYMMETRIC_KEY_LENGTH = 16;

/**
 * Encodes UpdateSecurityCredentials as DER (implicit context tags [0]..[6] in the control block).
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md
 */
export function encodeUpdateSecurityCredentials(v: UpdateSecurityCredentials): Uint8Array {
  return gbcsCoded(() => writeUpdateSecurityCredentials(v));
}

function writeUpdateSecurityCredentials(v: UpdateSecurityCredentials): Uint8Array {
  if (!isCredentialsReplacementMode(v.mode))
    throw new GbcsError('ERR_GBCS_ENCODE', `unknown credentialsReplacementMode ${v.mode}`);
  if (v.authorisingSeqNumber === undefined)
    throw new GbcsError('ERR_GBCS_ENCODE', 'authorisingSeqNumber is required');
  if (v.replacements.length === 0)
    throw new GbcsError('ERR_GBCS_ENCODE', 'at least one replacement is required');
  const control: Uint8Array[] = [derUnsignedTlv(v.mode, 255n, 'mode')];
  if (v.plainTextSymmetricKey) {
    if (v.plainTextSymmetricKey.length !== SYMMETRIC_KEY_LENGTH)
      throw new GbcsError('ERR_GBCS_ENCODE', 'symmetric key must be 16 bytes');
    control.push(tlv(0x80, v.plainTextSymmetricKey));
  }
  if (v.applyTimeBasedCpvChecks)
    control.push(derUnsignedTlv(v.applyTimeBasedCpvChecks === 'apply' ? 0 : 1, 1n, 'cpv', 0x81));
  if (v.authorisingCell) control.push(encodeCell(v.authorisingCell, 0xa2));
  control.push(derUnsignedTlv(v.authorisingSeqNumber, MAX_SEQ, 'authorisingSeqNumber', 0x83));
  if (v.newFloorSeqNumber !== undefined)
    control.push(derUnsignedTlv(v.newFloorSeqNumber, MAX_SEQ, 'newFloorSeqNumber', 0x84));
  if (v.specialistFloors) control.push(encodeSpecialistFloors(0xa5, v.specialistFloors));
  if (v.otherSeqChanges) control.push(encodeSeqNumberChanges(0xa6, v.otherSeqChanges));
  // Certificates are most of the bytes: written once, straight into the result.
  const replacements = v.replacements.map((r) =>
    derNode(SEQ, [certificateTlv(r.certificate), encodeCell(r.targetCell)]),
  );
  const parts = [
    derNode(SEQ, control),
    derNode(SEQ, replacements),
    derNode(SEQ, v.certificationPath.map(certificateTlv)),
  ];
  if (v.executionDateTime)
    parts.push(derNode(0x18, [new TextEncoder().encode(formatGeneralizedTime(v.executionDateTime))]));
  return writeDer(derNode(SEQ, parts));
}

/** Encodes SEQUENCE OF SpecialistSeqNumber { seqNumberUsage INTEGER, seqNumber INTEGER } under `tag`. */
export function encodeSpecialistFloors(tag: number, floors: readonly SpecialistSeqNumber[]): Uint8Array {
  return tlv(
    tag,
    concatBytes(
      ...floors.map((f) =>
        tlv(
          SEQ,
          concatBytes(
            derUnsignedTlv(f.usage, 255n, 'seqNumberUsage'),
            derUnsignedTlv(f.seq, MAX_SEQ, 'seqNumber'),
          ),
        ),
      ),
    ),
  );
}

/**
 * Encodes SEQUENCE OF RemotePartySeqNumberChange { role INTEGER, floor INTEGER, specialist floors
 * SEQUENCE OF SpecialistSeqNumber OPTIONAL } under `tag` (USC [6] and the response's changes).
 */
export function encodeSeqNumberChanges(tag: number, changes: readonly SeqNumberChange[]): Uint8Array {
  return tlv(
    tag,
    concatBytes(
      ...changes.map((c) =>
        tlv(
          SEQ,
          concatBytes(
            derUnsignedTlv(c.role, 255n, 'role'),
            derUnsignedTlv(c.seq, MAX_SEQ, 'sequence number'),
            ...(c.specialistFloors ? [encodeSpecialistFloors(SEQ, c.specialistFloors)] : []),
          ),
        ),
      ),
    ),
  );
}

/** A certificate is embedded verbatim; it must at least be one DER SEQUENCE. */
function certificateTlv(der: Uint8Array): Uint8Array {
  if (der.length < 2 || der[0] !== SEQ)
    throw new GbcsError('ERR_GBCS_ENCODE', 'certificate must be a DER SEQUENCE');
  return der;
}
