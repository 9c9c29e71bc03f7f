import { CodedError } from '../../certs';

/** Stable codes for refused or failed output writes (see docs/reliability.md, "Writes"). */
export type IoErrorCode =
  | 'ERR_OUT_NAME'
  | 'ERR_OUT_LOCKED'
  | 'ERR_OUT_EXISTS'
  | 'ERR_OUT_KEY_EXISTS'
  | 'ERR_OUT_PSEUDO_FS'
  | 'ERR_OUT_WRITE';

/** The one error class of output writing; `code` is stable, `cause` keeps the underlying error. */
export class IoError extends CodedError<IoErrorCode> {
  override readonly name = 'IoError';
}
