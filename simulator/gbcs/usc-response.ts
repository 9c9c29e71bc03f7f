import { decodeCell, encodeCell } from './cell-codec';
import { DerReader, readUnsigned } from '../../certs/der/reader';
import {
  derNode,
  derUnsignedTlv,
  newBytes,
  writeDer,
  writeDerPieces,
  type DerNode,
} from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
import type { GbcsFinding } from './findings';
import { decodeSeqNumberChanges } from './usc-decode';
import { encodeSeqNumberChanges } from './usc-encode';
import { formatGeneralizedTime, parseGeneralizedTime } from './generalized-time';
import {
  isCredentialsReplacementMode,
  MAX_SEQ,
  type Cs02bAlert,
  type Cs02bResponse,
  type ReplacementOutcome,
  type UscResponse,
} from './usc-types';

const SEQ = 0x30;
const INT = 0x02;
const ENUMERATED = 0x0a;
const GENERALIZED_TIME = 0x18;
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
    encodeSeqNumberChanges(SEQ, v.seqNumberChanges),
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
 * Decodes an UpdateSecurityCredentials response that carries an executionOutcome; throws only
 * GbcsError (a commandAccepted-only response is ERR_GBCS_TRUNCATED here: decodeCs02bResponse reads
 * it). Long-form lengths with leading zeros are accepted and, when `findings` is given, recorded there.
 */
export function decodeUscResponse(der: Uint8Array, findings: GbcsFinding[] = []): UscResponse {
  return gbcsCoded(() => {
    const r = readCs02bResponse(der, findings);
    if (!r.executionOutcome) throw new GbcsError('ERR_GBCS_TRUNCATED', 'executionOutcome missing');
    return r.executionOutcome;
  });
}

/**
 * Decodes any UpdateSecurityCredentials response: SEQUENCE { commandAccepted NULL, executionOutcome
 * OPTIONAL } (cancellation and future-dated responses hold commandAccepted only); throws only GbcsError.
 */
export function decodeCs02bResponse(der: Uint8Array, findings: GbcsFinding[] = []): Cs02bResponse {
  return gbcsCoded(() => readCs02bResponse(der, findings));
}

function readCs02bResponse(der: Uint8Array, findings: GbcsFinding[]): Cs02bResponse {
  const outer = new DerReader(der, 0, der.length, findings);
  const top = outer.enter(SEQ, 'UpdateSecurityCredentials response');
  outer.end('response');
  if (top.read(0x05, 'commandAccepted').content.length !== 0)
    throw new GbcsError('ERR_GBCS_DER', 'NULL with contents');
  if (top.done) return {};
  const executionOutcome = readExecutionOutcome(top);
  top.end('response');
  return { executionOutcome };
}

/**
 * Decodes the CS02b alert content (message code 0x00CB): SEQUENCE { alertCode INTEGER,
 * executionDateTime GeneralizedTime, executionOutcome }; throws only GbcsError.
 */
export function decodeCs02bAlert(der: Uint8Array, findings: GbcsFinding[] = []): Cs02bAlert {
  return gbcsCoded(() => {
    const outer = new DerReader(der, 0, der.length, findings);
    const top = outer.enter(SEQ, 'UpdateSecurityCredentials alert');
    outer.end('alert');
    const alertCode = readAlertCode(top.read(INT, 'alertCode').content);
    const executionDateTime = parseGeneralizedTime(top.read(GENERALIZED_TIME, 'executionDateTime').content);
    const executionOutcome = readExecutionOutcome(top);
    top.end('alert');
    return { alertCode, executionDateTime, executionOutcome };
  });
}

/** Encodes the CS02b alert content (message code 0x00CB). */
export function encodeCs02bAlert(v: Cs02bAlert): Uint8Array {
  return gbcsCoded(() => {
    const response = writeUscResponse(v.executionOutcome);
    // the executionOutcome of a written response: after 30 82 HH LL and 05 00
    const outcome = response.subarray(6);
    return writeDer(
      derNode(SEQ, [
        derUnsignedTlv(v.alertCode, 0xffffn, 'alertCode'),
        derNode(GENERALIZED_TIME, [new TextEncoder().encode(formatGeneralizedTime(v.executionDateTime))]),
        outcome,
      ]),
    );
  });
}

/**
 * The 16-bit alert code of a CS02b alert's INTEGER: read as the unsigned code whether written as DER
 * (`02 03 00 8F 70`) or as its two bytes (`02 02 8F 70`, a negative INTEGER read strictly); the
 * encoder writes DER. Any other length, or a value above 0xFFFF, is ERR_GBCS_FIELD_RANGE.
 */
function readAlertCode(c: Uint8Array): number {
  const bytes = c.length === 3 && c[0] === 0 && c[1]! >= 0x80 ? c.subarray(1) : c;
  if (bytes.length === 0 || bytes.length > 2 || (bytes.length === 2 && bytes[0] === 0 && bytes[1]! < 0x80))
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `alertCode INTEGER of ${c.length} bytes`);
  return bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : bytes[0]!;
}

function readExecutionOutcome(top: DerReader): UscResponse {
  const e = top.enter(SEQ, 'executionOutcome');
  const authorisingSeqNumber = readUnsigned(
    e.read(INT, 'authorisingSeqNumber'),
    MAX_SEQ,
    'authorisingSeqNumber',
  );
  const mode = Number(readUnsigned(e.read(INT, 'mode'), 255n, 'mode'));
  if (!isCredentialsReplacementMode(mode))
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `unknown credentialsReplacementMode ${mode}`);
  const seqNumberChanges = decodeSeqNumberChanges(e, SEQ, 'remotePartySeqNumberChanges');
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
