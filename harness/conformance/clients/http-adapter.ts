import { PRESET_POLICIES, type DeviceSnapshot, type Policy } from '../../../simulator';
import { DutTransportError } from '../../dut/http-errors';
import { DEFAULT_MAX_ANSWER_BYTES, readCapped, transportFailure } from './fetch';

export { DEFAULT_MAX_ANSWER_BYTES };

const MAX_REDIRECTS = 3;
import { httpValidators, schemaProblem } from '../../dut/http-schemas';
import { SESSION_HEADER } from '../../dut/http-schemas';
import type { DeviceUnderTest, DutRequest, DutResponse, ProvisionOptions, WorldEvent } from '../../dut/port';

/** Options of createHttpDut. */
export interface HttpDutOptions {
  /** Base URL of the implementation, e.g. `http://127.0.0.1:8080` (paths /v1/... are appended). */
  readonly baseUrl: string;
  /** Per-request time limit covering connect, headers and body (default 5 s). */
  readonly timeoutMs?: number;
  /** Extra attempts after a 503 answer (default 2), with a small linear backoff. */
  readonly retries?: number;
  /** Backoff step between 503 retries (default 50 ms). */
  readonly backoffMs?: number;
  /** Session sent as X-Dut-Session, so concurrent runs against one server stay apart. */
  readonly session?: string;
  /** Bearer token sent as `Authorization: Bearer ...` (what `smets1 serve` prints or was given). */
  readonly token?: string;
  /** Largest answer body read, in bytes (default 4 MiB); a larger one is ERR_DUT_TOO_LARGE. */
  readonly maxAnswerBytes?: number;
  /** The fetch to use (defaults to the global fetch). */
  readonly fetch?: typeof fetch;
  readonly name?: string;
}

type Expect = 'json' | 'empty';

/** A preset policy travels by name (what a provider's server understands); a custom one as the whole object. */
function policyForWire(policy: Policy | undefined): string | Policy | undefined {
  return policy !== undefined && PRESET_POLICIES.includes(policy) ? policy.name : policy;
}

/** Error text of a `{error: {code, message}}` body, when there is one. */
function describeErrorBody(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (parsed.error && typeof parsed.error.code === 'string')
      return `${parsed.error.code}: ${String(parsed.error.message)}`;
  } catch {
    // not JSON: show the start of the text instead
  }
  return text.slice(0, 200);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The DeviceUnderTest port over HTTP (harness/dut/openapi.yaml), for a provider's implementation.
 * Transport failures throw DutTransportError (ERR_DUT_NETWORK, ERR_DUT_TIMEOUT, ERR_DUT_HTTP_STATUS,
 * ERR_DUT_MALFORMED); domain refusals come back as DutResponse data.
 */
