/** Codes of DutTransportError: why the harness could not get a usable answer from an HTTP implementation. */
export type DutTransportErrorCode =
  | 'ERR_DUT_NETWORK'
  | 'ERR_DUT_TIMEOUT'
  | 'ERR_DUT_HTTP_STATUS'
  | 'ERR_DUT_MALFORMED'
  | 'ERR_DUT_TOO_LARGE'
  | 'ERR_DUT_REDIRECT';

/**
 * A failure of the transport to an implementation under test (not a domain refusal): the runner
 * reports ERR_DUT_TIMEOUT as HANG and every other code as HARNESS_ERROR, with this message as cause.
 */
export class DutTransportError extends Error {
  override readonly name = 'DutTransportError';
  constructor(
    readonly code: DutTransportErrorCode,
    message: string,
    /** The HTTP status, when a response arrived. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `err` is a DutTransportError for a request that timed out (the runner reports it as HANG). */
export function isDutTimeout(err: unknown): boolean {
  return err instanceof DutTransportError && err.code === 'ERR_DUT_TIMEOUT';
}

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
export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Extra response headers (Allow for 405). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown; headers?: Readonly<Record<string, string>> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.headers = options?.headers ?? {};
  }
}
