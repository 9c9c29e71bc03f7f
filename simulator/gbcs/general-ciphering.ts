import type { KeyObject } from 'node:crypto';
import { aes128GcmTag, ecdhP256, equalBytesConstantTime, euiToBytes, sha256, type Eui } from '../../certs';
import { readDerLength } from '../../certs/der/reader';
import { concatBytes, derLength } from '../../certs/der/writer';
import { GbcsError, gbcsCoded } from './errors';
import type { GbcsFinding } from './findings';
import { decodeGeneralSigning, type CraFlag, type DecodedGeneralSigningApdu } from './general-signing';

const GENERAL_CIPHERING_TAG = 0xdd;
/** The five empty header octet strings and the absent key-info of a GBCS General-Ciphering APDU. */
const EMPTY_FIELDS = new Uint8Array(6);
/** Security control byte (authentication only) and the all-zero invocation counter, as on the wire. */
const SECURITY_HEADER = Uint8Array.of(0x11, 0, 0, 0, 0);
/**
 * What the MAC's additional authenticated data starts with, before the General-Signing APDU: six
 * bytes, `11 00 00 00 00 00` (the security control byte, the four invocation-counter bytes and one
 * more `00`), not the five-byte security header alone. The DCC's reference test data (RTDS) MACs
 * reproduce with these six and with no other prefix.
 * @see GBCS 6.2.3, docs/gbcs-bytes.md (MAC)
 */
export const GBCS_MAC_AAD_PREFIX: Readonly<Uint8Array> = Uint8Array.of(0x11, 0, 0, 0, 0, 0);
/** The GBCS KDF AlgorithmID. */
const KDF_ALGORITHM_ID = Uint8Array.of(0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00);
/** Length of the GBCS MAC (a truncated AES-GCM tag). */
export const GBCS_MAC_LENGTH = 12;
const MAX_COUNTER = (1n << 64n) - 1n;

/** A decoded General-Ciphering APDU: the wrapped General-Signing APDU (bytes and fields) and its MAC. */
export interface DecodedGeneralCiphering {
  /** Security control byte and invocation counter (`11 00000000`). */
  readonly securityHeader: Uint8Array;
  /** The wrapped General-Signing APDU exactly as carried. */
  readonly generalSigningBytes: Uint8Array;
  readonly generalSigning: DecodedGeneralSigningApdu;
  /** The 12-byte MAC. */
  readonly mac: Uint8Array;
  /** Tolerated non-canonical forms of the wrapper (e.g. a long-form length with a leading zero). */
  readonly findings?: readonly GbcsFinding[];
}

/** What the GBCS MAC key and IV are bound to: the transaction of the wrapped General-Signing APDU. */
export interface MacTransaction {
  readonly craFlag: CraFlag;
  readonly originatorCounter: bigint;
  readonly originator: Eui;
  readonly recipient: Eui;
}

/**
 * Wraps General-Signing bytes in a General-Ciphering APDU with `mac`: `DD`, six `00`, the length,
 * the security header `11 00000000`, the General-Signing APDU, the 12-byte MAC.
 * @see GBCS 6.2.3, docs/gbcs-bytes.md (General-Ciphering)
 */
export function encodeGeneralCiphering(generalSigning: Uint8Array, mac: Uint8Array): Uint8Array {
  return gbcsCoded(() => writeGeneralCiphering(generalSigning, mac));
}

function writeGeneralCiphering(generalSigning: Uint8Array, mac: Uint8Array): Uint8Array {
  if (mac.length !== GBCS_MAC_LENGTH)
    throw new GbcsError('ERR_GBCS_ENCODE', `MAC must be ${GBCS_MAC_LENGTH} bytes`);
  if (generalSigning[0] !== 0xdf)
    throw new GbcsError('ERR_GBCS_ENCODE', 'General-Ciphering wraps a General-Signing APDU (DF)');
  const ciphered = concatBytes(SECURITY_HEADER, generalSigning, mac);
  return concatBytes(
    Uint8Array.of(GENERAL_CIPHERING_TAG),
    EMPTY_FIELDS,
    derLength(ciphered.length),
    ciphered,
  );
}

/**
 * Decodes a General-Ciphering APDU and the General-Signing APDU inside it; exact lengths, no
 * trailing bytes; throws only GbcsError. A long-form length with leading zeros is a finding.
 * @see GBCS 6.2.3, docs/gbcs-bytes.md
 */
export function decodeGeneralCiphering(bytes: Uint8Array): DecodedGeneralCiphering {
  return gbcsCoded(() => readGeneralCiphering(bytes));
}

