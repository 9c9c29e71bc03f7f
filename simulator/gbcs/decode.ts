import type { Eui } from '../../certs';
import { alertInvokeId, decodeAlertContent, type AlertContent } from './alert';
import { GbcsError, type GbcsErrorCode } from './errors';
import type { GbcsFinding, GbcsFindingCode } from './findings';
import { decodeGeneralCiphering, type DecodedGeneralCiphering } from './general-ciphering';
import {
  decodeGeneralSigning,
  type CraFlag,
  type DecodedGeneralSigningApdu,
  type GeneralSigningForm,
} from './general-signing';
import { CS02B_ALERT_MESSAGE_CODE, cs02bModeOf, gbcsUseCase, type GbcsUseCase } from './message-codes';
import { decodeUpdateSecurityCredentials } from './usc-decode';
import { decodeCs02bAlert, decodeCs02bResponse } from './usc-response';
import type { Cs02bAlert, Cs02bResponse, UpdateSecurityCredentials } from './usc-types';

/** How the General-Signing APDU arrived: bare (`DF`) or inside a General-Ciphering APDU (`DD`). */
export type GbcsEnvelope = 'general-signing' | 'general-ciphering';

/** The CRA flag by name. */
export type GbcsCra = 'command' | 'response' | 'alert';

/**
 * What the content of a GBCS message decoded to: a CS02b command, response or alert in full, a DLMS
 * device alert (Data-Notification), or, for every other use case and for a content that did not
 * decode, the content bytes as carried.
 */
export type GbcsContent =
  | { readonly kind: 'cs02b-command'; readonly updateSecurityCredentials: UpdateSecurityCredentials }
  | { readonly kind: 'cs02b-response'; readonly response: Cs02bResponse }
  | { readonly kind: 'cs02b-alert'; readonly alert: Cs02bAlert }
  | { readonly kind: 'dlms-alert'; readonly alert: AlertContent }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** Codes of what the decoder noticed: tolerated forms (data) and a content that did not decode. */
export type GbcsDecodeFindingCode =
  GbcsFindingCode | 'PAYLOAD_UNDECODED' | 'UNKNOWN_MESSAGE_CODE' | 'ALERT_MESSAGE_CODE' | 'ALERT_INVOKE_ID';

/** One thing the decoder noticed; `offset` is within the part it names when known. */
export interface GbcsDecodeFinding {
  readonly code: GbcsDecodeFindingCode;
  readonly detail: string;
  readonly offset?: number;
}

/** A GBCS message read: the header always, the content as far as it decodes. */
export interface DecodedGbcs {
  readonly envelope: GbcsEnvelope;
  /** pre-command, signed or unsigned (docs/gbcs-bytes.md, General-Signing APDU). */
  readonly form: GeneralSigningForm;
  readonly cra: GbcsCra;
  readonly craFlag: CraFlag;
  readonly originator: Eui;
  readonly recipient: Eui;
  /** The originator counter. */
  readonly counter: bigint;
  /** The header's 12-byte GBCS date-time, when present. */
  readonly dateTime?: Uint8Array;
  readonly messageCode: number;
  /** The use case GBCS's message-code table names for the code; absent for a code it lacks. */
  readonly useCase?: GbcsUseCase;
  /** Other-information bytes after the message code, when present. */
  readonly supplementary?: Uint8Array;
  readonly content: GbcsContent;
  /** The 64-byte signature of a signed APDU. */
  readonly signature?: Uint8Array;
  /** The 12-byte MAC of a General-Ciphering APDU. */
  readonly mac?: Uint8Array;
  /** The General-Signing APDU as decoded (its signed part included). */
  readonly generalSigning: DecodedGeneralSigningApdu;
  /** The General-Signing APDU bytes (`DF` ...), as carried. */
  readonly generalSigningBytes: Uint8Array;
  /** The General-Ciphering wrapper, when there was one. */
  readonly generalCiphering?: DecodedGeneralCiphering;
  readonly findings: readonly GbcsDecodeFinding[];
  /** Set when the content did not decode (the header did): `content` then holds its bytes. */
  readonly payloadError?: { readonly code: GbcsErrorCode; readonly message: string };
}

