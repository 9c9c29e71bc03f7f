import { CodedError } from '../../certs';

/** Stable codes of a capture file or keystore folder that cannot be read (nothing is changed). */
export type CapturesErrorCode = 'ERR_CAPTURES_FILE';

/** The one error class of harness/captures; `cause` keeps the underlying error. */
export class CapturesError extends CodedError<CapturesErrorCode> {
  override readonly name = 'CapturesError';
}
