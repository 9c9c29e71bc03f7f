import { resolve } from 'node:path';
import {
  createHttpDut,
  createInProcessDut,
  createScenarioKeys,
  loadCatalogue,
  loadDeviationManifest,
  loadScenarioFile,
  runCatalogue,
  SHIPPED_CATALOGUE,
  type CaseResult,
  type DeviationManifest,
  type DeviceUnderTest,
  type LoadedScenario,
  type RunReport,
  type ScenarioKeys,
} from '../harness';
import { mutationScore, type MutationReport, type Observation } from '../harness/mutate';
import { asPolicy } from '../harness/policies';
import { PRESET_POLICIES, type PipelineCheck, type Policy } from '../simulator';
import { ApiError } from './errors';

/** An implementation over the HTTP contract (harness/dut/openapi.yaml). */
export interface HttpTarget {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Per-request time limit (default 5000 ms). */
  readonly timeoutMs?: number;
  /** X-Dut-Session to use on the target. */
  readonly session?: string;
  /** Bearer token for a target that needs one (`smets1 serve` prints it, or takes `--token`). */
  readonly token?: string;
}

/**
 * What the scenarios run against: `'reference'` (the in-process reference DCC), an HTTP target, or
 * any object implementing the DeviceUnderTest port (a provider's own implementation, in-process).
 */
export type DutTarget = 'reference' | HttpTarget | DeviceUnderTest;

/** Options of runScenarios. */
export interface RunScenariosOptions {
  /** Default: the in-process reference. */
  readonly dut?: DutTarget;
  /** `'all'` (every preset, the default), or preset names / Policy values; each scenario runs under each. */
  readonly policies?: 'all' | readonly (string | Policy)[];
  /** Only scenario ids matching this glob (comma-separated alternatives), e.g. `KRP-MIS-*`. */
  readonly filter?: string;
  /** A catalogue folder (with manifest.json); default: the shipped catalogue. Ignored when `files` is given. */
  readonly catalogue?: string;
  /** Scenario files to run instead of a catalogue. */
  readonly files?: readonly string[];
  /** Expected deviations: a manifest file path or its parsed value. */
  readonly manifest?: string | DeviationManifest;
  /** Per-case time limit in ms (HANG after it). */
  readonly watchdogMs?: number;
  /** Shared key material (certificates are issued once per instance). */
  readonly keys?: ScenarioKeys;
  /** Called after each case. */
  readonly onProgress?: (done: number, total: number, result: CaseResult) => void;
}

const isPort = (t: DutTarget): t is DeviceUnderTest =>
  typeof t === 'object' && typeof (t as Partial<DeviceUnderTest>).submit === 'function';

/** The in-process reference behind the port, signing handovers with the scenario PKI's ACB key. */
export function createReferenceDut(
  options: { readonly policy?: string | Policy; readonly keys?: ScenarioKeys } = {},
): DeviceUnderTest {
  const keys = options.keys ?? createScenarioKeys();
  const acb = keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB');
  if (!acb) throw new ApiError('ERR_API_TARGET', 'the scenario PKI has no ACB party');
  return createInProcessDut({
    acbSigner: acb.ds.signer,
    ...(options.policy === undefined ? {} : { defaultPolicy: asPolicy(options.policy) }),
  });
}

/** Loads the scenarios a run names: files, or a catalogue (filtered); ERR_API_NO_SCENARIOS if none match. */
export function loadScenarios(
  options: Pick<RunScenariosOptions, 'files' | 'catalogue' | 'filter'> = {},
): LoadedScenario[] {
  const filter = options.filter === undefined ? {} : { filter: options.filter };
  const scenarios =
    options.files !== undefined
      ? options.files.flatMap((f) => loadScenarioFile(resolve(f)))
      : loadCatalogue(
          options.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(options.catalogue),
          filter,
        );
  if (scenarios.length === 0)
    throw new ApiError(
      'ERR_API_NO_SCENARIOS',
      `no scenario matches ${JSON.stringify(options.filter ?? '*')}`,
    );
  return scenarios;
}