function readGeneralCiphering(bytes: Uint8Array): DecodedGeneralCiphering {
  if (bytes.length === 0) throw new GbcsError('ERR_GBCS_TRUNCATED', 'General-Ciphering tag missing');
  if (bytes[0] !== GENERAL_CIPHERING_TAG)
    throw new GbcsError('ERR_GBCS_TAG', `expected 0xdd, got 0x${bytes[0]!.toString(16)}`);
  if (bytes.length < 1 + EMPTY_FIELDS.length)
    throw new GbcsError('ERR_GBCS_TRUNCATED', 'General-Ciphering header fields cut short');
  for (let i = 1; i <= EMPTY_FIELDS.length; i++) {
    if (bytes[i] !== 0)
      throw new GbcsError(
        'ERR_GBCS_FIELD_RANGE',
        `General-Ciphering header byte ${i} must be 00 (empty field)`,
      );
  }
  const findings: GbcsFinding[] = [];
  const { length, next } = readDerLength(bytes, 1 + EMPTY_FIELDS.length, bytes.length, findings);
  if (length > bytes.length - next)
    throw new GbcsError(
      'ERR_GBCS_LENGTH',
      `ciphered content length ${length} exceeds the ${bytes.length - next} bytes left`,
    );
  if (length < bytes.length - next)
    throw new GbcsError('ERR_GBCS_TRAILING', `${bytes.length - next - length} bytes after the MAC`);
  if (length < SECURITY_HEADER.length + 1 + GBCS_MAC_LENGTH)
    throw new GbcsError('ERR_GBCS_TRUNCATED', `ciphered content of ${length} bytes`);
  const securityHeader = bytes.slice(next, next + SECURITY_HEADER.length);
  if (!securityHeader.every((b, i) => b === SECURITY_HEADER[i])) {
    throw new GbcsError(
      'ERR_GBCS_FIELD_RANGE',
      `security header ${Buffer.from(securityHeader).toString('hex')} (expected 1100000000)`,
    );
  }
  const generalSigningBytes = bytes.slice(next + SECURITY_HEADER.length, bytes.length - GBCS_MAC_LENGTH);
  const generalSigning = decodeGeneralSigning(generalSigningBytes);
  const mac = bytes.slice(bytes.length - GBCS_MAC_LENGTH);
  return {
    securityHeader,
    generalSigningBytes,
    generalSigning,
    mac,
    ...(findings.length ? { findings } : {}),
  };
}

/** The 8 bytes big-endian of an originator counter. */
function counterBytes(counter: bigint): Uint8Array {
  if (counter < 0n || counter > MAX_COUNTER)
    throw new GbcsError('ERR_GBCS_ENCODE', `originator counter ${counter} out of range`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, counter);
  return out;
}

/**
 * The GBCS MAC key: the first 16 bytes of SHA-256(00000001 || Z || OtherInfo), Z = ECDH P-256 of
 * `ownPrivate` and `peerPublic`, OtherInfo = 60857406080300 || originator system title || 09 ||
 * CRA flag || originator counter || recipient system title.
 * @see GBCS 4.3.3.3, 4.3.3.4, docs/gbcs-bytes.md (KDF)
 */
export function gbcsMacKey(ownPrivate: KeyObject, peerPublic: KeyObject, tx: MacTransaction): Uint8Array {
  const z = ecdhP256(ownPrivate, peerPublic);
  const input = concatBytes(
    Uint8Array.of(0, 0, 0, 1),
    z,
    KDF_ALGORITHM_ID,
    euiToBytes(tx.originator),
    Uint8Array.of(0x09, tx.craFlag),
    counterBytes(tx.originatorCounter),
    euiToBytes(tx.recipient),
  );
  return sha256(input).subarray(0, 16);
}

/**
 * The GBCS MAC over a General-Signing APDU: AES-128-GCM tag (12 bytes) under `key`, IV = originator
 * system title || 00000000, no plaintext, AAD = 11 00 00 00 00 00 || the General-Signing APDU.
 * @see GBCS 6.2.3, docs/gbcs-bytes.md (MAC)
 */
export function computeGbcsMac(key: Uint8Array, originator: Eui, generalSigning: Uint8Array): Uint8Array {
  const iv = concatBytes(euiToBytes(originator), SECURITY_HEADER.subarray(1));
  return aes128GcmTag(key, iv, concatBytes(GBCS_MAC_AAD_PREFIX, generalSigning), GBCS_MAC_LENGTH);
}

/**
 * Wraps a General-Signing APDU in General-Ciphering with the MAC agreed between `ownPrivate` (the
 * originator side: the ACB for commands, the device for responses and alerts) and `peerPublic`.
 */
export function wrapGeneralCiphering(
  generalSigning: Uint8Array,
  ownPrivate: KeyObject,
  peerPublic: KeyObject,
): Uint8Array {
  const apdu = decodeGeneralSigning(generalSigning);
  const key = gbcsMacKey(ownPrivate, peerPublic, apdu);
  return encodeGeneralCiphering(generalSigning, computeGbcsMac(key, apdu.originator, generalSigning));
}

/**
 * True when the MAC of a decoded General-Ciphering APDU verifies with the key agreed between
 * `ownPrivate` and `peerPublic` (ECDH is symmetric: either end's private key with the other's public).
 */
export function checkGbcsMac(
  decoded: DecodedGeneralCiphering,
  ownPrivate: KeyObject,
  peerPublic: KeyObject,
): boolean {
  const key = gbcsMacKey(ownPrivate, peerPublic, decoded.generalSigning);
  const expected = computeGbcsMac(key, decoded.generalSigning.originator, decoded.generalSigningBytes);
  return equalBytesConstantTime(expected, decoded.mac);
}

/** A General-Ciphering APDU taken apart; `macValid` is set when keys were given to check the MAC. */
export interface UnwrappedGeneralCiphering extends DecodedGeneralCiphering {
  readonly macValid?: boolean;
}

/**
 * Takes a General-Ciphering APDU apart (the inverse of wrapGeneralCiphering): the General-Signing
 * APDU inside, its fields and the MAC; with `keys` (one end's KA private key, the other end's KA
 * public key) it also checks the MAC. Throws only GbcsError (for bytes that do not decode).
 */
export function unwrapGeneralCiphering(
  bytes: Uint8Array,
  keys?: { readonly ownPrivate: KeyObject; readonly peerPublic: KeyObject },
): UnwrappedGeneralCiphering {
  const decoded = decodeGeneralCiphering(bytes);
  return keys ? { ...decoded, macValid: checkGbcsMac(decoded, keys.ownPrivate, keys.peerPublic) } : decoded;
}
