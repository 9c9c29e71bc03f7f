/**
 * HTTP load benches. `benchHttpServer`: the server's throughput, with the reference served in a
 * child process and a recorded conformance run replayed from worker threads (bench/http-replay.ts).
 * `benchHttp`: several whole conformance runs at once against a server in this thread (client and
 * server both measured). Run with `npx tsx bench/http-load.ts server [seconds] [sessions] [cpu-profile-dir]` or
 * `npx tsx bench/http-load.ts [concurrency] [runs]`.
 */
import type { Policy } from '../simulator';
import { DEFAULT_POLICY } from '../harness/policies';
import { createHttpDut } from '../harness/conformance';
import { createReferenceHttpServer } from '../harness/serve';
import { runCatalogue } from '../harness/conformance/runner';
import { createScenarioKeys, loadCatalogue, SHIPPED_CATALOGUE } from '../harness/scenario';
import { recordingFetch, startReplay, type RecordedExchange } from './http-replay';
import { startServeChild } from './serve-child';

/** The HTTP JSON contract's throughput target on loopback (issue 25), requests per second. */
export const HTTP_TARGET_PER_SECOND = 3_000;

/** Options of benchHttp. */
export interface BenchHttpOptions {
  /** Conformance runs in flight at once (default 4). */
  readonly concurrency?: number;
  /** Conformance runs in total (default 4). */
  readonly runs?: number;
  /** Stop starting new runs after this long (default 120 s). */
  readonly maxMs?: number;
  /** Scenario id glob (default: the whole catalogue). */
  readonly scenarios?: string;
  readonly policy?: Policy;
}

/** Results of benchHttp. */
export interface BenchHttpResult {
  readonly requestsPerSec: number;
  /** Non-2xx answers other than expected 404s, plus cases that did not PASS. */
  readonly errors: number;
  readonly peakRssMb: number;
  readonly requests: number;
  readonly runs: number;
  readonly cases: number;
  readonly seconds: number;
}

/** Starts the reference server on loopback, sends concurrent conformance runs, and measures throughput, errors and peak RSS. */
export async function benchHttp(opts: BenchHttpOptions = {}): Promise<BenchHttpResult> {
  const concurrency = opts.concurrency ?? 4;
  const total = opts.runs ?? 4;
  const maxMs = opts.maxMs ?? 120_000;
  const policy = opts.policy ?? DEFAULT_POLICY;
  const scenarios = loadCatalogue(
    SHIPPED_CATALOGUE,
    opts.scenarios === undefined ? {} : { filter: opts.scenarios },
  );
  const keys = createScenarioKeys();
  let requests = 0;
  let httpErrors = 0;
  const server = createReferenceHttpServer({
    policy,
    pinned: true,
    maxSessions: concurrency + 1,
    log: (line) => {
      const status = Number(/ (\d{3}) [0-9.]+ms$/.exec(line)?.[1] ?? '0');
      if (status === 0) return;
      requests += 1;
      if (status >= 400 && status !== 404) httpErrors += 1;
    },
  });
  const { url } = await server.listen(0);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + maxMs;
  let next = 0;
  let runs = 0;
  let cases = 0;
  let caseErrors = 0;
  const worker = async (slot: number): Promise<void> => {
    const dut = createHttpDut({ baseUrl: url, timeoutMs: 30_000, session: `bench-${slot}` });
    while (next < total && Date.now() < deadline) {
      next += 1;
      const report = await runCatalogue({
        scenarios,
        dut,
        policies: [policy],
        keys,
        watchdogMs: 60_000,
        target: { kind: 'http', name: url },
      });
      runs += 1;
      cases += report.cases.length;
      caseErrors += report.cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'SKIPPED').length;
    }
    await dut.reset();
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, i) => worker(i)));
  } finally {
    clearInterval(sampler);
    await server.close();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    requestsPerSec: Math.round((requests / seconds) * 10) / 10,
    errors: httpErrors + caseErrors,
    peakRssMb: Math.round((peakRss / 1024 / 1024) * 10) / 10,
    requests,
    runs,
    cases,
    seconds: Math.round(seconds * 10) / 10,
  };
}

/** Options of benchHttpServer. */
export interface BenchHttpServerOptions {
  /** Seconds of measured replay (default 5), after `warmSeconds` (default 1) untimed. */
  readonly seconds?: number;
  readonly warmSeconds?: number;
  /** Sessions replayed at once, one request in flight each (default 8). */
  readonly sessions?: number;
  /** Replay threads (default 1: the server has the other core of a 2-core machine). */
  readonly threads?: number;
  /** Scenario id glob of the recorded run (default: the whole catalogue). */
  readonly scenarios?: string;
  /** Node options of the server process (e.g. `--cpu-prof` to profile the server alone). */
  readonly serverExecArgv?: readonly string[];
}

