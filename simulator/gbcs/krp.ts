import type { KeyObject } from 'node:crypto';
import { verifyP1363 } from '../../certs';
import type { Signer } from '../../certs/types';
import { GbcsError } from './errors';
import {
  decodeGeneralSigning,
  encodeSignedPart,
  withSignature,
  type GeneralSigningApdu,
} from './general-signing';

/**
 * The bytes a KRP signature covers: from the byte after `DF` to the end of the content.
 * @see GBCS 7.2.7 (General Signing), docs/gbcs-bytes.md
 */
export function krpSignedBytes(bytes: Uint8Array): Uint8Array {
  return decodeGeneralSigning(bytes).signedBytes;
}

/** Signs an unsigned General-Signing APDU with the KRP's DS key and returns the full signed APDU bytes. */
export function signKrp(unsignedApdu: GeneralSigningApdu, signer: Signer): Uint8Array {
  if (unsignedApdu.signature) throw new GbcsError('ERR_GBCS_ENCODE', 'APDU is already signed');
  const signedPart = encodeSignedPart(unsignedApdu);
  return withSignature(signedPart, signer.sign(signedPart));
}

/**
 * True when `bytes` is a signed General-Signing APDU whose KRP signature verifies with `publicKey`;
 * false for unsigned, malformed or badly signed input (r or s outside [1, n-1] included).
 */
export function verifyKrp(bytes: Uint8Array, publicKey: KeyObject): boolean {
  let decoded;
  try {
    decoded = decodeGeneralSigning(bytes);
  } catch (err) {
    if (err instanceof GbcsError) return false;
    throw err;
  }
  if (!decoded.signature) return false;
  return verifyP1363(publicKey, decoded.signedBytes, decoded.signature);
}
