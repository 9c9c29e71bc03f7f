import { PRESET_POLICIES, type Policy } from '../../../simulator';
import { INVARIANT_STATEMENTS } from '../../report/invariants';
import type { Finding } from '../../report/types';
import { counterexampleFinding, withNames } from './counterexample';
import { exhaustivePlan, exhaustiveSearch, type ExhaustiveResult } from './exhaustive';
import {
  expectationOf,
  explore,
  type Counterexample,
  type ExploreResult,
  type InvariantResult,
} from './explore';
import { createSession } from './session';
import type { ResolvedStep } from './steps';
import { diffNoRegression } from './explore-diff';
import { modelUniverse, type Universe } from './universe';

/** The policies explored by default, in report order: every preset of the one registry. */
export const EXPLORED_POLICIES: readonly Policy[] = PRESET_POLICIES;

/** The statements, from the one table (harness/report/invariants.ts). */
export { INVARIANT_STATEMENTS };

/** Options of a full exploration: every policy, the differential property and the exhaustive proof. */
export interface ExploreAllOptions {
  readonly policies?: readonly Policy[];
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps: number;
  /** Exhaustive search depth (default 3). */
  readonly depth?: number;
  readonly universe?: Universe;
  readonly onRun?: (policy: string) => void;
}

/** Everything a full exploration produced, for the CLI and reports. */
export interface ExplorationReport {
  readonly explored: readonly ExploreResult[];
  readonly diff: InvariantResult;
  readonly exhaustive: readonly ExhaustiveResult[];
  readonly findings: readonly Finding[];
  /**
   * The exhaustive search's LIVE-CONTROL witnesses replayed as counterexamples (one per policy
   * where the search found one and its replay from the initial state reproduces it), so they can
   * be written as scenario files like the explored ones.
   */
  readonly lockOuts: readonly Counterexample[];
}

function resultFinding(policy: string, r: InvariantResult, universe: Universe, budget: string): Finding {
  const statement = INVARIANT_STATEMENTS[r.invariant];
  if (r.kept || !r.counterexample)
    return {
      policy,
      invariant: r.invariant,
      kept: true,
      summary: `${r.invariant} kept (${budget}): ${statement}`,
    };
  const cx = r.counterexample;
  const summary = `${r.invariant} broken (${statement}); minimal counterexample ${cx.steps.length} step${cx.steps.length === 1 ? '' : 's'}: ${withNames(cx.detail, universe)}`;
  return counterexampleFinding(cx, summary, universe);
}

function repairFinding(e: ExhaustiveResult): Finding {
  const facts = `${e.statesExplored} states, depth ${e.depth}, alphabet ${e.alphabetSize}`;
  const witness = e.witnesses.control;
  if (e.oneStepRepair && witness) {
    return {
      policy: e.policy,
      invariant: 'LIVE-REPAIR',
      kept: true,
      summary: `LIVE-REPAIR kept: one request repairs the misplaced meter (${facts}): ${witness.join('; ')}`,
    };
  }
  const summary = e.reachesControl
    ? `LIVE-REPAIR broken: no one-step repair, though a longer sequence exists (${facts})`
    : `LIVE-REPAIR broken: no sequence of at most ${e.depth} requests by NOs or the supplier puts the registered NO in control (the deadlock; exhaustive, ${facts})`;
  return { policy: e.policy, invariant: 'LIVE-REPAIR', kept: false, summary };
}

/** LIVE-CONTROL broken by the exhaustive search (random runs rarely pick the hostile floor), with its witness. */
function lockOutFinding(e: ExhaustiveResult): Finding {
  const witness = e.witnesses.lockOut ?? [];
  return {
    policy: e.policy,
    invariant: 'LIVE-CONTROL',
    kept: false,
    summary: `LIVE-CONTROL broken (${INVARIANT_STATEMENTS['LIVE-CONTROL']}); exhaustive search, minimal counterexample ${witness.length} step${witness.length === 1 ? '' : 's'}: a waived handover to the registered NO sets the floor to 2^64-1`,
    counterexample: {
      steps: witness.map((w) => {
        const [label = w, outcome = ''] = w.split(' => ');
        return { label, outcome };
      }),
    },
  };
}