/**
 * Runs scenarios (the shipped catalogue by default) against an implementation under one or more
 * policies and returns the run report (verdict per case and policy, waiver uses, summary). A case
 * fails when the implementation's answers differ from what the scenario expects for that policy;
 * listed deviations are reported but do not fail the run (`runFailed(report)` tells).
 */
export async function runScenarios(options: RunScenariosOptions = {}): Promise<RunReport> {
  const keys = options.keys ?? createScenarioKeys();
  const scenarios = loadScenarios(options);
  const manifest =
    typeof options.manifest === 'string'
      ? loadDeviationManifest(resolve(options.manifest))
      : options.manifest;
  const target = options.dut ?? 'reference';
  const owned = !isPort(target);
  const dut: DeviceUnderTest =
    target === 'reference'
      ? createReferenceDut({ keys })
      : isPort(target)
        ? target
        : createHttpDut({
            baseUrl: target.url,
            ...(target.timeoutMs === undefined ? {} : { timeoutMs: target.timeoutMs }),
            ...(target.session === undefined ? {} : { session: target.session }),
            ...(target.token === undefined ? {} : { token: target.token }),
          });
  const policies =
    options.policies === undefined || options.policies === 'all'
      ? PRESET_POLICIES
      : options.policies.map(asPolicy);
  try {
    return await runCatalogue({
      scenarios,
      dut,
      policies,
      keys,
      ...(typeof target === 'object' && !isPort(target)
        ? { target: { kind: 'http', name: target.url } }
        : {}),
      ...(manifest ? { manifest } : {}),
      ...(options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs }),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    if (owned) await dut.close();
  }
}

/** Options of conform: runScenarios over HTTP, with the policy the target should behave as. */
export interface ConformOptions
  extends Omit<RunScenariosOptions, 'dut' | 'policies'>, Omit<HttpTarget, 'url'> {
  /** The preset name or Policy the implementation is expected to follow. */
  readonly policy: string | Policy;
}

/** Runs the catalogue against an implementation over HTTP (the contract in harness/dut/openapi.yaml). */
export async function conform(url: string, options: ConformOptions): Promise<RunReport> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ApiError('ERR_API_TARGET', `not a URL: ${JSON.stringify(url)}`, { cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new ApiError('ERR_API_TARGET', `the target must be http(s), got ${parsed.protocol}`);
  const { policy, timeoutMs, session, token, ...rest } = options;
  return runScenarios({
    ...rest,
    policies: [policy],
    dut: {
      url: url.replace(/\/+$/, ''),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(session === undefined ? {} : { session }),
      ...(token === undefined ? {} : { token }),
    },
  });
}

/** Options of measureCatalogue. */
export interface MeasureCatalogueOptions extends Pick<
  RunScenariosOptions,
  'filter' | 'catalogue' | 'files' | 'watchdogMs' | 'keys'
> {
  /** `'all'` (every preset, the default), or preset names / Policy values. */
  readonly policies?: 'all' | readonly (string | Policy)[];
  /** The checks to mutate (default: every one of PIPELINE_CHECKS). */
  readonly checks?: readonly PipelineCheck[];
  /** `duis` (default): a kill must show in what every provider reports; `full`: also in the refusal code. */
  readonly observe?: Observation;
}

/**
 * The catalogue's power (`smets1 mutate`): each check of the reference switched off in turn, the
 * scenarios run against each mutant under each policy; every mutant killed or survived per policy
 * with the cases that kill it, or why its check cannot change a verdict there.
 */
export async function measureCatalogue(options: MeasureCatalogueOptions = {}): Promise<MutationReport> {
  const keys = options.keys ?? createScenarioKeys();
  const acb = keys.pki('smets1-harness', []).parties.find((p) => p.name === 'ACB');
  if (!acb) throw new ApiError('ERR_API_TARGET', 'the scenario PKI has no ACB party');
  return mutationScore({
    scenarios: loadScenarios(options),
    policies:
      options.policies === undefined || options.policies === 'all'
        ? PRESET_POLICIES
        : options.policies.map(asPolicy),
    keys,
    acbSigner: acb.ds.signer,
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.observe ? { observe: options.observe } : {}),
    ...(options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs }),
  });
}
