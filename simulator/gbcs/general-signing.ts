import { euiToBytes, parseEui, type Eui } from '../../certs/eui';
import { readDerLength } from './der-reader';
import { concatBytes, derLength } from './der-writer';
import { GbcsError } from './errors';

/** GBCS CRA flag: 1 command, 2 response, 3 alert. @see GBCS 7.2.4 (CRA Flag) */
export type CraFlag = 1 | 2 | 3;

/**
 * A General-Signing APDU, the GBCS envelope of a KRP-signed command (the pre-command when unsigned).
 * @see GBCS 7.2.7 (General Signing), DOMAIN.md §5
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

/** A decoded General-Signing APDU with the exact bytes its KRP signature covers. */
export type DecodedGeneralSigningApdu = GeneralSigningApdu & { signedBytes: Uint8Array };

const GENERAL_SIGNING_TAG = 0xdf;
const TRANSACTION_ID_LENGTH = 9;
const SYSTEM_TITLE_LENGTH = 8;
const DATE_TIME_LENGTH = 12;
const SIGNATURE_LENGTH = 64;
const MAX_COUNTER = (1n << 64n) - 1n;

/**
 * Encodes a General-Signing APDU; an absent signature is written as a zero-length signature field.
 * @see GBCS 7.2.7, DOMAIN.md §5 (byte layout)
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
 * Decodes a General-Signing APDU strictly (exact lengths, no trailing bytes); throws only GbcsError.
 * @see GBCS 7.2.7
 */
export function decodeGeneralSigning(bytes: Uint8Array): DecodedGeneralSigningApdu {
  const cur = new Cursor(bytes);
  const tag = cur.byte('General-Signing tag');
  if (tag !== GENERAL_SIGNING_TAG)
    throw new GbcsError('ERR_GBCS_TAG', `expected 0xdf, got 0x${tag.toString(16)}`);
  const signedStart = cur.pos;
  cur.expectLength(TRANSACTION_ID_LENGTH, 'transaction-id length');
  const cra = cur.byte('CRA flag');
  if (cra !== 1 && cra !== 2 && cra !== 3) throw new GbcsError('ERR_GBCS_CRA_FLAG', `CRA flag ${cra}`);
  const originatorCounter = new DataView(cur.take(8, 'originator counter').slice().buffer).getBigUint64(0);
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
  const sigLength = cur.byte('signature length');
  if (sigLength !== 0 && sigLength !== SIGNATURE_LENGTH)
    throw new GbcsError('ERR_GBCS_LENGTH', `signature length ${sigLength}`);
  const signature = sigLength ? cur.take(SIGNATURE_LENGTH, 'signature').slice() : undefined;
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
  };
  if (dateTime) apdu.dateTime = dateTime;
  if (other.length > 2) apdu.supplementary = other.slice(2);
  if (signature) apdu.signature = signature;
  return apdu;
}

function encodeSignature(signature: Uint8Array | undefined): Uint8Array {
  if (!signature) return Uint8Array.of(0);
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
  constructor(private readonly bytes: Uint8Array) {}

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
    const { length, next } = readDerLength(this.bytes, this.pos, this.bytes.length);
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
