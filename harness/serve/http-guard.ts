import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Limits of hardenServer; every field has a documented default (docs/reliability.md). */
export interface GuardOptions {
  /** Most open connections; at the bound the oldest connection with no request in progress is closed (default: from the open-file limit, at most 1024). */
  readonly maxConnections?: number;
  /** Called with a one-line note when a connection is shed or refused (never request contents). */
  readonly log?: (line: string) => void;
}

/** What hardenServer reports. */
export interface GuardStats {
  readonly open: number;
  readonly shed: number;
  readonly maxConnections: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const RESERVED_FDS = 64;

/** The soft open-file limit of this process (Linux /proc), or undefined where unknown. */
export function openFileLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The default connection bound: the open-file limit less a reserve for files and listeners, at most 1024. */
export function defaultMaxConnections(): number {
  const limit = openFileLimit();
  return Math.max(16, Math.min(1024, (limit ?? 1024 + RESERVED_FDS) - RESERVED_FDS));
}

/** The raw HTTP/1.1 answer of a connection-level error, closing the connection. */
function rawAnswer(status: number, reason: string, code: string, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: ${JSON_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** Maps a parser or timeout error of a connection to its answer: 408, 431 or 400. */
export function clientErrorAnswer(err: NodeJS.ErrnoException): string {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return rawAnswer(408, 'Request Timeout', 'ERR_HTTP_TIMEOUT', 'request not received in time');
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return rawAnswer(
      431,
      'Request Header Fields Too Large',
      'ERR_HTTP_HEADERS_TOO_LARGE',
      'request headers too large',
    );
  return rawAnswer(400, 'Bad Request', 'ERR_HTTP_BAD_REQUEST', 'malformed HTTP request');
}

/**
 * Writes `answer` and destroys the socket once it is flushed (or after a short grace when the
 * peer never reads), so an error answer never keeps a descriptor.
 */
export function answerAndDestroy(socket: Socket, answer: string, graceMs = 1_000): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), graceMs);
  timer.unref();
  socket.end(answer, () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

/**
 * Hardens a node:http server for hostile peers: connection-level errors get 408/431/400 and the
 * socket is destroyed; open connections are bounded, and at the bound the oldest connection with
 * no request in progress (idle keep-alive or still sending headers) is closed to make room, so
 * stalled clients cannot lock out others. Reusable by every server of the harness.
 */
export function hardenServer(server: Server, options: GuardOptions = {}): { stats(): GuardStats } {
  const max = options.maxConnections ?? defaultMaxConnections();
  const log = options.log ?? (() => undefined);
  const open = new Set<Socket>();
  const busy = new WeakSet<Socket>();
  let shed = 0;

  server.on('connection', (socket: Socket) => {
    if (open.size >= max) {
      let victim: Socket | undefined;
      for (const s of open) {
        if (!busy.has(s)) {
          victim = s;
          break;
        }
      }
      shed += 1;
      if (!victim) {
        log(`connection refused: ${max} connections busy`);
        socket.destroy();
        return;
      }
      open.delete(victim);
      victim.destroy();
    }
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    busy.add(socket);
    res.once('close', () => busy.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    answerAndDestroy(socket, clientErrorAnswer(err));
  });
  return { stats: () => ({ open: open.size, shed, maxConnections: max }) };
}