/** Results of benchHttpServer. */
export interface BenchHttpServerResult {
  readonly requestsPerSec: number;
  /** The server process's CPU time (user + system) per replayed request, in microseconds. */
  readonly serverUsPerRequest: number;
  /** The system (kernel: sockets, memory) part of serverUsPerRequest. */
  readonly serverSystemUsPerRequest: number;
  /** The load generator's CPU time per request, in microseconds. */
  readonly clientUsPerRequest: number;
  readonly requests: number;
  readonly seconds: number;
  /** Replayed answers that differ from the recorded run's (must be 0). */
  readonly mismatches: number;
  readonly firstMismatch?: string;
  /** Transport failures during the replay (must be 0). */
  readonly failures: number;
  /** The recorded conformance run: exchanges, cases, cases not PASS (must be 0), its wall time. */
  readonly recorded: {
    readonly exchanges: number;
    readonly cases: number;
    readonly notPassed: number;
    readonly seconds: number;
  };
  readonly sessions: number;
  readonly threads: number;
}

const LOAD_TOKEN = 'http-load-token-0123456789';

/**
 * The server's throughput on the JSON contract: `smets1 serve`'s reference (token, limits) in a
 * child process; one conformance run of the catalogue through the real client, recorded; then that
 * recording replayed on `sessions` sessions from `threads` worker threads with keep-alive agents,
 * every answer compared with the recorded one. Reports requests/s and CPU per request at both ends.
 */
export async function benchHttpServer(opts: BenchHttpServerOptions = {}): Promise<BenchHttpServerResult> {
  const seconds = opts.seconds ?? 5;
  const sessions = opts.sessions ?? 8;
  const threads = Math.max(1, Math.min(opts.threads ?? 1, sessions));
  const scenarios = loadCatalogue(
    SHIPPED_CATALOGUE,
    opts.scenarios === undefined ? {} : { filter: opts.scenarios },
  );
  const child = await startServeChild(LOAD_TOKEN, opts.serverExecArgv);
  try {
    const exchanges: RecordedExchange[] = [];
    const dut = createHttpDut({
      baseUrl: child.url,
      timeoutMs: 30_000,
      session: 'record',
      token: LOAD_TOKEN,
      fetch: recordingFetch(exchanges),
    });
    const recordStart = performance.now();
    const report = await runCatalogue({
      scenarios,
      dut,
      policies: [DEFAULT_POLICY],
      keys: createScenarioKeys(),
      watchdogMs: 60_000,
      target: { kind: 'http', name: child.url },
    });
    const recordSeconds = (performance.now() - recordStart) / 1000;
    await dut.reset();
    const pool = await startReplay({
      baseUrl: child.url,
      token: LOAD_TOKEN,
      exchanges,
      threads,
      sessions,
    });
    const round1 = (n: number) => Math.round(n * 10) / 10;
    try {
      const warm = await pool.round((opts.warmSeconds ?? 1) * 1000);
      const cpu0 = await child.ask('cpu');
      const r = await pool.round(seconds * 1000);
      const cpu1 = await child.ask('cpu');
      const perRequest = (a: number | undefined, b: number | undefined) =>
        round1(((b ?? 0) - (a ?? 0)) / Math.max(1, r.requests));
      const firstMismatch = warm.firstMismatch ?? r.firstMismatch;
      return {
        requestsPerSec: round1(r.requests / r.seconds),
        serverUsPerRequest: perRequest(cpu0.cpuUs, cpu1.cpuUs),
        serverSystemUsPerRequest: perRequest(cpu0.systemUs, cpu1.systemUs),
        clientUsPerRequest: round1(r.clientCpuUs / Math.max(1, r.requests)),
        requests: r.requests,
        seconds: round1(r.seconds),
        mismatches: warm.mismatches + r.mismatches,
        ...(firstMismatch === undefined ? {} : { firstMismatch }),
        failures: warm.failures + r.failures,
        recorded: {
          exchanges: exchanges.length,
          cases: report.cases.length,
          notPassed: report.cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'SKIPPED').length,
          seconds: round1(recordSeconds),
        },
        sessions,
        threads,
      };
    } finally {
      await pool.close();
    }
  } finally {
    await child.stop();
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const print = (r: object) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
  const fail = (err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  };
  if (args[0] === 'server') {
    const secs = Number(args[1] ?? '5');
    const sessions = Number(args[2] ?? '8');
    const prof = args[3];
    benchHttpServer({
      seconds: secs,
      sessions,
      ...(prof ? { serverExecArgv: ['--cpu-prof', `--cpu-prof-dir=${prof}`] } : {}),
    }).then(print, fail);
  } else {
    const [concurrency, runs] = args.map(Number);
    benchHttp({ ...(concurrency ? { concurrency } : {}), ...(runs ? { runs } : {}) }).then(print, fail);
  }
}