/**
 * The LIVE-CONTROL witness of an exhaustive search replayed in a fresh session of its world, as a
 * counterexample; undefined without a witness or when the replay does not give the same outcomes.
 */
export function lockOutCounterexample(
  policy: Policy,
  e: ExhaustiveResult,
  universe: Universe = modelUniverse(),
): Counterexample | undefined {
  const raw = e.lockOutSteps;
  const witness = e.witnesses.lockOut;
  if (!raw || !witness) return undefined;
  const plan = exhaustivePlan();
  const session = createSession(universe, plan, policy);
  const steps: ResolvedStep[] = [];
  const records = raw.map((s) => {
    const resolved = session.resolve(s);
    steps.push(resolved);
    return session.execute(resolved);
  });
  const labels = records.map((r) => `${r.label} => ${r.outcome}`);
  if (labels.length !== witness.length || labels.some((l, i) => l !== witness[i])) return undefined;
  return {
    policy: policy.name,
    invariant: 'LIVE-CONTROL',
    detail: `${INVARIANT_STATEMENTS['LIVE-CONTROL']}: a waived handover to the registered NO sets the floor to 2^64-1, so it holds the cells with no counter left to send with`,
    seed: 0,
    path: '',
    numShrinks: 0,
    plan,
    steps,
    table: records.map((r) => ({ label: r.label, outcome: r.outcome })),
    observed: records.map((r) => {
      const expect = expectationOf(r.transition.verdict);
      return { at: r.transition.at.toISOString(), ...(expect ? { expect } : {}) };
    }),
  };
}

/** Runs exploration, the DIFF-NO-REGRESSION property and the exhaustive search, and assembles the findings. */
export function runExploration(options: ExploreAllOptions): ExplorationReport {
  const universe = options.universe ?? modelUniverse();
  const policies = options.policies ?? EXPLORED_POLICIES;
  const budget = `${options.runs} runs x ${options.maxSteps} steps, seed ${options.seed}`;
  const explored = policies.map((p) =>
    explore({
      policy: p,
      runs: options.runs,
      seed: options.seed,
      maxSteps: options.maxSteps,
      universe,
      ...(options.onRun ? { onRun: options.onRun } : {}),
    }),
  );
  const diff = diffNoRegression({
    runs: options.runs,
    seed: options.seed,
    maxSteps: options.maxSteps,
    universe,
    ...(options.onRun ? { onRun: options.onRun } : {}),
  });
  const exhaustive = policies.map((p) =>
    exhaustiveSearch({ policy: p, depth: options.depth ?? 3, universe }),
  );
  const findings: Finding[] = [];
  for (const e of explored) {
    const ex = exhaustive.find((x) => x.policy === e.policy);
    findings.push(
      ...e.results.map((r) =>
        r.invariant === 'LIVE-CONTROL' && r.kept && ex?.lockOut
          ? lockOutFinding(ex)
          : resultFinding(e.policy, r, universe, budget),
      ),
    );
    if (ex) findings.push(repairFinding(ex));
    if (e.policy === 'corrective') findings.push(resultFinding('corrective', diff, universe, budget));
  }
  const lockOuts = policies.flatMap((policy) => {
    const ex = exhaustive.find((x) => x.policy === policy.name);
    const cx = ex ? lockOutCounterexample(policy, ex, universe) : undefined;
    return cx ? [cx] : [];
  });
  return { explored, diff, exhaustive, findings, lockOuts };
}

/**
 * Explores every policy and returns the findings (one per policy and invariant, kept or broken with
 * its minimal counterexample), for the demo's RunReport.
 */
export function exploreAll(options: ExploreAllOptions): Finding[] {
  return [...runExploration(options).findings];
}
