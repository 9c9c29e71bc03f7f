import { isCriticalSrv, type Policy } from '../../../simulator';
import type { Srv } from '../../../simulator/duis';
import type { DeviceUnderTest } from '../../dut/port';
import type { CaseResult, StepResult } from '../../report/types';
import { resolveScenario, type ScenarioKeys } from '../../scenario/resolve';
import type { LoadedScenario, Scenario, ScenarioStep } from '../../scenario/types';
import { checkFinal, NO_EXPECTATION, pickForPolicy } from './expectations';
import {
  alternativesOf,
  applyWorldStep,
  describeExpectation,
  describeResponse,
  judgeResponse,
  runReplay,
  runRequestStep,
  worldEvent,
  type SentRequest,
} from './steps';

// One scenario run against a DUT, step by step, and the case result it assembles.

/** A case result and the waivers the DUT reported using. */
export interface ScenarioOutcome {
  readonly result: CaseResult;
  readonly waivers: readonly string[];
}

/** Default time of requests when neither the step nor the scenario gives one. */
export const DEFAULT_SCENARIO_TIME = '2024-06-01T12:00:00Z';

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

/** The fields every case result of `s` under `policy` starts with. */
export function caseBase(
  s: Scenario,
  policy: string,
): Pick<CaseResult, 'id' | 'title' | 'tags' | 'specRefs' | 'policy'> {
  return { id: s.id, title: s.title, tags: s.tags, specRefs: s.specRefs, policy };
}

/** Provisions the world, drives every step through the DUT, judges each against its expectation and checks the final state. */
export async function executeScenario(
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
      if (step.expect === undefined) {
        await dut.apply(worldEvent(step, r));
        steps.push({ index: i, label, expected: 'applied', actual: 'applied', ok: true });
        continue;
      }
      const actual = await applyWorldStep(dut, step, r);
      steps.push({ index: i, label, expected: step.expect, actual, ok: actual === step.expect });
      continue;
    }
    const expectation = pickForPolicy(step.expect, policy);
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
      ...(response.outcome === 'rejected' && response.stage ? { stage: response.stage } : {}),
      ...(response.detail ? { detail: response.detail } : {}),
      ...(judged.alternatives ? { alternatives: judged.alternatives } : {}),
    });
  }
  steps.push(...(await checkFinal(s, r, dut, policy, s.steps.length)));
  const failed = steps.filter((x) => !x.ok);
  const verdict = failed.length === 0 ? 'PASS' : 'FAIL';
  return {
    result: {
      ...caseBase(s, policyName),
      verdict,
      ...(failed.length > 0
        ? { reason: `step ${failed[0]!.index}: expected ${failed[0]!.expected}, got ${failed[0]!.actual}` }
        : {}),
      steps,
    },
    waivers,
  };
}
