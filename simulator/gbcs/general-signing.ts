import { euiAt, type Eui } from '../../certs/eui';
import { readDerLength } from '../../certs/der/reader';
import { derLengthSize, newBytes, writeDerLength } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
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
  return gbcsCoded(() => writeGeneralSigning(apdu, apdu.signature, true));
}

/** The bytes from the transaction-id length to the end of the content: what the KRP signature covers. */
export function encodeSignedPart(apdu: GeneralSigningApdu): Uint8Array {
  return gbcsCoded(() => writeGeneralSigning(apdu, undefined, false));
}

/**
 * The full APDU from its signed part (as encodeSignedPart returned it) and a 64-byte signature,
 * without encoding the signed part again: `DF` || signedPart || `40` || signature.
 */
export function withSignature(signedPart: Uint8Array, signature: Uint8Array): Uint8Array {
  checkSignature(signature);
  const out = newBytes(1 + signedPart.length + 1 + SIGNATURE_LENGTH);
  out[0] = GENERAL_SIGNING_TAG;
  out.set(signedPart, 1);
  out[1 + signedPart.length] = SIGNATURE_LENGTH;
  out.set(signature, 2 + signedPart.length);
  return out;
}

function checkSignature(signature: Uint8Array): void {
  if (signature.length !== SIGNATURE_LENGTH)
    throw new GbcsError('ERR_GBCS_ENCODE', `signature must be 64 bytes`);
}

/** Writes the APDU (or, without `tag`, only its signed part) into one buffer sized up front. */
function writeGeneralSigning(
  apdu: GeneralSigningApdu,
  signature: Uint8Array | undefined,
  tag: boolean,
): Uint8Array {
  if (apdu.craFlag !== 1 && apdu.craFlag !== 2 && apdu.craFlag !== 3)
    throw new GbcsError('ERR_GBCS_ENCODE', `CRA flag ${String(apdu.craFlag)}`);
  if (apdu.originatorCounter < 0n || apdu.originatorCounter > MAX_COUNTER) {
    throw new GbcsError('ERR_GBCS_ENCODE', `originator counter ${apdu.originatorCounter} out of range`);
  }
  if (!Number.isInteger(apdu.messageCode) || apdu.messageCode < 0 || apdu.messageCode > 0xffff) {
    throw new GbcsError('ERR_GBCS_ENCODE', `message code ${apdu.messageCode} out of range`);
  }
  if (apdu.dateTime && apdu.dateTime.length !== DATE_TIME_LENGTH) {
    throw new GbcsError('ERR_GBCS_ENCODE', `date-time must be ${DATE_TIME_LENGTH} bytes`);
  }
  if (signature) checkSignature(signature);
  checkEui(apdu.originator);
  checkEui(apdu.recipient);
  const supplementary = apdu.supplementary ?? EMPTY;
  const otherLength = 2 + supplementary.length;
  const otherLengthSize = derLengthSize(otherLength);
  const contentLengthSize = derLengthSize(apdu.content.length);
  const size =
    (tag ? 1 : 0) +
    2 +
    8 +
    1 +
    SYSTEM_TITLE_LENGTH +
    1 +
    SYSTEM_TITLE_LENGTH +
    1 +
    (apdu.dateTime ? DATE_TIME_LENGTH : 0) +
    otherLengthSize +
    otherLength +
    contentLengthSize +
    apdu.content.length +
    (signature ? 1 + SIGNATURE_LENGTH : 0);
  const out = newBytes(size);
  let at = 0;
  const put = (bytes: Uint8Array) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  if (tag) out[at++] = GENERAL_SIGNING_TAG;
  out[at++] = TRANSACTION_ID_LENGTH;
  out[at++] = apdu.craFlag;
  const high = Number(apdu.originatorCounter >> 32n);
  const low = Number(apdu.originatorCounter & 0xffffffffn);
  for (let i = 0; i < 4; i++) {
    out[at + i] = (high >>> (24 - 8 * i)) & 0xff;
    out[at + 4 + i] = (low >>> (24 - 8 * i)) & 0xff;
  }
  at += 8;
  out[at++] = SYSTEM_TITLE_LENGTH;
  at = writeEui(out, at, apdu.originator);
  out[at++] = SYSTEM_TITLE_LENGTH;
  at = writeEui(out, at, apdu.recipient);
  if (apdu.dateTime) {
    out[at++] = DATE_TIME_LENGTH;
    put(apdu.dateTime);
  } else out[at++] = 0;
  writeDerLength(out, at, otherLength, otherLengthSize);
  at += otherLengthSize;
  out[at++] = apdu.messageCode >> 8;
  out[at++] = apdu.messageCode & 0xff;
  put(supplementary);
  writeDerLength(out, at, apdu.content.length, contentLengthSize);
  at += contentLengthSize;
  put(apdu.content);
  if (signature) {
    out[at++] = SIGNATURE_LENGTH;
    put(signature);
  }
  return out;
}

