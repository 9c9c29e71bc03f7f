/**
 * HTTP load bench: the reference served on loopback, several conformance runs at once (one
 * X-Dut-Session each). Run with `npx tsx bench/http-load.ts [concurrency] [runs]`.
 */
import type { Policy } from '../simulator';
import { DEFAULT_POLICY } from '../harness/policies';
import { createHttpDut } from '../harness/conformance';
import { createReferenceHttpServer } from '../harness/serve';
import { runCatalogue } from '../harness/conformance/runner';
import { createScenarioKeys, loadCatalogue, SHIPPED_CATALOGUE } from '../harness/scenario';

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

if (require.main === module) {
  const [concurrency, runs] = process.argv.slice(2).map(Number);
  benchHttp({ ...(concurrency ? { concurrency } : {}), ...(runs ? { runs } : {}) }).then(
    (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
