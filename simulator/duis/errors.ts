import { CodedError } from '../../certs';

/** Stable codes for malformed DUIS input or misuse of the DUIS emitters (never domain refusals). */
export type DuisErrorCode =
  | 'ERR_DUIS_TOO_LARGE'
  | 'ERR_DUIS_XML'
  | 'ERR_DUIS_SCHEMA'
  | 'ERR_DUIS_NAMESPACE'
  | 'ERR_DUIS_REQUEST_ID'
  | 'ERR_DUIS_FIELD'
  | 'ERR_DUIS_COMMAND_VARIANT'
  | 'ERR_DUIS_UNSUPPORTED_SRV';

/** The one error class of the DUIS codec layer; parsers throw nothing else. */
export class DuisError extends CodedError<DuisErrorCode> {
  override readonly name = 'DuisError';
}
