import { decodeCell, encodeCell } from './cell-codec';
import { DerReader, derUnsigned } from './der-reader';
import { concatBytes, derUnsignedTlv, tlv } from './der-writer';
import { GbcsError } from './errors';
import { decodeRoleValues } from './usc-decode';
import { encodeRoleValues } from './usc-encode';
import {
  isCredentialsReplacementMode,
  MAX_SEQ,
  type ReplacementOutcome,
  type UscResponse,
} from './usc-types';

const SEQ = 0x30;
const INT = 0x02;
const NULL_TLV = Uint8Array.of(0x05, 0x00);
const ID_FIELDS = [
  'existingSubjectUniqueId',
  'existingSubjectKeyId',
  'replacingSubjectUniqueId',
  'replacingSubjectKeyId',
] as const;

/**
 * Encodes the UpdateSecurityCredentials response: SEQUENCE { commandAccepted NULL, executionOutcome }.
 * Subject/key IDs are implicit [0]..[3] OCTET STRING OPTIONAL (assumption: tagging not in the domain notes).
 * @see GBCS 13.3.2.5 (UpdateSecurityCredentials response), DOMAIN.md §5
 */
export function encodeUscResponse(v: UscResponse): Uint8Array {
  if (!isCredentialsReplacementMode(v.mode))
    throw new GbcsError('ERR_GBCS_ENCODE', `unknown credentialsReplacementMode ${v.mode}`);
  const outcomes = v.outcomes.map((o) => {
    const ids = ID_FIELDS.flatMap((f, i) => {
      const value = o[f];
      return value ? [tlv(0x80 + i, value)] : [];
    });
    return tlv(SEQ, concatBytes(encodeCell(o.cell), derUnsignedTlv(o.status, 255n, 'status'), ...ids));
  });
  const outcome = tlv(
    SEQ,
    concatBytes(
      derUnsignedTlv(v.authorisingSeqNumber, MAX_SEQ, 'authorisingSeqNumber'),
      derUnsignedTlv(v.mode, 255n, 'mode'),
      encodeRoleValues(
        SEQ,
        v.seqNumberChanges.map((c) => [c.role, c.seq]),
      ),
      tlv(SEQ, concatBytes(...outcomes)),
    ),
  );
  return tlv(SEQ, concatBytes(NULL_TLV, outcome));
}

/** Decodes the UpdateSecurityCredentials response strictly; throws only GbcsError. */
export function decodeUscResponse(der: Uint8Array): UscResponse {
  const outer = new DerReader(der);
  const top = outer.enter(SEQ, 'UpdateSecurityCredentials response');
  outer.end('response');
  if (top.read(0x05, 'commandAccepted').content.length !== 0)
    throw new GbcsError('ERR_GBCS_DER', 'NULL with contents');
  const e = top.enter(SEQ, 'executionOutcome');
  top.end('response');
  const authorisingSeqNumber = derUnsigned(
    e.read(INT, 'authorisingSeqNumber'),
    MAX_SEQ,
    'authorisingSeqNumber',
  );
  const mode = Number(derUnsigned(e.read(INT, 'mode'), 255n, 'mode'));
  if (!isCredentialsReplacementMode(mode))
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `unknown credentialsReplacementMode ${mode}`);
  const seqNumberChanges = decodeRoleValues(e, SEQ, 'remotePartySeqNumberChanges').map(([role, seq]) => ({
    role,
    seq,
  }));
  const list = e.enter(SEQ, 'replacementOutcomes');
  e.end('executionOutcome');
  const outcomes: ReplacementOutcome[] = [];
  while (!list.done) {
    const r = list.enter(SEQ, 'replacementOutcome');
    const o: ReplacementOutcome = {
      cell: decodeCell(r, SEQ, 'outcome cell'),
      status: Number(derUnsigned(r.read(INT, 'statusCode'), 255n, 'statusCode')),
    };
    ID_FIELDS.forEach((f, i) => {
      const t = r.optional(0x80 + i);
      if (t) o[f] = t.content.slice();
    });
    r.end('replacementOutcome');
    outcomes.push(o);
  }
  return { authorisingSeqNumber, mode, seqNumberChanges, outcomes };
}
