import { resolve } from 'node:path';
import { Command } from 'commander';
import { createHttpDut } from '../../conformance';
import { DutTransportError, type DeviceUnderTest } from '../../dut';
import {
  createDuisTarget,
  loadTargetProfile,
  profilePath,
  type DuisTarget,
  type TargetProfile,
} from './conform-duis';
import { createProgress, renderConsoleSummary, writeReports, type RunReport } from '../../report';
import {
  loadDeviationManifest,
  runCatalogue,
  runFailed,
  type DeviationManifest,
} from '../../conformance/runner';
import { createScenarioKeys, loadCatalogue, SHIPPED_CATALOGUE, type LoadedScenario } from '../../scenario';
import { presetPolicy, type Policy } from '../../../simulator';
import { isPresetName } from '../../policies';
import { policiesOption } from '../policy-option';
import { withOutputLock, wroteReportsLines } from '../files';
import { SESSION_HEADER } from '../../dut/http-schemas';
import { CliError, type CliIo } from '../io';
import { nothingRanError } from '../nothing-ran';
import { phase } from '../voice';
import type { CommandFactory } from '../command';

/** Options of `smets1 conform`, as parsed. */
export interface ConformOptions {
  readonly target: string;
  readonly policyExpectation?: string;
  readonly manifest?: string;
  readonly scenarios?: string;
  readonly catalogue?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly token?: string;
  readonly json?: boolean;
  readonly timeout: string;
  readonly watchdog: string;
  readonly session?: string;
  /** `duis+http://...` targets: the port of the harness's receiver for asynchronous answers. */
  readonly receiverPort?: string;
  /** `duis+http://...` targets: a target profile (users' keys, the DCC's certificates, devices). */
  readonly profile?: string;
}

/** The catalogue shipped with the package. */
export const DEFAULT_CATALOGUE = SHIPPED_CATALOGUE;

function integerOption(value: string, what: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > 3_600_000)
    throw new CliError(
      'ERR_CLI_OPTION',
      `${what} must be an integer of milliseconds (1..3600000), got ${JSON.stringify(value)}`,
    );
  return n;
}

