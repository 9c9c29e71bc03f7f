/**
 * A cheap load generator for the HTTP JSON contract: what a conformance run sent is recorded once
 * (with the answers it got), then replayed from worker threads with node:http keep-alive agents
 * over several X-Dut-Session sessions, each answer compared byte for byte with the recorded one,
 * so a fast but wrong server fails the bench. @see docs/performance.md
 */
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { threadBootstrap } from '../harness/io/thread-entry';

/** One recorded exchange: the request as sent and the answer the conformance run got. */
export interface RecordedExchange {
  readonly method: string;
  /** Path and query, e.g. `/v1/requests`. */
  readonly path: string;
  readonly body?: string;
  readonly status: number;
  readonly text: string;
}

/**
 * A fetch that records every exchange into `log` (in order) and hands the caller an equivalent
 * answer; the conformance client runs through it unchanged.
 */
export function recordingFetch(log: RecordedExchange[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const text = await res.text();
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const body = init?.body;
    log.push({
      method: init?.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      ...(typeof body === 'string' ? { body } : {}),
      status: res.status,
      text,
    });
    // 204 and 304 answers carry no body (the Response constructor refuses one)
    const nullBody = res.status === 204 || res.status === 304;
    return new Response(nullBody ? null : text, { status: res.status, headers: res.headers });
  };
}

/** What a replay worker is given. */
export interface ReplayInit {
  readonly baseUrl: string;
  readonly token?: string;
  /** Sessions this worker drives, one request in flight each. */
  readonly sessions: readonly string[];
  readonly exchanges: readonly RecordedExchange[];
}

/** A round: replay until `untilMs` (Date.now() time), then report. */
interface ReplayGo {
  readonly untilMs: number;
}

/** What a worker reports after each round. */
export interface ReplayRound {
  readonly requests: number;
  /** Answers whose status or body differ from the recorded run's. */
  readonly mismatches: number;
  /** The first mismatch of the round (exchange index, what was expected and got), if any. */
  readonly firstMismatch?: string;
  /** Transport failures (connection refused or reset, timeouts). */
  readonly failures: number;
  /** CPU time of the load-generating process during the round, in microseconds (`process.cpuUsage`: every thread of it). */
  readonly clientCpuUs: number;
}

function send(
  agent: Agent,
  base: URL,
  session: string,
  token: string | undefined,
  x: RecordedExchange,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', 'x-dut-session': session };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (x.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(x.body));
    }
    const req = request(
      { agent, host: base.hostname, port: base.port, method: x.method, path: x.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(x.body);
  });
}

/** The worker thread's body: replays the recording on each of its sessions for every round it is sent. */
export function serveReplayWorker(): void {
  if (isMainThread || !parentPort) throw new Error('serveReplayWorker runs in a worker thread');
  const port = parentPort;
  const init = workerData as ReplayInit;
  const base = new URL(init.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: init.sessions.length });
  // where each session is in the recording (kept across rounds)
  const cursor = init.sessions.map(() => 0);
  port.on('message', (go: ReplayGo | 'stop') => {
    if (go === 'stop') {
      agent.destroy();
      port.close();
      return;
    }
    const cpu = process.cpuUsage();
    let requests = 0;
    let mismatches = 0;
    let failures = 0;
    let firstMismatch: string | undefined;
    const drive = async (slot: number): Promise<void> => {
      const session = init.sessions[slot]!;
      while (Date.now() < go.untilMs) {
        const i = cursor[slot]!;
        const x = init.exchanges[i]!;
        cursor[slot] = (i + 1) % init.exchanges.length;
        try {
          const got = await send(agent, base, session, init.token, x);
          requests += 1;
          if (got.status !== x.status || got.text !== x.text) {
            mismatches += 1;
            firstMismatch ??= `exchange ${i} ${x.method} ${x.path}: expected ${x.status} ${x.text.slice(0, 160)}, got ${got.status} ${got.text.slice(0, 160)}`;
          }
        } catch {
          failures += 1;
        }
      }
    };
    void Promise.all(init.sessions.map((_, slot) => drive(slot))).then(() => {
      const used = process.cpuUsage(cpu);
      const round: ReplayRound = {
        requests,
        mismatches,
        failures,
        clientCpuUs: used.user + used.system,
        ...(firstMismatch === undefined ? {} : { firstMismatch }),
      };
      port.postMessage(round);
    });
  });
  port.postMessage('ready');
}

/** Replay threads, started and ready. */
export interface ReplayPool {
  /** Replays for `ms` milliseconds on every thread and sums their reports. */
  round(ms: number): Promise<ReplayRound & { readonly seconds: number }>;
  close(): Promise<void>;
}

/** Starts `threads` replay threads sharing `sessions` sessions (named `prefix-N`) between them. */
export async function startReplay(options: {
  readonly baseUrl: string;
  readonly token?: string;
  readonly exchanges: readonly RecordedExchange[];
  readonly threads: number;
  readonly sessions: number;
  readonly prefix?: string;
}): Promise<ReplayPool> {
  const names = Array.from({ length: options.sessions }, (_, i) => `${options.prefix ?? 'load'}-${i}`);
  const workers = await Promise.all(
    Array.from({ length: options.threads }, (_, t) => {
      const init: ReplayInit = {
        baseUrl: options.baseUrl,
        ...(options.token === undefined ? {} : { token: options.token }),
        sessions: names.filter((_, i) => i % options.threads === t),
        exchanges: options.exchanges,
      };
      const worker = new Worker(threadBootstrap(__filename, 'http-replay', 'serveReplayWorker'), {
        eval: true,
        workerData: init,
      });
      return new Promise<Worker>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => {
          worker.off('error', reject);
          resolve(worker);
        });
      });
    }),
  );
  return {
    async round(ms) {
      const started = performance.now();
      const untilMs = Date.now() + ms;
      const rounds = await Promise.all(
        workers.map(
          (w) =>
            new Promise<ReplayRound>((resolve, reject) => {
              w.once('error', reject);
              w.once('message', (r: ReplayRound) => {
                w.off('error', reject);
                resolve(r);
              });
              w.postMessage({ untilMs } satisfies ReplayGo);
            }),
        ),
      );
      const first = rounds.find((r) => r.firstMismatch !== undefined)?.firstMismatch;
      return {
        seconds: (performance.now() - started) / 1000,
        requests: rounds.reduce((a, r) => a + r.requests, 0),
        mismatches: rounds.reduce((a, r) => a + r.mismatches, 0),
        failures: rounds.reduce((a, r) => a + r.failures, 0),
        clientCpuUs: rounds.reduce((a, r) => a + r.clientCpuUs, 0),
        ...(first === undefined ? {} : { firstMismatch: first }),
      };
    },
    async close() {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.postMessage('stop');
              setTimeout(() => void w.terminate(), 2_000).unref();
            }),
        ),
      );
    },
  };
}
