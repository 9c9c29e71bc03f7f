import type { DeviceUnderTest } from './port';
import { HttpError } from './http-errors';

/** Header naming an independent DUT session, so concurrent conformance runs do not share a world. */
export const SESSION_HEADER = 'x-dut-session';
/** The session used when a request names none. */
export const DEFAULT_SESSION = 'default';
const SESSION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** One session: its DUT and a queue that runs its operations one at a time (provisioning is atomic). */
export interface DutSession {
  readonly dut: DeviceUnderTest;
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

/** Creates the session table; `createDut` builds a fresh implementation for each new session. */
export function createSessionTable(createDut: () => DeviceUnderTest, maxSessions: number): SessionTable {
  const sessions = new Map<string, DutSession>();
  const make = (): DutSession => {
    const dut = createDut();
    let tail: Promise<unknown> = Promise.resolve();
    return {
      dut,
      run<T>(op: (d: DeviceUnderTest) => Promise<T>): Promise<T> {
        const next = tail.then(() => op(dut));
        tail = next.catch(() => undefined);
        return next;
      },
    };
  };
  return {
    find: (header) => sessions.get(sessionIdOf(header)),
    open(header) {
      const id = sessionIdOf(header);
      const found = sessions.get(id);
      if (found) return found;
      if (sessions.size >= maxSessions) {
        throw new HttpError(
          429,
          'ERR_HTTP_TOO_MANY_SESSIONS',
          `at most ${maxSessions} sessions; reset one first`,
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
