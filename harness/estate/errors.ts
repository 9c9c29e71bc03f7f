import { CodedError } from '../../certs';

/** Codes of estate errors (broken options or a worker failure, never a domain refusal). */
export type EstateErrorCode = 'ERR_ESTATE_OPTIONS' | 'ERR_ESTATE_PKI' | 'ERR_ESTATE_WORKER';

/** Error of the estate layer. */
export class EstateError extends CodedError<EstateErrorCode> {
  override readonly name = 'EstateError';
}
