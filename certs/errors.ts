import { CodedError } from './coded-error';

/** Stable codes for errors raised by the certs layer (broken input or misuse, never domain refusals). */
export type CertsErrorCode =
  | 'ERR_EUI_FORMAT'
  | 'ERR_ROLE_UNKNOWN'
  | 'ERR_KEY_USAGE_UNKNOWN'
  | 'ERR_CERT_DECODE'
  | 'ERR_PEM_DECODE'
  | 'ERR_KEY_DECODE'
  | 'ERR_KEY_DERIVE'
  | 'ERR_KEYSTORE_MISSING'
  | 'ERR_KEYSTORE_FORMAT'
  | 'ERR_PKI_OPTIONS'
  | 'ERR_SIGNATURE_FORMAT'
  | 'ERR_CACHE_LIMIT'
  | DerErrorCode;

/**
 * Codes of the DER codec (certs/der): malformed or non-canonical input to the reader, out-of-range
 * values to the writer. Other layers re-code them at their boundary (GBCS: simulator/gbcs/errors.ts).
 */
export type DerErrorCode =
  | 'ERR_DER_TRUNCATED'
  | 'ERR_DER_TAG'
  | 'ERR_DER_LENGTH'
  | 'ERR_DER_TRAILING'
  | 'ERR_DER_INTEGER'
  | 'ERR_DER_RANGE'
  | 'ERR_DER_FORMAT'
  | 'ERR_DER_ENCODE';

/** The one error class of the certs layer; `code` is stable, `cause` keeps the underlying error. */
export class CertsError extends CodedError<CertsErrorCode> {
  override readonly name = 'CertsError';
}
