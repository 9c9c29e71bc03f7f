import { CodedError } from '../../certs';

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
  | 'ERR_GBCS_ENCODE';

/** The one error class of the GBCS codec layer; decoders throw nothing else. */
export class GbcsError extends CodedError<GbcsErrorCode> {
  override readonly name = 'GbcsError';
}
