import type { PipelineCheck, Policy } from '../../../simulator';
import { counterexampleId, counterexampleScenario, withNames } from '../model/counterexample';
import { expectationOf, type Counterexample } from '../model/explore';
import { createSession, type StepRecord } from '../model/session';
import type { Universe } from '../model/universe';
import { STEP_INVARIANT_IDS } from '../../report/invariants';
import type { InvariantId } from '../../report/types';
import type { Scenario } from '../../scenario/types';
import type { ProofPath } from './engine';
import { stateAfterStep } from './state';

/** A shortest counterexample replayed concretely from its start: the records and whether the last step shows the violation. */
export interface ReplayedCounterexample {
  readonly counterexample: Counterexample;
  readonly records: readonly StepRecord[];
  /** The state after each step (registrations, cells, counters, supply per meter). */
  readonly states: readonly ReturnType<typeof stateAfterStep>[];
  /** The concrete run breaks the invariant at its last step (step invariants), or has no steps to check. */
  readonly reproduced: boolean;
}

/**
 * Replays a proof path in a fresh session from its start state with real counters (the abstract
 * path's counters are canonical representatives), so the run is the one a scenario file replays.
 */
export function replayProofPath(
  universe: Universe,
  policy: Policy,
  invariant: InvariantId,
  path: ProofPath,
  detail: string,
  disabledChecks?: ReadonlySet<PipelineCheck>,
): ReplayedCounterexample {
  const session = createSession(universe, path.start.plan, policy, disabledChecks ? { disabledChecks } : {});
  const states: ReturnType<typeof stateAfterStep>[] = [];
  const records = path.steps.map((s) => {
    const record = session.execute(session.resolve(s));
    states.push(stateAfterStep(session.dcc, path.start.plan, universe, session.now()));
    return record;
  });
  const last = records.at(-1);
  const stepInvariant = STEP_INVARIANT_IDS.includes(invariant);
  const reproduced =
    !stepInvariant || (last !== undefined && last.violations.some((v) => v.invariant === invariant));
  const counterexample: Counterexample = {
    policy: policy.name,
    invariant,
    detail: last?.violations.find((v) => v.invariant === invariant)?.detail ?? detail,
    seed: 0,
    path: 'proof',
    numShrinks: 0,
    plan: path.start.plan,
    steps: records.map((r) => r.step),
    table: records.map((r) => ({ label: r.label, outcome: r.outcome })),
    observed: records.map((r) => {
      const expect = expectationOf(r.transition.verdict);
      return { at: r.transition.at.toISOString(), ...(expect ? { expect } : {}) };
    }),
  };
  return { counterexample, records, states, reproduced };
}

/** The scenario id of a proof counterexample, e.g. `PROOF-LEGACY-INV-PLACE`. */
export function proofScenarioId(policy: string, invariant: string): string {
  return counterexampleId(policy, invariant).replace(/^MODEL-/, 'PROOF-');
}

/** The replayable scenario file of a proof counterexample (`smets1 replay` reproduces it step by step). */
export function proofScenario(r: ReplayedCounterexample, universe: Universe, startKind: string): Scenario {
  const cx = r.counterexample;
  const base = counterexampleScenario(cx, universe);
  return {
    ...base,
    id: proofScenarioId(cx.policy, cx.invariant),
    title: `${cx.invariant} broken under ${cx.policy} (shortest counterexample, ${cx.steps.length} step${cx.steps.length === 1 ? '' : 's'}, from a ${startKind} meter)`,
    description: `${withNames(cx.detail, universe)}. Found by the proof engine (breadth-first to the fixpoint: no shorter sequence breaks it).`,
    tags: ['regression', 'proof', `policy-${cx.policy}`, cx.invariant.toLowerCase()],
  };
}