const EMPTY = new Uint8Array(0);

/**
 * Decodes a General-Signing APDU in any of its three forms (pre-command, signed, zero-length
 * signature) and says which; exact lengths, no trailing bytes; throws only GbcsError. Long-form
 * lengths with leading zeros are accepted and reported in `findings`.
 * @see GBCS 7.2.7, docs/gbcs-bytes.md
 */
export function decodeGeneralSigning(bytes: Uint8Array): DecodedGeneralSigningApdu {
  return gbcsCoded(() => readGeneralSigning(bytes));
}

function readGeneralSigning(bytes: Uint8Array): DecodedGeneralSigningApdu {
  const findings: GbcsFinding[] = [];
  const cur = new Cursor(bytes, findings);
  const tag = cur.byte('General-Signing tag');
  if (tag !== GENERAL_SIGNING_TAG)
    throw new GbcsError('ERR_GBCS_TAG', `expected 0xdf, got 0x${tag.toString(16)}`);
  const signedStart = cur.pos;
  cur.expectLength(TRANSACTION_ID_LENGTH, 'transaction-id length');
  const cra = cur.byte('CRA flag');
  if (cra !== 1 && cra !== 2 && cra !== 3) throw new GbcsError('ERR_GBCS_CRA_FLAG', `CRA flag ${cra}`);
  const originatorCounter = readCounter(bytes, cur.skip(8, 'originator counter'));
  cur.expectLength(SYSTEM_TITLE_LENGTH, 'originator system title length');
  const originator = euiAt(bytes, cur.skip(8, 'originator system title'));
  cur.expectLength(SYSTEM_TITLE_LENGTH, 'recipient system title length');
  const recipient = euiAt(bytes, cur.skip(8, 'recipient system title'));
  const dtLength = cur.byte('date-time length');
  if (dtLength !== 0 && dtLength !== DATE_TIME_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `date-time length ${dtLength}`);
  const dateTime = dtLength ? cur.take(DATE_TIME_LENGTH, 'date-time').slice() : undefined;
  const other = cur.lengthPrefixed('other information');
  if (other.length < 2)
    throw new GbcsError('ERR_GBCS_LENGTH', `other information of ${other.length} bytes has no message code`);
  // Views into `bytes`, not copies: a request's bytes are never written after they arrive.
  const content = cur.lengthPrefixed('content');
  const signedBytes = bytes.subarray(signedStart, cur.pos);
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

/** The 8-byte big-endian counter at `at`, read as two 32-bit halves (no view, no DataView). */
function readCounter(bytes: Uint8Array, at: number): bigint {
  const half = (i: number) =>
    ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  const high = half(at);
  const low = half(at + 4);
  // Below 2^53 the sum is exact as a double: one BigInt conversion instead of a shift and an or.
  return high < 0x200000 ? BigInt(high * 0x100000000 + low) : (BigInt(high) << 32n) | BigInt(low);
}

const CANONICAL_EUI = /^[0-9A-F]{16}$/;

function checkEui(eui: Eui): void {
  if (!CANONICAL_EUI.test(eui))
    throw new GbcsError('ERR_GBCS_ENCODE', `not a canonical EUI: ${String(eui).slice(0, 24)}`);
}

/** Writes a canonical EUI's 8 bytes into `out` at `at`; returns the next position. */
function writeEui(out: Uint8Array, at: number, eui: Eui): number {
  // checkEui has admitted only the digits 0-9 and A-F: each is its character code less 48 or 55.
  for (let i = 0; i < 8; i++)
    out[at + i] = (hexDigit(eui.charCodeAt(2 * i)) << 4) | hexDigit(eui.charCodeAt(2 * i + 1));
  return at + 8;
}

function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 55;
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

  /** Moves past `n` bytes (bounds-checked); returns where they start. */
  skip(n: number, what: string): number {
    if (this.pos + n > this.bytes.length) throw new GbcsError('ERR_GBCS_TRUNCATED', `${what} cut short`);
    this.pos += n;
    return this.pos - n;
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
