import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { sha256 } from '../../certs';
import { hardenServer } from './http-guard';
import type { RequestLog } from './http-log';
import { DEFAULT_BODY_LIMIT, ClientGoneError, readBody } from '../dut/http-body';
import { HttpError } from '../dut/http-errors';
import { route, type RouteContext, type RouteRequest, type RouteResponse } from './http-routes';
import { createSessionTable } from './http-sessions';
import type { DeviceUnderTest } from '../dut/port';

/** Options of createDutHttpServer. */
export interface DutHttpServerOptions {
  /** Builds a fresh implementation for each session (the reference: createInProcessDut). */
  readonly createDut: () => DeviceUnderTest;
  /** The policy name /v1/health reports. */
  readonly policyName: string;
  /** True when the implementation ignores the policy named in provision requests (reported by /v1/health). */
  readonly policyPinned?: boolean;
  readonly implementation?: string;
  /** Largest request body in bytes (default 2 MiB); larger bodies get 413 before they are read. */
  readonly bodyLimitBytes?: number;
  /** Time allowed for a request body to arrive once headers are in (default 10 s); then 408. */
  readonly bodyTimeoutMs?: number;
  /** Time allowed for the request headers (default 10 s). */
  readonly headersTimeoutMs?: number;
  /** Hard limit on a whole request (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Most concurrent sessions (default 64). */
  readonly maxSessions?: number;
  /** One line per request (method, path, status, ms); never bodies or keys. */
  readonly log?: (line: string) => void;
  /** Routes tried before the JSON contract's (e.g. the DUIS interface); undefined = not theirs. */
  readonly extraRoute?: (req: RouteRequest, ctx: RouteContext) => Promise<RouteResponse | undefined>;
  /** A request logger (summary or per request, see createRequestLog); takes precedence over `log`. */
  readonly requestLog?: RequestLog;
  /**
   * Bearer token required on every route but `/v1/health` and `publicPaths` (any method);
   * undefined = no authentication (tests, in-process use).
   */
  readonly token?: string;
  /** Paths that authenticate their own way and need no token (the DUIS service endpoints: by signature). */
  readonly publicPaths?: readonly string[];
  /** Most open connections (default from the open-file limit, see hardenServer). */
  readonly maxConnections?: number;
  /** Idle time after which a session expires (default 15 minutes). */
  readonly sessionTtlMs?: number;
  /**
   * Requests one connection may have in progress at once (HTTP/1.1 pipelining, default 16); the
   * next is answered 429 `ERR_HTTP_PIPELINE_LIMIT` without any work and the connection is closed.
   */
  readonly maxPipelined?: number;
}

/** A running DUT HTTP server. */
export interface DutHttpServer {
  readonly server: Server;
  /** Starts listening; resolves with the base URL (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Open connections, connections shed at the bound, and sessions. */
  stats(): { open: number; shed: number; maxConnections: number; sessions: number };
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), closes every DUT. */
  close(graceMs?: number): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Default bound of requests in progress on one connection. @see docs/reliability.md */
export const DEFAULT_MAX_PIPELINED = 16;

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  head = false,
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(body === undefined
      ? {}
      : { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(text)) }),
  });
  res.end(head ? undefined : text);
}

/**
 * True when an Authorization header carries the bearer token whose SHA-256 is `digest`; the digests
 * are compared with timingSafeEqual, so the time taken does not depend on how much of the token matched.
 */
export function tokenMatches(header: string | undefined, digest: Uint8Array): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = sha256(Buffer.from(m?.[1] ?? '', 'utf8'));
  return timingSafeEqual(given, digest) && m !== null;
}

/** The path of a request target (dot segments resolved), or undefined when it is not a valid target. */
export function pathOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function errorBody(code: string, message: string): unknown {
  return { error: { code, message } };
}

/**
 * Creates the HTTP server of the DUT contract (harness/dut/openapi.yaml) around an implementation
 * factory: bounded bodies, header/body/request timeouts, JSON errors, one queue per session.
 */
