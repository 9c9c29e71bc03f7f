import { euiToBytes, parseEui, type Eui } from '../../certs/eui';
import { readDerLength } from './der-reader';
import { concatBytes, derLength } from './der-writer';
import { GbcsError } from './errors';
import type { GbcsFinding } from './findings';

/** GBCS CRA flag: 1 command, 2 response, 3 alert. @see GBCS 7.2.4 (CRA Flag) */
export type CraFlag = 1 | 2 | 3;

/**
 * A General-Signing APDU, the GBCS envelope of a KRP-signed command (the pre-command when unsigned).
 * @see GBCS 7.2.7 (General Signing), docs/gbcs-bytes.md
 */
export interface GeneralSigningApdu {
  craFlag: CraFlag;
  /** Originator counter, 8 bytes big-endian on the wire. */
  originatorCounter: bigint;
  originator: Eui;
  recipient: Eui;
  /** 12-byte GBCS date-time when present. */
  dateTime?: Uint8Array;
  /** 2-byte message code (e.g. 0x0103 for CS02b networkOperatorByNetworkOperator). */
  messageCode: number;
  /** Remaining other-information bytes after the message code. */
  supplementary?: Uint8Array;
  content: Uint8Array;
  /** 64-byte r||s; absent for an unsigned pre-command. */
  signature?: Uint8Array;
}

/**
 * Which of the three General-Signing forms was read: `pre-command` ends right after the content (as
 * the DCC returns it), `signed` carries `40` + 64 signature bytes, `unsigned` a zero signature length.
 * @see docs/gbcs-bytes.md
 */
export type GeneralSigningForm = 'pre-command' | 'signed' | 'unsigned';

/** A decoded General-Signing APDU with its form and the exact bytes its KRP signature covers. */
export type DecodedGeneralSigningApdu = GeneralSigningApdu & {
  signedBytes: Uint8Array;
  form: GeneralSigningForm;
  /** Tolerated non-canonical forms (e.g. a long-form length with a leading zero); absent when none. */
  findings?: GbcsFinding[];
};

const GENERAL_SIGNING_TAG = 0xdf;
const TRANSACTION_ID_LENGTH = 9;
const SYSTEM_TITLE_LENGTH = 8;
const DATE_TIME_LENGTH = 12;
const SIGNATURE_LENGTH = 64;
const MAX_COUNTER = (1n << 64n) - 1n;

/**
 * Encodes a General-Signing APDU; without a signature it is the pre-command exactly as the DCC
 * returns it (ending right after the content, no signature-length byte).
 * @see GBCS 7.2.7, docs/gbcs-bytes.md (byte layout)
 */
export function encodeGeneralSigning(apdu: GeneralSigningApdu): Uint8Array {
  return concatBytes(
    Uint8Array.of(GENERAL_SIGNING_TAG),
    encodeSignedPart(apdu),
    encodeSignature(apdu.signature),
  );
}

/** The bytes from the transaction-id length to the end of the content: what the KRP signature covers. */
export function encodeSignedPart(apdu: GeneralSigningApdu): Uint8Array {
  if (![1, 2, 3].includes(apdu.craFlag)) throw new GbcsError('ERR_GBCS_ENCODE', `CRA flag ${apdu.craFlag}`);
  if (apdu.originatorCounter < 0n || apdu.originatorCounter > MAX_COUNTER) {
    throw new GbcsError('ERR_GBCS_ENCODE', `originator counter ${apdu.originatorCounter} out of range`);
  }
  if (!Number.isInteger(apdu.messageCode) || apdu.messageCode < 0 || apdu.messageCode > 0xffff) {
    throw new GbcsError('ERR_GBCS_ENCODE', `message code ${apdu.messageCode} out of range`);
  }
  if (apdu.dateTime && apdu.dateTime.length !== DATE_TIME_LENGTH) {
    throw new GbcsError('ERR_GBCS_ENCODE', `date-time must be ${DATE_TIME_LENGTH} bytes`);
  }
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, apdu.originatorCounter);
  const other = concatBytes(
    Uint8Array.of(apdu.messageCode >> 8, apdu.messageCode & 0xff),
    apdu.supplementary ?? new Uint8Array(),
  );
  return concatBytes(
    Uint8Array.of(TRANSACTION_ID_LENGTH, apdu.craFlag),
    counter,
    Uint8Array.of(SYSTEM_TITLE_LENGTH),
    euiBytes(apdu.originator),
    Uint8Array.of(SYSTEM_TITLE_LENGTH),
    euiBytes(apdu.recipient),
    apdu.dateTime ? concatBytes(Uint8Array.of(DATE_TIME_LENGTH), apdu.dateTime) : Uint8Array.of(0),
    derLength(other.length),
    other,
    derLength(apdu.content.length),
    apdu.content,
  );
}

/**
 * Decodes a General-Signing APDU in any of its three forms (pre-command, signed, zero-length
 * signature) and says which; exact lengths, no trailing bytes; throws only GbcsError. Long-form
 * lengths with leading zeros are accepted and reported in `findings`.
 * @see GBCS 7.2.7, docs/gbcs-bytes.md
 */
