import { isCriticalSrv, type Policy } from '../../simulator';
import type { Srv } from '../../simulator/duis';
import { isDutTimeout, type DeviceUnderTest } from '../dut/port';
import type { CaseResult, StepResult } from '../report/types';
import { resolveScenario, type ResolvedScenario, type ScenarioKeys } from '../scenario/resolve';
import type { LoadedScenario, PerPolicy, Scenario, ScenarioStep } from '../scenario/types';
import { finalStateRows } from './final-state';
import {
  alternativesOf,
  describeExpectation,
  describeResponse,
  judgeResponse,
  runReplay,
  runRequestStep,
  worldEvent,
  type SentRequest,
} from './steps';

/** Options of a scenario run. */
export interface RunScenarioOptions {
  /** Per-case watchdog; a case still running after it is a HANG. Default 10 s. */
  readonly watchdogMs?: number;
  /** The shared key material (certificates issued once, signers). */
  readonly keys: ScenarioKeys;
  /** Skip reason from the loader (e.g. ZAZ1 material absent). */
  readonly skip?: string;
}

/** A case result and the waivers the DUT reported using. */
export interface ScenarioOutcome {
  readonly result: CaseResult;
  readonly waivers: readonly string[];
}

/** Default time of requests when neither the step nor the scenario gives one. */
export const DEFAULT_SCENARIO_TIME = '2024-06-01T12:00:00Z';
/** Default per-case watchdog. */
export const DEFAULT_WATCHDOG_MS = 10_000;

/** The expectation keys of a policy, most specific first: its name, the preset it extends, then `*`. */
export function expectationKeys(policy: Policy): readonly string[] {
  return [policy.name, ...(policy.extends ? [policy.extends] : []), '*'];
}

const pick = <T>(m: PerPolicy<T> | undefined, policy: Policy): T | undefined => {
  if (!m) return undefined;
  for (const k of expectationKeys(policy)) if (m[k] !== undefined) return m[k];
  return undefined;
};

function stepLabel(step: ScenarioStep): string {
  if (step.kind === 'request') {
    const reps =
      step.replacements === undefined
        ? ''
        : ` installing ${typeof step.replacements === 'string' ? step.replacements : JSON.stringify(step.replacements)}`;
    const signer =
      step.signer === undefined
        ? ''
        : ` signed by ${typeof step.signer === 'string' ? step.signer : JSON.stringify(step.signer)}`;
    return `${step.actor} ${step.srv}${step.remotePartyRole ? ` ${step.remotePartyRole}` : ''} -> ${step.device}${reps} (counter ${step.counter})${signer}`;
  }
  if (step.kind === 'replay') return `replay of step ${step.of}`;
  if (step.kind === 'register')
    return `registration: ${step.capacity} of ${step.device ?? step.mpxn} -> ${step.party} from ${step.at}`;
  return `revoke ${JSON.stringify(step.certificate)}`;
}

function base(
  s: Scenario,
  policy: string,
): Pick<CaseResult, 'id' | 'title' | 'tags' | 'specRefs' | 'policy'> {
  return { id: s.id, title: s.title, tags: s.tags, specRefs: s.specRefs, policy };
}

async function checkFinal(
  s: Scenario,
  r: ResolvedScenario,
  dut: DeviceUnderTest,
  policy: Policy,
  index: number,
): Promise<StepResult[]> {
  const finals = pick(s.expectFinal, policy) ?? {};
  const out: StepResult[] = [];
  for (const [meter, cells] of Object.entries(finals)) {
    const snapshot = await dut.inspect(r.meters.get(meter)?.deviceId ?? meter);
    out.push(...finalStateRows(meter, cells, snapshot, r, index + out.length));
  }
  return out;
}

