import type { DeviceUnderTest } from '../dut/port';
import { HttpError } from '../dut/http-errors';
import { DEFAULT_SESSION, SESSION_HEADER } from '../dut/http-schemas';

export { DEFAULT_SESSION, SESSION_HEADER };

const SESSION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One session: its DUT and a queue that runs its operations one at a time (provisioning is atomic). */
export interface DutSession {
  readonly dut: DeviceUnderTest;
  /**
   * What an interface keeps for this session besides its DUT (the DUIS interface: the registered
   * XML-signing trust); it lives and dies with the session (reset, expiry), so it is bounded by it.
   */
  readonly attached: Map<string, unknown>;
  run<T>(op: (dut: DeviceUnderTest) => Promise<T>): Promise<T>;
}

/** A bounded table of DUT sessions keyed by the X-Dut-Session header. */
export interface SessionTable {
  /** The session named by the header value, or undefined when it was never provisioned. */
  find(header: string | string[] | undefined): DutSession | undefined;
  /** The session named by the header value, created when missing (429 when the table is full). */
  open(header: string | string[] | undefined): DutSession;
  /** Drops a session after resetting its DUT. */
  drop(header: string | string[] | undefined): Promise<void>;
  /** Closes every DUT. */
  closeAll(): Promise<void>;
  size(): number;
}

/** Parses the session header; a malformed value is a 400. */
export function sessionIdOf(header: string | string[] | undefined): string {
  if (header === undefined) return DEFAULT_SESSION;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !SESSION_ID.test(value)) {
    throw new HttpError(400, 'ERR_HTTP_PARAM', `${SESSION_HEADER} must match ${SESSION_ID.source}`);
  }
  return value;
}

/** Default idle time after which a session expires (15 minutes). @see docs/reliability.md */
export const DEFAULT_SESSION_TTL_MS = 15 * 60 * 1000;

interface Entry extends DutSession {
  lastUsed: number;
  pending: number;
}

/**
 * Creates the session table; `createDut` builds a fresh implementation for each new session.
 * A session idle (no operation running) for longer than `ttlMs` expires: it is dropped and its
 * DUT closed, so abandoned sessions cannot hold the `maxSessions` slots for good.
 */
export function createSessionTable(
  createDut: () => DeviceUnderTest,
  maxSessions: number,
  options: { ttlMs?: number; now?: () => number } = {},
): SessionTable {
  const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  const now = options.now ?? (() => Date.now());
  const sessions = new Map<string, Entry>();
  const make = (): Entry => {
    const dut = createDut();
    let tail: Promise<unknown> = Promise.resolve();
    const entry: Entry = {
      dut,
      attached: new Map(),
      lastUsed: now(),
      pending: 0,
      run<T>(op: (d: DeviceUnderTest) => Promise<T>): Promise<T> {
        entry.pending += 1;
        entry.lastUsed = now();
        const next = tail.then(() => op(dut));
        const settle = (): void => {
          entry.pending -= 1;
          entry.lastUsed = now();
        };
        tail = next.then(settle, settle);
        return next;
      },
    };
    return entry;
  };
  const expire = (): void => {
    const t = now();
    for (const [id, s] of sessions) {
      if (s.pending === 0 && t - s.lastUsed > ttlMs) {
        sessions.delete(id);
        void s.run((d) => d.close()).catch(() => undefined);
      }
    }
  };
  return {
    find: (header) => {
      expire();
      return sessions.get(sessionIdOf(header));
    },
    open(header) {
      const id = sessionIdOf(header);
      expire();
      const found = sessions.get(id);
      if (found) return found;
      if (sessions.size >= maxSessions) {
        throw new HttpError(
          429,
          'ERR_HTTP_TOO_MANY_SESSIONS',
          `at most ${maxSessions} sessions; reset one first or wait for an idle one to expire (${Math.round(ttlMs / 1000)} s)`,
        );
      }
      const created = make();
      sessions.set(id, created);
      return created;
    },
    async drop(header) {
      const id = sessionIdOf(header);
      const found = sessions.get(id);
      if (!found) return;
      sessions.delete(id);
      await found.run((d) => d.reset());
    },
    async closeAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((s) => s.run((d) => d.close())));
    },
    size: () => sessions.size,
  };
}
