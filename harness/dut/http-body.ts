import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-errors';

/** Default largest request body: 2 MiB. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/** Thrown when the client went away while its body was read; nothing can be answered. */
export class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

/**
 * Reads a request body, counting bytes as they stream in: a declared or actual size over `limit`
 * fails early with 413 and a body not complete within `timeoutMs` with 408 (slow client).
 */
export function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | undefined, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
      if (err) {
        req.pause();
        reject(err);
      } else resolve(body ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined, Buffer.concat(chunks, size));
    const onError = (cause: Error): void => finish(new ClientGoneError('request stream failed', { cause }));
    const onAborted = (): void => finish(new ClientGoneError('client aborted the request'));
    const timer = setTimeout(
      () =>
        finish(new HttpError(408, 'ERR_HTTP_TIMEOUT', `request body not received within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'ERR_HTTP_BODY_TOO_LARGE', `request body exceeds the limit of ${limit} bytes`);
}
