import { CodedError } from '../certs';

/** Codes of bad input to the library API (a file, a scenario id, a target). */
export type ApiErrorCode = 'ERR_API_FILE' | 'ERR_API_SCENARIO' | 'ERR_API_NO_SCENARIOS' | 'ERR_API_TARGET';

/** Bad input to the library API; nothing was changed or written. */
export class ApiError extends CodedError<ApiErrorCode> {
  override readonly name = 'ApiError';
}
