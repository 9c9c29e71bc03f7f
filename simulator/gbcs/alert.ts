import { CertsError, type Eui } from '../../certs';
import { readDerLength, type DerFindingCode } from '../../certs/der/reader';
import { concatBytes } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
import type { GbcsFinding } from './findings';
import { decodeGeneralCiphering } from './general-ciphering';
import {
  decodeGeneralSigning,
  type DecodedGeneralSigningApdu,
  type GeneralSigningApdu,
} from './general-signing';

// The GBCS device alert (CRA flag 3) as a DLMS/COSEM device sends it: a General-Signing APDU whose
// content is a DLMS Data-Notification carrying { alert code, date-time, payload... }. The layout and
// its sources are in docs/gbcs-bytes.md (Alerts).

/** Device alert codes the project emits and names (docs/domain.md, GBCS alert code table). */
export const GbcsAlertCode = {
  credentialsUpdated: 0x8f70,
  trustedSourceAuthenticationFailure: 0x8f3d,
  sourceLacksAuthority: 0x8f30,
  integrityFailure: 0x8f1e,
} as const;

/** The name of a known alert code, or undefined. */
export function gbcsAlertName(code: number): string | undefined {
  return (Object.entries(GbcsAlertCode) as [string, number][]).find(([, c]) => c === code)?.[0];
}

/** A device alert: the General-Signing header fields and the Data-Notification body. */
export interface GbcsAlert {
  /** The 16-bit alert code (e.g. 0x8F70). */
  readonly alertCode: number;
  readonly originatorCounter: bigint;
  /** The device. */
  readonly originator: Eui;
  /** The remote party the alert goes to. */
  readonly recipient: Eui;
  /** The 12-byte GBCS date-time of the alert (the Data-Notification body's). */
  readonly dateTime: Uint8Array;
  /** The General-Signing header date-time, when present (12 bytes). */
  readonly headerDateTime?: Uint8Array;
  /** The other-information message code; defaults to the alert code (docs/gbcs-bytes.md: an assumption). */
  readonly messageCode?: number;
  /** Further DLMS data elements of the body after the date-time, exactly as carried (each whole). */
  readonly payload?: readonly Uint8Array[];
}

/**
 * A tolerated irregularity of an alert: a non-minimal length, a message code other than the alert
 * code, or an invoke id other than the counter's low 24 bits (data, never an error).
 */
export interface AlertFinding {
  readonly code: DerFindingCode | 'ALERT_MESSAGE_CODE' | 'ALERT_INVOKE_ID';
  readonly offset: number;
  readonly detail: string;
}

/** A decoded alert: the alert, the General-Signing APDU it came in and tolerated non-canonical forms. */
export interface DecodedGbcsAlert {
  readonly alert: GbcsAlert;
  readonly apdu: DecodedGeneralSigningApdu;
  /** The Data-Notification's long-invoke-id-and-priority (4 bytes big-endian). */
  readonly invokeIdAndPriority: number;
  /** Present when the alert came in a General-Ciphering APDU: its MAC. */
  readonly mac?: Uint8Array;
  readonly findings: readonly AlertFinding[];
}

const DATA_NOTIFICATION = 0x0f;
const STRUCTURE = 0x02;
const LONG_UNSIGNED = 0x12;
const OCTET_STRING = 0x09;
const DATE_TIME_LENGTH = 12;
/** processing-option bit of the long-invoke-id-and-priority, set in the DCC's reference alerts. */
const INVOKE_FLAGS = 0x20000000;
const INVOKE_ID_MASK = 0x00ffffff;
const MAX_PAYLOAD_ELEMENTS = 253;
const MAX_DEPTH = 8;

/** The Data-Notification long-invoke-id-and-priority for an originator counter (invoke id = its low 24 bits). */
export function alertInvokeId(counter: bigint): number {
  return (INVOKE_FLAGS | Number(counter & BigInt(INVOKE_ID_MASK))) >>> 0;
}

/**
 * The content of a device alert: DLMS Data-Notification `0F`, long-invoke-id-and-priority (4),
 * an empty date-time `00`, and the body `02 n` { `12` alert code, `09 0C` date-time, payload... }.
 */
export function encodeAlertContent(alert: GbcsAlert): Uint8Array {
  return gbcsCoded(() => writeAlertContent(alert));
}