const CRA_NAMES: Readonly<Record<CraFlag, GbcsCra>> = { 1: 'command', 2: 'response', 3: 'alert' };
const DATA_NOTIFICATION = 0x0f;
const SEQUENCE = 0x30;

/**
 * Decodes any GBCS message the DCC exchanges: a General-Signing APDU (pre-command, signed or
 * unsigned) bare or inside a General-Ciphering APDU, of any use case and CRA flag. The envelope and
 * the header must decode (else GbcsError, the only thing it throws); the content is decoded where
 * the project knows its form (CS02b commands, responses and alerts, DLMS device alerts) and kept as
 * bytes otherwise. A content that does not decode keeps the header: `payloadError` and a
 * `PAYLOAD_UNDECODED` finding say why, never a silent drop.
 * @see GBCS 7.2 (General-Signing, General-Ciphering), docs/gbcs-bytes.md
 */
export function decodeGbcs(bytes: Uint8Array): DecodedGbcs {
  if (bytes.length === 0) throw new GbcsError('ERR_GBCS_TRUNCATED', 'no bytes');
  let generalCiphering: DecodedGeneralCiphering | undefined;
  let apdu: DecodedGeneralSigningApdu;
  let generalSigningBytes: Uint8Array;
  if (bytes[0] === 0xdd) {
    generalCiphering = decodeGeneralCiphering(bytes);
    apdu = generalCiphering.generalSigning;
    generalSigningBytes = generalCiphering.generalSigningBytes;
  } else if (bytes[0] === 0xdf) {
    apdu = decodeGeneralSigning(bytes);
    generalSigningBytes = bytes;
  } else {
    throw new GbcsError(
      'ERR_GBCS_TAG',
      `expected 0xdd (General-Ciphering) or 0xdf (General-Signing), got 0x${bytes[0]!.toString(16).padStart(2, '0')}`,
    );
  }
  const findings: GbcsDecodeFinding[] = [
    ...(generalCiphering?.findings ?? []).map(lengthFinding('General-Ciphering')),
    ...(apdu.findings ?? []).map(lengthFinding('General-Signing')),
  ];
  const useCase = gbcsUseCase(apdu.messageCode);
  const read = readContent(apdu, findings);
  if (!useCase && !(read.content.kind === 'dlms-alert' && read.content.alert.alertCode === apdu.messageCode))
    findings.push({
      code: 'UNKNOWN_MESSAGE_CODE',
      detail: `message code ${hex4(apdu.messageCode)} is not in GBCS's message-code table`,
    });
  return {
    envelope: generalCiphering ? 'general-ciphering' : 'general-signing',
    form: apdu.form,
    cra: CRA_NAMES[apdu.craFlag],
    craFlag: apdu.craFlag,
    originator: apdu.originator,
    recipient: apdu.recipient,
    counter: apdu.originatorCounter,
    ...(apdu.dateTime ? { dateTime: apdu.dateTime } : {}),
    messageCode: apdu.messageCode,
    ...(useCase ? { useCase } : {}),
    ...(apdu.supplementary ? { supplementary: apdu.supplementary } : {}),
    content: read.content,
    ...(apdu.signature ? { signature: apdu.signature } : {}),
    ...(generalCiphering ? { mac: generalCiphering.mac, generalCiphering } : {}),
    generalSigning: apdu,
    generalSigningBytes,
    findings,
    ...(read.error ? { payloadError: read.error } : {}),
  };
}

const lengthFinding =
  (part: string) =>
  (f: GbcsFinding): GbcsDecodeFinding => ({ code: f.code, offset: f.offset, detail: `${part}: ${f.detail}` });