async function execute(
  loaded: LoadedScenario,
  dut: DeviceUnderTest,
  policy: Policy,
  keys: ScenarioKeys,
): Promise<ScenarioOutcome> {
  const s = loaded.scenario;
  const policyName = policy.name;
  const r = resolveScenario(s, keys);
  await dut.reset();
  await dut.provision({ world: r.world, policy });
  const steps: StepResult[] = [];
  const waivers: string[] = [];
  const sent = new Map<number, SentRequest>();
  for (const [i, step] of s.steps.entries()) {
    const label = stepLabel(step);
    if (step.kind === 'register' || step.kind === 'revoke') {
      await dut.apply(worldEvent(step, r));
      steps.push({ index: i, label, expected: 'applied', actual: 'applied', ok: true });
      continue;
    }
    const expectation = pick(step.expect, policy);
    const at = step.at ?? s.at ?? DEFAULT_SCENARIO_TIME;
    let srv: Srv;
    let response;
    let phase: 'transform' | 'send' | undefined;
    if (step.kind === 'request') {
      srv = step.srv;
      const outcome = await runRequestStep(step, r, dut, at);
      if (outcome.sent) sent.set(i, outcome.sent);
      response = outcome.response;
      phase = isCriticalSrv(step.srv) && !outcome.sent?.signedXml ? 'transform' : 'send';
    } else {
      const original = s.steps[step.of];
      srv = original?.kind === 'request' ? original.srv : '6.15.1';
      const earlier = sent.get(step.of);
      if (!earlier?.signedXml) {
        steps.push({
          index: i,
          label,
          expected: expectation ? describeExpectation(expectation, srv) : NO_EXPECTATION,
          actual: 'nothing to replay: the earlier step was refused at Transform',
          ok: !expectation || alternativesOf(expectation).some((x) => x.outcome === 'rejected' && !x.code),
          detail: 'the replayed step never produced a signed pre-command',
        });
        continue;
      }
      response = await runReplay(earlier, dut, at);
    }
    if (response.outcome === 'accepted' && response.waiver) waivers.push(response.waiver);
    const judged = expectation ? judgeResponse(expectation, response, srv, phase) : { ok: true };
    const matched = judged.alternatives?.findIndex((a) => a.matched) ?? -1;
    steps.push({
      index: i,
      label,
      expected: expectation ? describeExpectation(expectation, srv) : NO_EXPECTATION,
      actual: `${describeResponse(response)}${matched >= 0 ? ` (alternative ${matched + 1} matched)` : ''}`,
      ok: judged.ok,
      ...(response.detail ? { detail: response.detail } : {}),
      ...(judged.alternatives ? { alternatives: judged.alternatives } : {}),
    });
  }
  steps.push(...(await checkFinal(s, r, dut, policy, s.steps.length)));
  const failed = steps.filter((x) => !x.ok);
  const verdict = failed.length === 0 ? 'PASS' : 'FAIL';
  return {
    result: {
      ...base(s, policyName),
      verdict,
      ...(failed.length > 0
        ? { reason: `step ${failed[0]!.index}: expected ${failed[0]!.expected}, got ${failed[0]!.actual}` }
        : {}),
      steps,
    },
    waivers,
  };
}

/** The expected text of a step a scenario sets no expectation for (its actual verdict is still shown). */
const NO_EXPECTATION = '(no expectation for this policy)';

/** Why a scenario has no expectation for a policy (so it is SKIPPED), or undefined. */
function missingExpectation(s: Scenario, policy: Policy): string | undefined {
  const i = s.steps.findIndex(
    (st) => (st.kind === 'request' || st.kind === 'replay') && pick(st.expect, policy) === undefined,
  );
  return i < 0 ? undefined : `no expectation for policy ${policy.name} at step ${i}`;
}

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
  if (skip) return { result: { ...base(s, name), verdict: 'SKIPPED', reason: skip, steps: [] }, waivers: [] };
  // Without an expectation the case is SKIPPED, but it still runs so the report shows the actual verdicts.
  const unexpected = missingExpectation(s, policy);
  const ms = opts.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), ms);
  });
  try {
    const raced = await Promise.race([execute(loaded, dut, policy, opts.keys), watchdog]);
    const outcome =
      unexpected && raced !== 'hang'
        ? { ...raced, result: { ...raced.result, verdict: 'SKIPPED' as const, reason: unexpected } }
        : raced;
    if (outcome === 'hang')
      return {
        result: {
          ...base(s, name),
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
        ...base(s, name),
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
