import { DutTransportError } from '../../dut/http-errors';

// What both client adapters (HTTP JSON, DUIS) do with a fetch: cap the answer, classify a failure.

/** Default cap on an answer body: far above any contract answer, far below a memory problem. */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Reads an answer body as UTF-8, refusing (ERR_DUT_TOO_LARGE) past `max` bytes without reading further. */
export async function readCapped(res: Response, max: number, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  const tooLarge = (): DutTransportError =>
    new DutTransportError('ERR_DUT_TOO_LARGE', `${what}: answer larger than ${max} bytes`, res.status);
  if (declared > max) {
    void res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // leaving the loop early (the throw) cancels the body stream
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Classifies a fetch failure: an aborted signal is a timeout, anything else a network failure. */
export function transportFailure(cause: unknown, signal: AbortSignal, what: string): DutTransportError {
  if (signal.aborted)
    return new DutTransportError('ERR_DUT_TIMEOUT', `${what}: no answer within the time limit`, undefined, {
      cause,
    });
  const detail = causeCode(cause) ?? (cause as Error).message;
  return new DutTransportError('ERR_DUT_NETWORK', `${what}: ${detail}`, undefined, { cause });
}

/** The first system error code (ECONNREFUSED, ECONNRESET, ...) along a fetch error's cause chain. */
function causeCode(err: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = causeCode(inner, depth + 1);
      if (found) return found;
    }
  }
  return causeCode(e.cause, depth + 1);
}
