import { CodedError } from '../../certs';

/** Stable codes for errors raised by the report layer (broken report input, never case verdicts). */
export type ReportErrorCode = 'ERR_REPORT_JSON' | 'ERR_REPORT_SCHEMA' | 'ERR_REPORT_WRITE';

/** The one error class of the report layer; `code` is stable, `cause` keeps the underlying error. */
export class ReportError extends CodedError<ReportErrorCode> {
  override readonly name = 'ReportError';
}