export function createHttpDut(options: HttpDutOptions): DeviceUnderTest {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = Math.max(0, Math.min(options.retries ?? 2, 10));
  const backoffMs = options.backoffMs ?? 50;
  const doFetch = options.fetch ?? fetch;
  const maxAnswer = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  const origin = new URL(base).origin;

  /** One HTTP exchange: returns the status and the body text, or throws a coded transport error. */
  const exchange = async (
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; text: string }> => {
    let url = `${base}${path}`;
    let hops = 0;
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.timeout(timeoutMs);
      let res: Response;
      try {
        res = await doFetch(url, {
          method,
          signal,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.session ? { [SESSION_HEADER]: options.session } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
          redirect: 'manual',
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (cause) {
        throw transportFailure(cause, signal, `${method} ${url}`);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
        void res.body?.cancel().catch(() => undefined);
        url = sameOriginRedirect(url, res.headers.get('location')!, origin, method, res.status, ++hops);
        attempt -= 1;
        continue;
      }
      let text: string;
      try {
        text = await readCapped(res, maxAnswer, `${method} ${url}`);
      } catch (cause) {
        if (cause instanceof DutTransportError) throw cause;
        if (signal.aborted) throw transportFailure(cause, signal, `${method} ${url}`);
        throw new DutTransportError(
          'ERR_DUT_MALFORMED',
          `${method} ${url}: response body cut off (${(cause as Error).message})`,
          res.status,
          { cause },
        );
      }
      if (res.status === 503 && attempt < retries) {
        await sleep(backoffMs * (attempt + 1));
        continue;
      }
      return { status: res.status, text };
    }
  };

  const call = async (
    method: string,
    path: string,
    body: unknown,
    expect: Expect,
    okStatuses: readonly number[],
  ): Promise<{ status: number; value: unknown }> => {
    const { status, text } = await exchange(method, path, body);
    if (!okStatuses.includes(status)) {
      throw new DutTransportError(
        'ERR_DUT_HTTP_STATUS',
        `${method} ${path} answered ${status}: ${describeErrorBody(text)}`,
        status,
      );
    }
    if (expect === 'empty' || status === 404) return { status, value: undefined };
    try {
      return { status, value: JSON.parse(text) };
    } catch (cause) {
      throw new DutTransportError(
        'ERR_DUT_MALFORMED',
        `${method} ${path}: response is not JSON (${text.length} bytes: ${JSON.stringify(text.slice(0, 80))})`,
        status,
        { cause },
      );
    }
  };

  const checked = <T>(which: 'response' | 'snapshot', path: string, status: number, value: unknown): T => {
    const problem = schemaProblem(httpValidators()[which], value);
    if (problem)
      throw new DutTransportError(
        'ERR_DUT_MALFORMED',
        `${path}: response does not match the contract: ${problem}`,
        status,
      );
    return value as T;
  };

  return {
    name: options.name ?? `http ${base}`,
    async provision(p: ProvisionOptions) {
      const policy = policyForWire(p.policy);
      await call(
        'POST',
        '/v1/provision',
        policy === undefined ? { world: p.world } : { world: p.world, policy },
        'empty',
        [200, 204],
      );
    },
    async submit(r: DutRequest): Promise<DutResponse> {
      const { status, value } = await call('POST', '/v1/requests', r, 'json', [200]);
      return checked<DutResponse>('response', '/v1/requests', status, value);
    },
    async apply(e: WorldEvent) {
      await call('POST', '/v1/world-events', e, 'empty', [200, 204]);
    },
    async inspect(deviceId: string): Promise<DeviceSnapshot | undefined> {
      const path = `/v1/devices/${encodeURIComponent(deviceId)}`;
      const { status, value } = await call('GET', path, undefined, 'json', [200, 404]);
      return status === 404 ? undefined : checked<DeviceSnapshot>('snapshot', path, status, value);
    },
    async reset() {
      await call('POST', '/v1/reset', undefined, 'empty', [200, 204]);
    },
    async close() {
      // Nothing is held open between requests (fetch pools its own connections).
    },
  };
}

/**
 * The next URL of a redirect, followed only within the target's origin (scheme, host and port)
 * and only 307/308 for non-GET methods (they keep the method and body); else ERR_DUT_REDIRECT.
 */
function sameOriginRedirect(
  from: string,
  location: string,
  origin: string,
  method: string,
  status: number,
  hops: number,
): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch (cause) {
    throw new DutTransportError('ERR_DUT_REDIRECT', `${method} ${from}: unusable redirect`, status, {
      cause,
    });
  }
  if (next.origin !== origin)
    throw new DutTransportError(
      'ERR_DUT_REDIRECT',
      `${method} ${from}: redirect to another origin (${next.origin}) refused`,
      status,
    );
  if (hops > MAX_REDIRECTS)
    throw new DutTransportError(
      'ERR_DUT_REDIRECT',
      `${method} ${from}: more than ${MAX_REDIRECTS} redirects`,
      status,
    );
  if (method !== 'GET' && status !== 307 && status !== 308)
    throw new DutTransportError(
      'ERR_DUT_REDIRECT',
      `${method} ${from}: ${status} redirect would drop the request body`,
      status,
    );
  return next.href;
}
