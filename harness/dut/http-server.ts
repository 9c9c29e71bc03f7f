import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_BODY_LIMIT, ClientGoneError, readBody } from './http-body';
import { HttpError } from './http-errors';
import { route, type RouteContext, type RouteRequest, type RouteResponse } from './http-routes';
import { createSessionTable } from './http-sessions';
import type { DeviceUnderTest } from './port';

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
}

/** A running DUT HTTP server. */
export interface DutHttpServer {
  readonly server: Server;
  /** Starts listening; resolves with the base URL (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), closes every DUT. */
  close(graceMs?: number): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(body === undefined
      ? {}
      : { 'content-type': JSON_TYPE, 'content-length': String(Buffer.byteLength(text)) }),
  });
  res.end(text);
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
  const sessions = createSessionTable(options.createDut, options.maxSessions ?? 64);
  const ctx = {
    sessions,
    policyName: options.policyName,
    policyPinned: options.policyPinned ?? true,
    implementation: options.implementation ?? 'reference',
  };
  const log = options.log ?? (() => undefined);
  let closing = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let result: RouteResponse;
    let closeAfter = false;
    let headers: Readonly<Record<string, string>> = {};
    try {
      const routeReq: RouteRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        readBody: () => readBody(req, limit, bodyTimeoutMs),
      };
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
      res.end(result.raw.text);
    } else sendJson(res, result.status, result.body, headers);
    log(`${req.method} ${path} ${result.status} ${Number(process.hrtime.bigint() - started) / 1e6}ms`);
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
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return void socket.destroy();
    const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timeout ? 408 : 400;
    const body = JSON.stringify(
      errorBody(
        timeout ? 'ERR_HTTP_TIMEOUT' : 'ERR_HTTP_BAD_REQUEST',
        timeout ? 'request not received in time' : 'malformed HTTP request',
      ),
    );
    socket.end(
      `HTTP/1.1 ${status} ${timeout ? 'Request Timeout' : 'Bad Request'}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  return {
    server,
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
    },
  };
}
