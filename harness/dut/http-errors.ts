import { CodedError } from '../../certs';
export { DutTransportError, isDutTimeout, type DutTransportErrorCode } from './port';

/** Codes of the JSON errors the HTTP server answers with (`{error: {code, message}}`). */
export type HttpErrorCode =
  | 'ERR_HTTP_BODY_JSON'
  | 'ERR_HTTP_BODY_SCHEMA'
  | 'ERR_HTTP_BODY_WORLD'
  | 'ERR_HTTP_BODY_POLICY'
  | 'ERR_HTTP_BODY_TOO_LARGE'
  | 'ERR_HTTP_PARAM'
  | 'ERR_HTTP_MEDIA_TYPE'
  | 'ERR_HTTP_NOT_FOUND'
  | 'ERR_HTTP_METHOD'
  | 'ERR_HTTP_TIMEOUT'
  | 'ERR_HTTP_BAD_REQUEST'
  | 'ERR_HTTP_TOO_MANY_SESSIONS'
  | 'ERR_HTTP_TOO_MANY_CONNECTIONS'
  | 'ERR_HTTP_HEADERS_TOO_LARGE'
  | 'ERR_HTTP_UNAUTHORIZED'
  | 'ERR_HTTP_INTERNAL'
  | 'ERR_DUT_NOT_PROVISIONED'
  | 'ERR_DUT_DEVICE_NOT_FOUND';

/** A refusal of an HTTP request by the server, carried to the response writer as status + JSON error. */
export class HttpError extends CodedError<HttpErrorCode> {
  override readonly name = 'HttpError';
  /** Extra response headers (Allow for 405). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    readonly status: number,
    code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Readonly<Record<string, string>> },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.headers = options?.headers ?? {};
  }
}