function targetUrl(given: string): string {
  const text = given.startsWith('duis+') ? given.slice('duis+'.length) : given;
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new CliError('ERR_CLI_OPTION', `--target must be an http(s) URL, got ${JSON.stringify(text)}`, 2, {
      cause,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError('ERR_CLI_OPTION', `--target must be an http(s) URL, got ${JSON.stringify(text)}`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * Checks the target answers HTTP at all before any scenario runs: an unreachable target is one
 * coded line and exit 2 (ERR_CLI_TARGET), not hundreds of ECONNREFUSED cases. Any HTTP status counts
 * as reachable (auth and routes are the run's business).
 */
export async function checkReachable(target: string, duis: boolean, timeoutMs: number): Promise<void> {
  const url = duis ? target : `${target}/v1/health`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  } catch (cause) {
    const why = (cause as { cause?: { code?: string; message?: string } }).cause;
    const inner = why?.code ?? why?.message ?? (cause as Error).message;
    throw new CliError(
      'ERR_CLI_TARGET',
      `cannot reach ${target}: ${inner} (is the implementation running? \`smets1 serve\` starts the reference)`,
      2,
      { cause },
    );
  }
}

/** A device no world holds (all-ones but the last bit): the token pre-flight reads it, which changes nothing. */
export const TOKEN_PROBE_DEVICE = 'FF-FF-FF-FF-FF-FF-FF-FE';

/**
 * Checks the target takes the token before any case runs: `GET /v1/devices/{id}` needs the bearer
 * token on `smets1 serve` (harness/dut/openapi.yaml, security) and changes nothing (a device no world
 * holds: 409 or 404). A 401 or 403 is one coded line and exit 2 (ERR_CONFORM_UNAUTHORIZED), not one
 * ERROR case per scenario; any other status is the run's business.
 */
export async function checkToken(
  target: string,
  auth: { token?: string; from?: '--token' | 'SMETS1_TOKEN'; session?: string },
  timeoutMs: number,
): Promise<void> {
  let status: number;
  let body = '';
  try {
    const res = await fetch(`${target}/v1/devices/${TOKEN_PROBE_DEVICE}`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        ...(auth.token === undefined ? {} : { authorization: `Bearer ${auth.token}` }),
        ...(auth.session === undefined ? {} : { [SESSION_HEADER]: auth.session }),
      },
    });
    status = res.status;
    if (status === 401 || status === 403) body = (await res.text()).slice(0, 200);
    else await res.body?.cancel();
  } catch (cause) {
    throw new CliError('ERR_CLI_TARGET', `cannot reach ${target}: ${(cause as Error).message}`, 2, { cause });
  }
  if (status !== 401 && status !== 403) return;
  const code = /"code"\s*:\s*"([A-Z0-9_]+)"/.exec(body)?.[1];
  const answered = `${status}${code ? ` ${code}` : ''}`;
  throw new CliError(
    'ERR_CONFORM_UNAUTHORIZED',
    auth.token === undefined
      ? `${target} needs a token (answered ${answered}); no case ran: pass the target's token ${TOKEN_HINT}`
      : `${target} refused the token given by ${auth.from ?? '--token'} (answered ${answered}); no case ran: pass the target's token ${TOKEN_HINT}`,
  );
}

/** The advice of an ERR_CONFORM_UNAUTHORIZED line. */
const TOKEN_HINT = 'with --token T or SMETS1_TOKEN (smets1 serve prints it at start)';

/**
 * The DUT behind a token guard: once the target answers 401 or 403 (on a route the pre-flight did not
 * cover, e.g. an implementation that lets GET through), every later call fails at once with that
 * error and `refused()` returns it, so the run ends with ERR_CONFORM_UNAUTHORIZED and no report
 * rather than one HARNESS_ERROR per case.
 */
export function guardToken(inner: DeviceUnderTest): {
  dut: DeviceUnderTest;
  refused: () => DutTransportError | undefined;
} {
  let refused: DutTransportError | undefined;
  const guarded =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (refused) throw refused;
      try {
        return await call(...args);
      } catch (err) {
        if (err instanceof DutTransportError && (err.status === 401 || err.status === 403)) refused ??= err;
        throw err;
      }
    };
  return {
    dut: {
      name: inner.name,
      provision: guarded((o) => inner.provision(o)),
      submit: guarded((r) => inner.submit(r)),
      apply: guarded((e) => inner.apply(e)),
      inspect: guarded((id) => inner.inspect(id)),
      reset: guarded(() => inner.reset()),
      close: () => inner.close(),
    },
    refused: () => refused,
  };
}

/** The policies given (same rules as every `--policy`); without one, the preset the target reports on /v1/health. */
async function expectedPolicies(
  io: CliIo,
  given: string | undefined,
  target: string,
  timeoutMs: number,
): Promise<Policy[]> {
  if (given !== undefined) return policiesOption(io, given, '--policy-expectation');
  try {
    const res = await fetch(`${target}/v1/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { policy?: unknown };
    if (typeof body.policy === 'string' && isPresetName(body.policy)) return [presetPolicy(body.policy)];
  } catch {
    // fall through to the coded error below
  }
  throw new CliError(
    'ERR_CLI_OPTION',
    `the target does not report a preset policy on /v1/health; pass --policy-expectation`,
  );
}

/**
 * The target profile of `--profile` (a shipped name or a file), read and checked before the network;
 * it describes a DUIS endpoint, so with an http:// target (the JSON contract) it is refused.
 */
function profileOption(io: CliIo, given: string | undefined, overDuis: boolean): TargetProfile | undefined {
  if (given === undefined) return undefined;
  if (!overDuis)
    throw new CliError(
      'ERR_CLI_OPTION',
      `--profile applies to duis+http:// targets only (a profile names a DUIS endpoint's users, keys and devices); the JSON contract of an http:// target needs none: drop --profile ${given}`,
    );
  return loadTargetProfile(profilePath(io.cwd, given));
}

/** Runs the catalogue against an HTTP implementation and returns the report (written to `out` when given). */
export async function runConform(
  io: CliIo,
  opts: ConformOptions,
): Promise<{ report: RunReport; written?: Awaited<ReturnType<typeof writeReports>> }> {
  const target = targetUrl(opts.target);
  const timeoutMs = integerOption(opts.timeout, '--timeout');
  const watchdogMs = integerOption(opts.watchdog, '--watchdog');
  // Bad input first (policy files, manifest, catalogue), then the network: the target must answer
  // before any case runs, and a target without --policy-expectation names its preset on /v1/health.
  const given =
    opts.policyExpectation === undefined
      ? undefined
      : policiesOption(io, opts.policyExpectation, '--policy-expectation');
  const manifest: DeviationManifest | undefined =
    opts.manifest === undefined ? undefined : loadDeviationManifest(resolve(io.cwd, opts.manifest));
  const scenarios: LoadedScenario[] = loadCatalogue(
    opts.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(io.cwd, opts.catalogue),
    opts.scenarios === undefined ? {} : { filter: opts.scenarios },
  );
  if (scenarios.length === 0)
    throw new CliError('ERR_CLI_OPTION', `no scenario matches ${JSON.stringify(opts.scenarios ?? '*')}`);
  const overDuis = opts.target.startsWith('duis+');
  const profile = profileOption(io, opts.profile, overDuis);
  const token = opts.token ?? process.env.SMETS1_TOKEN;
  const from = opts.token !== undefined ? '--token' : 'SMETS1_TOKEN';
  await phase(
    io,
    'conform',
    'target',
    async () => {
      await checkReachable(target, overDuis, timeoutMs);
      // a profile's target (a real DCC Boxed) is spoken to over DUIS only, signed: no JSON contract
      if (!profile)
        await checkToken(
          target,
          {
            ...(token === undefined ? {} : { token, from }),
            ...(opts.session === undefined ? {} : { session: opts.session }),
          },
          timeoutMs,
        );
    },
    () =>
      `${target} answers${profile ? '' : token === undefined ? ' without a token' : ' and takes the token'}`,
  );
  const policies = given ?? (await expectedPolicies(io, undefined, target, timeoutMs));
  const duis: DuisTarget | undefined = overDuis
    ? createDuisTarget(io, {
        ...opts,
        ...(profile ? { profile } : {}),
        baseUrl: target,
        timeoutMs,
        watchdogMs,
        ...(token === undefined ? {} : { token }),
      })
    : undefined;
  const inner: DeviceUnderTest =
    duis?.dut ??
    createHttpDut({
      baseUrl: target,
      timeoutMs,
      ...(opts.session === undefined ? {} : { session: opts.session }),
      ...(token === undefined ? {} : { token }),
    });
  const { dut, refused } = guardToken(inner);
  const progress = createProgress({
    total: scenarios.length * policies.length,
    quiet: io.quiet || Boolean(opts.json),
    write: io.stderr,
    now: () => performance.now(),
  });
  const report = await phase(
    io,
    'conform',
    'catalogue',
    () =>
      runCatalogue({
        scenarios: duis ? duis.select(scenarios) : scenarios,
        dut,
        policies,
        keys: createScenarioKeys(),
        watchdogMs,
        target: duis ? { kind: 'duis+http', name: `duis+${target}` } : { kind: 'http', name: target },
        ...(manifest ? { manifest } : {}),
        onProgress: (_done, _total, r) => progress.tick(`${r.id} ${r.verdict}`),
      }).finally(() => progress.done()),
    (r) => `${r.cases.length} cases under ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}`,
  );
  await dut.close();
  const refusal = refused();
  if (refusal)
    throw new CliError(
      'ERR_CONFORM_UNAUTHORIZED',
      `${target} refused the harness during the run (${refusal.message}); no report written: pass the target's token ${TOKEN_HINT}`,
      2,
      { cause: refusal },
    );
  if (duis) io.stderr(`${duis.summary()}\n`);
  const written =
    opts.out === undefined
      ? undefined
      : await writeReports(report, resolve(io.cwd, opts.out), { force: Boolean(opts.force) });
  return { report, ...(written ? { written } : {}) };
}

/** `smets1 conform`: runs the scenario catalogue against a provider's implementation over HTTP. */
export const conformCommand: CommandFactory = (io, setExit) =>
  new Command('conform')
    .description(
      'Run the scenario catalogue against an implementation over HTTP (harness/dut/openapi.yaml) and write reports',
    )
    .requiredOption(
      '--target <url>',
      'base URL of the implementation, e.g. http://127.0.0.1:8080, or duis+http://HOST:PORT for the DCC Boxed interface',
    )
    .option(
      '--policy-expectation <policy>',
      'preset name or policy JSON file the target should behave as (default: the policy /v1/health reports)',
    )
    .option('--manifest <file>', 'expected-deviation manifest (deviations.json)')
    .option('--scenarios <glob>', 'only scenario ids matching this glob (e.g. "KRP-MIS-*")')
    .option('--catalogue <dir>', 'scenario catalogue directory (default: the shipped scenarios/)')
    .option('--out <dir>', 'write report.json, junit.xml and index.html here')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option('--timeout <ms>', 'per HTTP request time limit', '5000')
    .option('--watchdog <ms>', 'per case time limit (HANG after it)', '10000')
    .option('--session <id>', 'X-Dut-Session to use on the target')
    .option(
      '--receiver-port <n>',
      'duis+http targets: port of the harness receiver for asynchronous answers',
      '0',
    )
    .option('--profile <file>', 'duis+http targets: a target profile (docs/dcc-boxed.md)')
    .option(
      '--token <token>',
      'bearer token of the target (or SMETS1_TOKEN; smets1 serve prints one at start)',
    )
    .option('--json', 'print the report JSON summary instead of the console table')
    .action(async (opts: ConformOptions) => {
      const { report, written } = await withOutputLock(io, opts.out, 'conform', () => runConform(io, opts));
      if (opts.json)
        io.stdout(
          `${JSON.stringify({ target: report.target, policies: report.policies, summary: report.summary, failing: runFailed(report), ...(written ? { written } : {}) }, null, 2)}\n`,
        );
      else {
        io.stdout(
          renderConsoleSummary(report, {
            color: Boolean(io.color),
            more: written ? `see ${written.html}` : 'write the reports with --out DIR to see them all',
          }),
        );
        if (written) io.stdout(wroteReportsLines(opts.out ?? '.', written));
      }
      if (runFailed(report)) setExit(1);
      const none = nothingRanError(report);
      if (none) throw none;
    });