function writeAlertContent(alert: GbcsAlert): Uint8Array {
  checkCode(alert.alertCode, 'alert code');
  if (alert.dateTime.length !== DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_ENCODE', `alert date-time must be ${DATE_TIME_LENGTH} bytes`);
  const payload = alert.payload ?? [];
  if (payload.length > MAX_PAYLOAD_ELEMENTS)
    throw new GbcsError('ERR_GBCS_ENCODE', `${payload.length} payload elements`);
  for (const element of payload) {
    let end;
    try {
      end = skipDlmsData(element, 0, 0, []);
    } catch (err) {
      if (!(err instanceof GbcsError || err instanceof CertsError)) throw err;
      end = -1;
    }
    if (end !== element.length)
      throw new GbcsError('ERR_GBCS_ENCODE', 'a payload element is not exactly one DLMS data element');
  }
  const invoke = alertInvokeId(alert.originatorCounter);
  return concatBytes(
    Uint8Array.of(
      DATA_NOTIFICATION,
      invoke >>> 24,
      (invoke >>> 16) & 0xff,
      (invoke >>> 8) & 0xff,
      invoke & 0xff,
    ),
    Uint8Array.of(0x00, STRUCTURE, 2 + payload.length),
    Uint8Array.of(LONG_UNSIGNED, alert.alertCode >> 8, alert.alertCode & 0xff),
    Uint8Array.of(OCTET_STRING, DATE_TIME_LENGTH),
    alert.dateTime,
    ...payload,
  );
}

/**
 * The unsigned General-Signing APDU of an alert (CRA flag 3, message code = `messageCode` or the alert
 * code); sign it with `signKrp` and the device's DS key, wrap it with `wrapGeneralCiphering`.
 * @see docs/gbcs-bytes.md (Alerts)
 */
export function buildAlertApdu(alert: GbcsAlert): GeneralSigningApdu {
  const messageCode = alert.messageCode ?? alert.alertCode;
  checkCode(messageCode, 'message code');
  return {
    craFlag: 3,
    originatorCounter: alert.originatorCounter,
    originator: alert.originator,
    recipient: alert.recipient,
    ...(alert.headerDateTime ? { dateTime: alert.headerDateTime } : {}),
    messageCode,
    content: encodeAlertContent(alert),
  };
}

function checkCode(code: number, what: string): void {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff)
    throw new GbcsError('ERR_GBCS_ENCODE', `${what} ${code} out of range`);
}

/** Fixed content sizes of DLMS data types (A-XDR), by tag. */
const FIXED_SIZE: Readonly<Record<number, number>> = {
  0x00: 0, // null-data
  0x03: 1, // boolean
  0x05: 4, // double-long
  0x06: 4, // double-long-unsigned
  0x0f: 1, // integer
  0x10: 2, // long
  0x11: 1, // unsigned
  0x12: 2, // long-unsigned
  0x14: 8, // long64
  0x15: 8, // long64-unsigned
  0x16: 1, // enum
  0x17: 4, // float32
  0x18: 8, // float64
  0x19: 12, // date-time
  0x1a: 5, // date
  0x1b: 4, // time
};

/**
 * The end of the one DLMS data element at `at`: fixed-size types, octet/visible/UTF-8 strings,
 * bit strings, arrays and structures (nested at most MAX_DEPTH); anything else is a coded error.
 */
function skipDlmsData(bytes: Uint8Array, at: number, depth: number, findings: GbcsFinding[]): number {
  if (at >= bytes.length) throw new GbcsError('ERR_GBCS_TRUNCATED', `DLMS data element missing at ${at}`);
  if (depth > MAX_DEPTH) throw new GbcsError('ERR_GBCS_DER', `DLMS data nested deeper than ${MAX_DEPTH}`);
  const tag = bytes[at]!;
  const fixed = FIXED_SIZE[tag];
  if (fixed !== undefined) {
    if (at + 1 + fixed > bytes.length)
      throw new GbcsError('ERR_GBCS_TRUNCATED', `DLMS 0x${tag.toString(16)} cut short`);
    return at + 1 + fixed;
  }
  if (tag === 0x01 || tag === 0x02) {
    const { length: count, next } = readDerLength(bytes, at + 1, bytes.length, findings);
    let pos = next;
    for (let i = 0; i < count; i++) pos = skipDlmsData(bytes, pos, depth + 1, findings);
    return pos;
  }
  if (tag === 0x09 || tag === 0x0a || tag === 0x0c || tag === 0x04) {
    const { length, next } = readDerLength(bytes, at + 1, bytes.length, findings);
    const size = tag === 0x04 ? Math.ceil(length / 8) : length;
    if (size > bytes.length - next)
      throw new GbcsError(
        'ERR_GBCS_LENGTH',
        `DLMS string of ${size} bytes exceeds the ${bytes.length - next} left`,
      );
    return next + size;
  }
  throw new GbcsError('ERR_GBCS_TAG', `unsupported DLMS data type 0x${tag.toString(16)} at ${at}`);
}

/**
 * Decodes the content of a device alert (the DLMS Data-Notification); throws only GbcsError. A
 * non-empty Data-Notification date-time is skipped and reported; lengths as in the GBCS decoders.
 */
export function decodeAlertContent(content: Uint8Array, findings: GbcsFinding[] = []): AlertContent {
  return gbcsCoded(() => readAlertContent(content, findings));
}

/** The body of a device alert as read. */
export interface AlertContent {
  readonly alertCode: number;
  readonly dateTime: Uint8Array;
  readonly payload: Uint8Array[];
  readonly invokeIdAndPriority: number;
}