/** The four-digit hex form of a message or alert code (`0x010B`). */
export function hex4(code: number): string {
  return `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

interface ReadContent {
  readonly content: GbcsContent;
  readonly error?: { readonly code: GbcsErrorCode; readonly message: string };
}

/** Decodes the content by message code and CRA flag; a GbcsError becomes the payload error. */
function readContent(apdu: DecodedGeneralSigningApdu, findings: GbcsDecodeFinding[]): ReadContent {
  const contentFindings: GbcsFinding[] = [];
  try {
    const content = contentOf(apdu, contentFindings, findings);
    findings.push(...contentFindings.map(lengthFinding('content')));
    return { content };
  } catch (err) {
    if (!(err instanceof GbcsError)) throw err;
    findings.push({
      code: 'PAYLOAD_UNDECODED',
      detail: `${useCaseLabel(apdu.messageCode)} content: ${err.code}: ${err.message}`,
    });
    return {
      content: { kind: 'bytes', bytes: apdu.content },
      error: { code: err.code, message: err.message },
    };
  }
}

function useCaseLabel(code: number): string {
  const u = gbcsUseCase(code);
  return u ? `${u.id ?? u.name} (${hex4(code)})` : hex4(code);
}

function contentOf(
  apdu: DecodedGeneralSigningApdu,
  lengths: GbcsFinding[],
  findings: GbcsDecodeFinding[],
): GbcsContent {
  const mode = cs02bModeOf(apdu.messageCode);
  if (mode !== undefined && apdu.craFlag === 1) {
    const usc = decodeUpdateSecurityCredentials(apdu.content, lengths);
    if (usc.mode !== mode)
      throw new GbcsError(
        'ERR_GBCS_MESSAGE_CODE',
        `message code ${hex4(apdu.messageCode)} names mode ${mode}, the content says ${usc.mode}`,
      );
    if (usc.authorisingSeqNumber !== apdu.originatorCounter)
      throw new GbcsError(
        'ERR_GBCS_COUNTER_MISMATCH',
        `authorisingRemotePartySeqNumber ${usc.authorisingSeqNumber} != originator counter ${apdu.originatorCounter}`,
      );
    return { kind: 'cs02b-command', updateSecurityCredentials: usc };
  }
  if (mode !== undefined && apdu.craFlag === 2) {
    const response = decodeCs02bResponse(apdu.content, lengths);
    if (response.executionOutcome && response.executionOutcome.mode !== mode)
      throw new GbcsError(
        'ERR_GBCS_MESSAGE_CODE',
        `message code ${hex4(apdu.messageCode)} names mode ${mode}, the executionOutcome says ${response.executionOutcome.mode}`,
      );
    return { kind: 'cs02b-response', response };
  }
  if (apdu.messageCode === CS02B_ALERT_MESSAGE_CODE && apdu.content[0] === SEQUENCE)
    return { kind: 'cs02b-alert', alert: decodeCs02bAlert(apdu.content, lengths) };
  if (apdu.craFlag === 3 && apdu.content[0] === DATA_NOTIFICATION) {
    const alert = decodeAlertContent(apdu.content, lengths);
    if (alert.invokeIdAndPriority !== alertInvokeId(apdu.originatorCounter))
      findings.push({
        code: 'ALERT_INVOKE_ID',
        detail: `invoke id 0x${alert.invokeIdAndPriority.toString(16).padStart(8, '0')} is not the counter's low 24 bits`,
      });
    if (alert.alertCode !== apdu.messageCode && !gbcsUseCase(apdu.messageCode))
      findings.push({
        code: 'ALERT_MESSAGE_CODE',
        detail: `message code ${hex4(apdu.messageCode)} carries alert ${hex4(alert.alertCode)}`,
      });
    return { kind: 'dlms-alert', alert };
  }
  return { kind: 'bytes', bytes: apdu.content };
}