export function decodeGeneralSigning(bytes: Uint8Array): DecodedGeneralSigningApdu {
  const findings: GbcsFinding[] = [];
  const cur = new Cursor(bytes, findings);
  const tag = cur.byte('General-Signing tag');
  if (tag !== GENERAL_SIGNING_TAG)
    throw new GbcsError('ERR_GBCS_TAG', `expected 0xdf, got 0x${tag.toString(16)}`);
  const signedStart = cur.pos;
  cur.expectLength(TRANSACTION_ID_LENGTH, 'transaction-id length');
  const cra = cur.byte('CRA flag');
  if (cra !== 1 && cra !== 2 && cra !== 3) throw new GbcsError('ERR_GBCS_CRA_FLAG', `CRA flag ${cra}`);
  const counterBytes = cur.take(8, 'originator counter');
  const originatorCounter = new DataView(counterBytes.buffer, counterBytes.byteOffset, 8).getBigUint64(0);
  cur.expectLength(SYSTEM_TITLE_LENGTH, 'originator system title length');
  const originator = parseEui(cur.take(8, 'originator system title'));
  cur.expectLength(SYSTEM_TITLE_LENGTH, 'recipient system title length');
  const recipient = parseEui(cur.take(8, 'recipient system title'));
  const dtLength = cur.byte('date-time length');
  if (dtLength !== 0 && dtLength !== DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `date-time length ${dtLength}`);
  const dateTime = dtLength ? cur.take(DATE_TIME_LENGTH, 'date-time').slice() : undefined;
  const other = cur.lengthPrefixed('other information');
  if (other.length < 2)
    throw new GbcsError('ERR_GBCS_LENGTH', `other information of ${other.length} bytes has no message code`);
  const content = cur.lengthPrefixed('content').slice();
  const signedBytes = bytes.slice(signedStart, cur.pos);
  let form: GeneralSigningForm = 'pre-command';
  let signature: Uint8Array | undefined;
  if (cur.pos < bytes.length) {
    const sigLength = cur.byte('signature length');
    if (sigLength !== 0 && sigLength !== SIGNATURE_LENGTH)
      throw new GbcsError('ERR_GBCS_LENGTH', `signature length ${sigLength}`);
    form = sigLength ? 'signed' : 'unsigned';
    if (sigLength) signature = cur.take(SIGNATURE_LENGTH, 'signature').slice();
  }
  if (cur.pos !== bytes.length)
    throw new GbcsError('ERR_GBCS_TRAILING', `${bytes.length - cur.pos} bytes after the signature`);
  const apdu: DecodedGeneralSigningApdu = {
    craFlag: cra,
    originatorCounter,
    originator,
    recipient,
    messageCode: (other[0]! << 8) | other[1]!,
    content,
    signedBytes,
    form,
  };
  if (dateTime) apdu.dateTime = dateTime;
  if (other.length > 2) apdu.supplementary = other.slice(2);
  if (signature) apdu.signature = signature;
  if (findings.length > 0) apdu.findings = findings;
  return apdu;
}

function encodeSignature(signature: Uint8Array | undefined): Uint8Array {
  if (!signature) return new Uint8Array();
  if (signature.length !== SIGNATURE_LENGTH)
    throw new GbcsError('ERR_GBCS_ENCODE', `signature must be 64 bytes`);
  return concatBytes(Uint8Array.of(SIGNATURE_LENGTH), signature);
}

function euiBytes(eui: Eui): Uint8Array {
  if (!/^[0-9A-F]{16}$/.test(eui))
    throw new GbcsError('ERR_GBCS_ENCODE', `not a canonical EUI: ${String(eui).slice(0, 24)}`);
  return euiToBytes(eui);
}

/** A bounds-checked byte cursor for the fixed GBCS layout. */
class Cursor {
  pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly findings: GbcsFinding[],
  ) {}

  byte(what: string): number {
    if (this.pos >= this.bytes.length) throw new GbcsError('ERR_GBCS_TRUNCATED', `${what} missing`);
    return this.bytes[this.pos++]!;
  }

  take(n: number, what: string): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new GbcsError('ERR_GBCS_TRUNCATED', `${what} cut short`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  expectLength(expected: number, what: string): void {
    const got = this.byte(what);
    if (got !== expected) throw new GbcsError('ERR_GBCS_LENGTH', `${what}: expected ${expected}, got ${got}`);
  }

  lengthPrefixed(what: string): Uint8Array {
    const { length, next } = readDerLength(this.bytes, this.pos, this.bytes.length, this.findings);
    if (length > this.bytes.length - next) {
      throw new GbcsError(
        'ERR_GBCS_LENGTH',
        `${what} length ${length} exceeds the ${this.bytes.length - next} bytes left`,
      );
    }
    this.pos = next;
    return this.take(length, what);
  }
}