function readAlertContent(content: Uint8Array, findings: GbcsFinding[]): AlertContent {
  const need = (at: number, n: number, what: string) => {
    if (at + n > content.length) throw new GbcsError('ERR_GBCS_TRUNCATED', `${what} cut short`);
  };
  need(0, 5, 'Data-Notification header');
  if (content[0] !== DATA_NOTIFICATION)
    throw new GbcsError(
      'ERR_GBCS_TAG',
      `expected a DLMS Data-Notification (0x0f), got 0x${content[0]!.toString(16)}`,
    );
  const invokeIdAndPriority =
    ((content[1]! << 24) | (content[2]! << 16) | (content[3]! << 8) | content[4]!) >>> 0;
  const dt = readDerLength(content, 5, content.length, findings);
  if (dt.length !== 0 && dt.length !== DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `Data-Notification date-time of ${dt.length} bytes`);
  need(dt.next, dt.length, 'Data-Notification date-time');
  let at = dt.next + dt.length;
  need(at, 1, 'notification body');
  if (content[at] !== STRUCTURE)
    throw new GbcsError(
      'ERR_GBCS_TAG',
      `alert body: expected a structure (0x02), got 0x${content[at]!.toString(16)}`,
    );
  const { length: count, next } = readDerLength(content, at + 1, content.length, findings);
  if (count < 2)
    throw new GbcsError('ERR_GBCS_FIELD_RANGE', `alert body of ${count} elements (alert code, date-time)`);
  at = next;
  need(at, 3, 'alert code');
  if (content[at] !== LONG_UNSIGNED)
    throw new GbcsError(
      'ERR_GBCS_TAG',
      `alert code: expected long-unsigned (0x12), got 0x${content[at]!.toString(16)}`,
    );
  const alertCode = (content[at + 1]! << 8) | content[at + 2]!;
  at += 3;
  need(at, 1, 'alert date-time');
  if (content[at] !== OCTET_STRING)
    throw new GbcsError(
      'ERR_GBCS_TAG',
      `alert date-time: expected an octet string (0x09), got 0x${content[at]!.toString(16)}`,
    );
  const len = readDerLength(content, at + 1, content.length, findings);
  if (len.length !== DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `alert date-time of ${len.length} bytes`);
  need(len.next, DATE_TIME_LENGTH, 'alert date-time');
  const dateTime = content.slice(len.next, len.next + DATE_TIME_LENGTH);
  at = len.next + DATE_TIME_LENGTH;
  const payload: Uint8Array[] = [];
  for (let i = 2; i < count; i++) {
    const end = skipDlmsData(content, at, 0, findings);
    payload.push(content.slice(at, end));
    at = end;
  }
  if (at !== content.length)
    throw new GbcsError('ERR_GBCS_TRAILING', `${content.length - at} bytes after the alert body`);
  return { alertCode, dateTime, payload, invokeIdAndPriority };
}

/**
 * Decodes a device alert: a General-Signing APDU with CRA flag 3 (or General-Ciphering around one)
 * whose content is a DLMS Data-Notification. Throws only GbcsError; a message code other than the
 * body's alert code, an invoke id other than the counter's low bits and non-minimal lengths are
 * findings, not errors (the DCC's own future-dated alerts carry message code 0x00CC).
 */
export function decodeGbcsAlert(bytes: Uint8Array): DecodedGbcsAlert {
  return gbcsCoded(() => readGbcsAlert(bytes));
}

function readGbcsAlert(bytes: Uint8Array): DecodedGbcsAlert {
  const wrapped = bytes[0] === 0xdd ? decodeGeneralCiphering(bytes) : undefined;
  const apdu = wrapped ? wrapped.generalSigning : decodeGeneralSigning(bytes);
  if (apdu.craFlag !== 3)
    throw new GbcsError('ERR_GBCS_CRA_FLAG', `an alert has CRA flag 3, got ${apdu.craFlag}`);
  const lengths: GbcsFinding[] = [];
  const body = readAlertContent(apdu.content, lengths);
  const findings: AlertFinding[] = [...(wrapped?.findings ?? []), ...(apdu.findings ?? []), ...lengths];
  if (apdu.messageCode !== body.alertCode)
    findings.push({
      code: 'ALERT_MESSAGE_CODE',
      offset: 0,
      detail: `message code 0x${hex4(apdu.messageCode)} carries alert 0x${hex4(body.alertCode)}`,
    });
  if ((body.invokeIdAndPriority & INVOKE_ID_MASK) !== Number(apdu.originatorCounter & BigInt(INVOKE_ID_MASK)))
    findings.push({
      code: 'ALERT_INVOKE_ID',
      offset: 1,
      detail: `invoke id 0x${(body.invokeIdAndPriority & INVOKE_ID_MASK).toString(16)} is not the counter's low 24 bits`,
    });
  const alert: GbcsAlert = {
    alertCode: body.alertCode,
    originatorCounter: apdu.originatorCounter,
    originator: apdu.originator,
    recipient: apdu.recipient,
    dateTime: body.dateTime,
    ...(apdu.dateTime ? { headerDateTime: apdu.dateTime } : {}),
    messageCode: apdu.messageCode,
    ...(body.payload.length > 0 ? { payload: body.payload } : {}),
  };
  return {
    alert,
    apdu,
    invokeIdAndPriority: body.invokeIdAndPriority,
    ...(wrapped ? { mac: wrapped.mac } : {}),
    findings,
  };
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0').toUpperCase();
