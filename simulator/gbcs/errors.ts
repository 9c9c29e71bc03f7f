import { CertsError, CodedError, type DerErrorCode } from '../../certs';

/** Stable codes for malformed GBCS input or misuse of the GBCS encoders (never domain refusals). */
export type GbcsErrorCode =
  | 'ERR_GBCS_TRUNCATED'
  | 'ERR_GBCS_TAG'
  | 'ERR_GBCS_LENGTH'
  | 'ERR_GBCS_TRAILING'
  | 'ERR_GBCS_FIELD_RANGE'
  | 'ERR_GBCS_DER'
  | 'ERR_GBCS_CRA_FLAG'
  | 'ERR_GBCS_MESSAGE_CODE'
  | 'ERR_GBCS_COUNTER_MISMATCH'
  | 'ERR_GBCS_ENCODE'
  | 'ERR_GBCS_KEYSTORE';

/** The one error class of the GBCS codec layer; decoders throw nothing else. */
export class GbcsError extends CodedError<GbcsErrorCode> {
  override readonly name = 'GbcsError';
}

/** The GBCS code each DER codec code (certs/der) surfaces as. */
const FROM_DER: Readonly<Record<DerErrorCode, GbcsErrorCode>> = {
  ERR_DER_TRUNCATED: 'ERR_GBCS_TRUNCATED',
  ERR_DER_TAG: 'ERR_GBCS_TAG',
  ERR_DER_LENGTH: 'ERR_GBCS_LENGTH',
  ERR_DER_TRAILING: 'ERR_GBCS_TRAILING',
  ERR_DER_INTEGER: 'ERR_GBCS_DER',
  ERR_DER_RANGE: 'ERR_GBCS_FIELD_RANGE',
  ERR_DER_FORMAT: 'ERR_GBCS_DER',
  ERR_DER_ENCODE: 'ERR_GBCS_ENCODE',
};

/**
 * Runs one GBCS codec operation, re-coding the shared DER codec's errors as GbcsError (same message,
 * the DER error kept as `cause`), so the GBCS decoders and encoders throw GbcsError only.
 */
export function gbcsCoded<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof CertsError && err.code in FROM_DER) {
      throw new GbcsError(FROM_DER[err.code as DerErrorCode], err.message, { cause: err });
    }
    throw err;
  }
}
