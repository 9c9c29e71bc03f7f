import type { Policy } from '../../../simulator';
import { isDutTimeout, type DeviceUnderTest } from '../../dut/port';
import type { CaseResult } from '../../report/types';
import type { ScenarioKeys } from '../../scenario/resolve';
import type { LoadedScenario, Scenario } from '../../scenario/types';
import { caseBase, executeScenario, type ScenarioOutcome } from './execute-scenario';
import { missingExpectation } from './expectations';

// A scenario run under one policy: skips, the watchdog (HANG) and harness errors around the steps.

export { DEFAULT_SCENARIO_TIME, type ScenarioOutcome } from './execute-scenario';
export { expectationKeys } from './expectations';

/** Options of a scenario run. */
export interface RunScenarioOptions {
  /** Per-case watchdog; a case still running after it is a HANG. Default 10 s. */
  readonly watchdogMs?: number;
  /** The shared key material (certificates issued once, signers). */
  readonly keys: ScenarioKeys;
  /** Skip reason from the loader (e.g. ZAZ1 material absent). */
  readonly skip?: string;
}

/** Default per-case watchdog. */
export const DEFAULT_WATCHDOG_MS = 10_000;

/**
 * Runs one scenario under one policy and also returns the waivers used (for the report's counts).
 * Never throws: an exception is HARNESS_ERROR, a case outliving the watchdog or a transport timeout is HANG.
 */
export async function runScenarioWithWaivers(
  loaded: LoadedScenario,
  dut: DeviceUnderTest,
  policy: Policy,
  opts: RunScenarioOptions,
): Promise<ScenarioOutcome> {
  const s = loaded.scenario;
  const name = policy.name;
  const skip = opts.skip ?? loaded.skip;
  if (skip)
    return { result: { ...caseBase(s, name), verdict: 'SKIPPED', reason: skip, steps: [] }, waivers: [] };
  // Without an expectation the case is SKIPPED, but it still runs so the report shows the actual verdicts.
  const unexpected = missingExpectation(s, policy);
  const ms = opts.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ms);
  });
  try {
    const raced = await Promise.race([executeScenario(loaded, dut, policy, opts.keys), watchdog]);
    const outcome =
      unexpected && raced !== 'hang'
        ? { ...raced, result: { ...raced.result, verdict: 'SKIPPED' as const, reason: unexpected } }
        : raced;
    if (outcome === 'hang')
      return {
        result: {
          ...caseBase(s, name),
          verdict: 'HANG',
          reason: `no answer within the ${ms} ms watchdog`,
          steps: [],
        },
        waivers: [],
      };
    return outcome;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const code = typeof e.code === 'string' ? `${e.code}: ` : '';
    return {
      result: {
        ...caseBase(s, name),
        // A transport timeout is the implementation not answering: a HANG, with its cause.
        verdict: isDutTimeout(err) ? 'HANG' : 'HARNESS_ERROR',
        reason: `${code}${String(e.message ?? err)}`,
        steps: [],
      },
      waivers: [],
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one scenario against a DeviceUnderTest under one policy expectation: provisions the world,
 * drives each step (CV 4, sign, CV 5), compares with the expectation, checks the final cells.
 * @see docs/architecture.md (Ports)
 */
export async function runScenario(
  scenario: Scenario | LoadedScenario,
  dut: DeviceUnderTest,
  policyExpectation: Policy,
  opts: RunScenarioOptions,
): Promise<CaseResult> {
  const loaded: LoadedScenario = 'scenario' in scenario ? scenario : { scenario, file: '(inline)' };
  return (await runScenarioWithWaivers(loaded, dut, policyExpectation, opts)).result;
}
