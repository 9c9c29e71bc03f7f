import { PRESET_POLICIES, type Policy } from '../../../simulator';
import { INVARIANT_STATEMENTS } from '../../report/invariants';
import type { Finding } from '../../report/types';
import { counterexampleFinding, withNames } from './counterexample';
import { exhaustiveSearch, type ExhaustiveResult } from './exhaustive';
import { explore, type ExploreResult, type InvariantResult } from './explore';
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
  const summary = `${r.invariant} broken (${statement}); minimal counterexample ${cx.steps.length} step(s): ${withNames(cx.detail, universe)}`;
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
    summary: `LIVE-CONTROL broken (${INVARIANT_STATEMENTS['LIVE-CONTROL']}); exhaustive search, minimal counterexample ${witness.length} step(s): a waived handover to the registered NO sets the floor to 2^64-1`,
    counterexample: {
      steps: witness.map((w) => {
        const [label = w, outcome = ''] = w.split(' => ');
        return { label, outcome };
      }),
    },
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
  return { explored, diff, exhaustive, findings };
}

/**
 * Explores every policy and returns the findings (one per policy and invariant, kept or broken with
 * its minimal counterexample), for the demo's RunReport.
 */
export function exploreAll(options: ExploreAllOptions): Finding[] {
  return [...runExploration(options).findings];
}
