import { decodeCell, encodeCell } from './cell-codec';
import { DerReader, readUnsigned } from '../../certs/der/reader';
import { derNode, derUnsignedTlv, newBytes, writeDerPieces, type DerNode } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
import type { GbcsFinding } from './findings';
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
const ENUMERATED = 0x0a;
const OCTET_STRING = 0x04;
const NULL_TLV = Uint8Array.of(0x05, 0x00);
const ID_FIELDS = [
  'existingSubjectUniqueId',
  'existingSubjectKeyId',
  'replacingSubjectUniqueId',
  'replacingSubjectKeyId',
] as const;

/**
 * Encodes the UpdateSecurityCredentials response: SEQUENCE { commandAccepted NULL, executionOutcome },
 * as the DCC's reference data has it: status ENUMERATED, the four subject/key IDs plain OCTET STRINGs
 * (an absent ID is an empty one), and the outer SEQUENCE length in the two-octet long form.
 * @see GBCS 13.3.2.5 (UpdateSecurityCredentials response), docs/gbcs-bytes.md
 */
export function encodeUscResponse(v: UscResponse): Uint8Array {
  return gbcsCoded(() => writeUscResponse(v));
}

function writeUscResponse(v: UscResponse): Uint8Array {
  if (!isCredentialsReplacementMode(v.mode))
    throw new GbcsError('ERR_GBCS_ENCODE', `unknown credentialsReplacementMode ${v.mode}`);
  const outcomes = v.outcomes.map((o) =>
    derNode(SEQ, [
      encodeCell(o.cell),
      derUnsignedTlv(o.status, 127n, 'status', ENUMERATED),
      octetString(o.existingSubjectUniqueId),
      octetString(o.existingSubjectKeyId),
      octetString(o.replacingSubjectUniqueId),
      octetString(o.replacingSubjectKeyId),
    ]),
  );
  const outcome = derNode(SEQ, [
    derUnsignedTlv(v.authorisingSeqNumber, MAX_SEQ, 'authorisingSeqNumber'),
    derUnsignedTlv(v.mode, 255n, 'mode'),
    encodeRoleValues(
      SEQ,
      v.seqNumberChanges.map((c) => [c.role, c.seq]),
    ),
    derNode(SEQ, outcomes),
  ]);
  const bodyLength = NULL_TLV.length + outcome.size;
  if (bodyLength > 0xffff) throw new GbcsError('ERR_GBCS_ENCODE', `response of ${bodyLength} bytes`);
  // The outer length always takes the two-octet long form (82 LL LL), as the reference data has it.
  const out = newBytes(4 + bodyLength);
  out.set([SEQ, 0x82, bodyLength >> 8, bodyLength & 0xff]);
  writeDerPieces(out, 4, [NULL_TLV, outcome]);
  return out;
}

const EMPTY_OCTET_STRING = Uint8Array.of(OCTET_STRING, 0);

/** An ID as an OCTET STRING (an absent one is empty). */
function octetString(id: Uint8Array | undefined): DerNode | Uint8Array {
  return id === undefined || id.length === 0 ? EMPTY_OCTET_STRING : derNode(OCTET_STRING, [id]);
}

/**
 * Decodes the UpdateSecurityCredentials response; throws only GbcsError. Long-form lengths with
 * leading zeros are accepted and, when `findings` is given, recorded there.
 */
export function decodeUscResponse(der: Uint8Array, findings: GbcsFinding[] = []): UscResponse {
  return gbcsCoded(() => readUscResponse(der, findings));
}

function readUscResponse(der: Uint8Array, findings: GbcsFinding[]): UscResponse {
  const outer = new DerReader(der, 0, der.length, findings);
  const top = outer.enter(SEQ, 'UpdateSecurityCredentials response');
  outer.end('response');
  if (top.read(0x05, 'commandAccepted').content.length !== 0)
    throw new GbcsError('ERR_GBCS_DER', 'NULL with contents');
  const e = top.enter(SEQ, 'executionOutcome');
  top.end('response');
  const authorisingSeqNumber = readUnsigned(
    e.read(INT, 'authorisingSeqNumber'),
    MAX_SEQ,
    'authorisingSeqNumber',
  );
  const mode = Number(readUnsigned(e.read(INT, 'mode'), 255n, 'mode'));
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
      status: Number(readUnsigned(r.read(ENUMERATED, 'statusCode'), 127n, 'statusCode')),
    };
    for (const f of ID_FIELDS) {
      const id = r.read(OCTET_STRING, f).content;
      if (id.length > 0) o[f] = id.slice();
    }
    r.end('replacementOutcome');
    outcomes.push(o);
  }
  return { authorisingSeqNumber, mode, seqNumberChanges, outcomes };
}