export function createDutHttpServer(options: DutHttpServerOptions): DutHttpServer {
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const requestTimeoutMs = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeoutMs + 1);
  const sessions = createSessionTable(options.createDut, options.maxSessions ?? 64, {
    ...(options.sessionTtlMs === undefined ? {} : { ttlMs: options.sessionTtlMs }),
  });
  const tokenDigest = options.token === undefined ? undefined : sha256(Buffer.from(options.token, 'utf8'));
  const publicPaths = new Set(['/v1/health', ...(options.publicPaths ?? [])]);
  // deny by default: every path but the public ones needs the token, whatever the method
  const authorised = (req: IncomingMessage, path: string): boolean =>
    !tokenDigest || publicPaths.has(path) || tokenMatches(req.headers.authorization, tokenDigest);
  const ctx = {
    sessions,
    policyName: options.policyName,
    policyPinned: options.policyPinned ?? true,
    implementation: options.implementation ?? 'reference',
  };
  const requestLog: RequestLog = options.requestLog ?? {
    request: (method, path, status, ms) => options.log?.(`${method} ${path} ${status} ${ms}ms`),
    note: (line) => options.log?.(line),
    close: () => undefined,
  };
  const log = (line: string): void => requestLog.note(line);
  let closing = false;
  const maxPipelined = Math.max(1, options.maxPipelined ?? DEFAULT_MAX_PIPELINED);
  const inProgress = new WeakMap<Socket, number>();
  const overLimit = new WeakSet<Socket>();

  /** Counts the request against its connection; false when the connection is over the pipelining bound. */
  const admit = (req: IncomingMessage, res: ServerResponse): boolean => {
    const socket = req.socket;
    const n = (inProgress.get(socket) ?? 0) + 1;
    inProgress.set(socket, n);
    res.once('close', () => inProgress.set(socket, (inProgress.get(socket) ?? 1) - 1));
    if (n > maxPipelined) overLimit.add(socket);
    return !overLimit.has(socket);
  };

  const refusePipelined = (req: IncomingMessage, res: ServerResponse): void => {
    // no further reading; `connection: close` makes node end the connection once the answers before
    // this one are written, and requests already parsed behind it get this same cheap answer
    req.socket.pause();
    sendJson(
      res,
      429,
      errorBody(
        'ERR_HTTP_PIPELINE_LIMIT',
        `at most ${maxPipelined} requests in progress per connection; the connection is closed`,
      ),
      { connection: 'close' },
    );
    requestLog.request(req.method ?? '?', '(pipelined)', 429, 0);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!admit(req, res)) return refusePipelined(req, res);
    const started = process.hrtime.bigint();
    const path = pathOf(req.url);
    let result: RouteResponse;
    let closeAfter = false;
    let headers: Readonly<Record<string, string>> = {};
    try {
      if (path === undefined) throw new HttpError(400, 'ERR_HTTP_BAD_REQUEST', 'malformed request target');
      const routeReq: RouteRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        readBody: () => readBody(req, limit, bodyTimeoutMs),
      };
      if (!authorised(req, path)) {
        throw new HttpError(
          401,
          'ERR_HTTP_UNAUTHORIZED',
          'this route needs Authorization: Bearer <token> (printed by smets1 serve)',
          {
            headers: { 'www-authenticate': 'Bearer' },
          },
        );
      }
      result = (await options.extraRoute?.(routeReq, ctx)) ?? (await route(routeReq, ctx));
    } catch (err) {
      if (err instanceof ClientGoneError) {
        req.socket.destroy();
        return;
      }
      const e =
        err instanceof HttpError
          ? err
          : new HttpError(500, 'ERR_HTTP_INTERNAL', 'internal error', { cause: err });
      // An unread or partly read body leaves the connection unusable: answer, then close it.
      closeAfter = e.status === 413 || e.status === 408;
      headers = closeAfter ? { ...e.headers, connection: 'close' } : e.headers;
      result = { status: e.status, body: errorBody(e.code, e.message) };
      if (e.status === 500)
        log(`internal error on ${req.method} ${path}: ${(e.cause as Error | undefined)?.name ?? 'Error'}`);
    }
    if (res.writableEnded || req.socket.destroyed) return;
    if (closeAfter) res.on('finish', () => req.socket.destroy());
    if (closing) headers = { ...headers, connection: 'close' };
    headers = { ...headers, ...result.headers };
    if (result.raw) {
      res.writeHead(result.status, {
        ...headers,
        'content-type': result.raw.contentType,
        'content-length': String(Buffer.byteLength(result.raw.text)),
      });
      res.end(req.method === 'HEAD' ? undefined : result.raw.text);
    } else sendJson(res, result.status, result.body, headers, req.method === 'HEAD');
    requestLog.request(
      req.method ?? '?',
      path ?? '(malformed)',
      result.status,
      Number(process.hrtime.bigint() - started) / 1e6,
    );
  };

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
    },
    (req, res) => void handle(req, res),
  );
  const guard = hardenServer(server, {
    ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    log,
  });

  return {
    server,
    stats: () => ({ ...guard.stats(), sessions: sessions.size() }),
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const addr = server.address() as AddressInfo;
          const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          resolve({ url: `http://${shownHost}:${addr.port}`, port: addr.port });
        });
      }),
    close: async (graceMs = 2_000) => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(force);
      await sessions.closeAll();
      requestLog.close();
    },
  };
}
