import fc from 'fast-check';
import { type Policy, type Verdict } from '../../../simulator';
import { asPolicy } from '../../policies';
import type { StepExpectation } from '../../scenario/types';
import type { InvariantId } from '../../report/types';
import { createSession, type ModelSession, type StepRecord } from './session';
import { stepArbitrary, type ResolvedStep, type Step } from './steps';
import { STEP_INVARIANTS, type Violation } from './transition';
import { modelUniverse, type Universe } from './universe';
import { worldPlanArbitrary, type WorldPlan } from './world-plan';

/** Thrown inside a property run when a step breaks an invariant that is being searched for. */
export class InvariantBroken extends Error {
  override readonly name = 'InvariantBroken';
  constructor(
    readonly violation: Violation,
    readonly stepIndex: number,
  ) {
    super(`${violation.invariant} broken at step ${stepIndex + 1}: ${violation.detail}`);
  }
}

/** A shrunk, minimal counterexample to one invariant under one policy, replayable from its world plan and resolved steps. */
export interface Counterexample {
  readonly policy: string;
  readonly invariant: InvariantId;
  readonly detail: string;
  readonly seed: number;
  readonly path: string;
  readonly numShrinks: number;
  readonly plan: WorldPlan;
  readonly steps: readonly ResolvedStep[];
  /** Label and observed outcome per step, for the report's table. */
  readonly table: readonly { readonly label: string; readonly outcome: string }[];
  /** Request time and observed verdict per step (the scenario file's expectations). */
  readonly observed: readonly { readonly at: string; readonly expect?: StepExpectation }[];
}

/** The scenario-format expectation of an observed verdict. */
export function expectationOf(v: Verdict | undefined): StepExpectation | undefined {
  if (!v) return undefined;
  return v.outcome === 'accepted' ? { outcome: 'accepted' } : { outcome: 'rejected', code: v.code };
}

const observe = (records: readonly StepRecord[]) =>
  records.map((r) => {
    const expect = expectationOf(r.transition.verdict);
    return { at: r.transition.at.toISOString(), ...(expect ? { expect } : {}) };
  });

/** Whether a policy kept one invariant over the explored runs. */
export interface InvariantResult {
  readonly invariant: InvariantId;
  readonly kept: boolean;
  readonly counterexample?: Counterexample;
}

/** Options of explore: the policy, fast-check runs and seed, steps per run. */
export interface ExploreOptions {
  readonly policy: Policy | string;
  readonly runs: number;
  readonly seed: number;
  readonly maxSteps: number;
  readonly universe?: Universe;
  /** Called after every run (CLI progress). */
  readonly onRun?: (policy: string) => void;
}

/** The results of exploring one policy: one entry per step invariant, plus counts. */
export interface ExploreResult {
  readonly policy: string;
  readonly runs: number;
  readonly maxSteps: number;
  readonly seed: number;
  /** Property runs executed, shrinking included. */
  readonly executedRuns: number;
  /** Steps executed over those runs. */
  readonly executedSteps: number;
  readonly results: readonly InvariantResult[];
}

/** One fast-check command: an exploration step, executed by the session with the invariant wrapper after it. */
class StepCommand implements fc.Command<
  object,
  { session: ModelSession; searching: ReadonlySet<InvariantId>; index: number }
> {
  private label: string | undefined;
  constructor(readonly step: Step) {}
  check(): boolean {
    return true;
  }
  run(
    _model: object,
    real: { session: ModelSession; searching: ReadonlySet<InvariantId>; index: number },
  ): void {
    const record = real.session.execute(real.session.resolve(this.step));
    this.label = `${record.label} => ${record.outcome}`;
    const hit = record.violations.find((v) => real.searching.has(v.invariant));
    real.index += 1;
    if (hit) throw new InvariantBroken(hit, real.index - 1);
  }
  toString(): string {
    return this.label ?? JSON.stringify(this.step);
  }
}

/** Replays plan + steps in a fresh session, stopping at the first violation of `invariant` (or the end). */
export function replaySteps(
  universe: Universe,
  plan: WorldPlan,
  policy: Policy,
  steps: readonly ResolvedStep[],
  invariant?: InvariantId,
): { records: StepRecord[]; violation?: Violation } {
  const session = createSession(universe, plan, policy);
  const records: StepRecord[] = [];
  for (const s of steps) {
    const r = session.execute(s);
    records.push(r);
    const hit = r.violations.find((v) => invariant === undefined || v.invariant === invariant);
    if (hit) return { records, violation: hit };
  }
  return { records };
}

function rebuild(
  universe: Universe,
  policy: Policy,
  plan: WorldPlan,
  raw: readonly Step[],
  invariant: InvariantId,
): { steps: ResolvedStep[]; records: StepRecord[]; violation: Violation } | undefined {
  const session = createSession(universe, plan, policy);
  const steps: ResolvedStep[] = [];
  const records: StepRecord[] = [];
  for (const s of raw) {
    const resolved = session.resolve(s);
    const r = session.execute(resolved);
    steps.push(resolved);
    records.push(r);
    const hit = r.violations.find((v) => v.invariant === invariant);
    if (hit) return { steps, records, violation: hit };
  }
  return undefined;
}

/**
 * Model-based exploration of one policy: fast-check generates worlds and step sequences, every
 * step's transition is checked by the invariant wrapper, and each broken invariant is shrunk to a
 * minimal counterexample (the search is repeated with found invariants set aside until none breaks).
 */
export function explore(options: ExploreOptions): ExploreResult {
  const policy = asPolicy(options.policy);
  const universe = options.universe ?? modelUniverse();
  const searching = new Set<InvariantId>(STEP_INVARIANTS);
  const found = new Map<InvariantId, Counterexample>();
  let executedRuns = 0;
  let executedSteps = 0;
  const commands = fc.commands([stepArbitrary().map((s) => new StepCommand(s))], {
    maxCommands: options.maxSteps,
  });
  while (searching.size > 0) {
    const property = fc.property(worldPlanArbitrary(), commands, (plan, cmds) => {
      executedRuns += 1;
      options.onRun?.(policy.name);
      const real = { session: createSession(universe, plan, policy), searching, index: 0 };
      try {
        fc.modelRun(() => ({ model: {}, real }), cmds);
      } finally {
        executedSteps += real.index;
      }
    });
    const out = fc.check(property, { numRuns: options.runs, seed: options.seed });
    if (!out.failed || !out.counterexample) break;
    const err = out.errorInstance;
    if (!(err instanceof InvariantBroken)) throw err instanceof Error ? err : new Error(String(err));
    const [plan, cmds] = out.counterexample;
    const raw = [...(cmds as Iterable<unknown>)].map(
      (c) => ((c as { cmd?: StepCommand }).cmd ?? (c as StepCommand)).step,
    );
    const invariant = err.violation.invariant;
    const rebuilt = rebuild(universe, policy, plan, raw, invariant);
    searching.delete(invariant);
    if (!rebuilt) continue;
    found.set(invariant, {
      policy: policy.name,
      invariant,
      detail: rebuilt.violation.detail,
      seed: out.seed,
      path: out.counterexamplePath ?? '',
      numShrinks: out.numShrinks,
      plan,
      steps: rebuilt.steps,
      table: rebuilt.records.map((r) => ({ label: r.label, outcome: r.outcome })),
      observed: observe(rebuilt.records),
    });
  }
  const results = STEP_INVARIANTS.map((invariant): InvariantResult => {
    const c = found.get(invariant);
    return c ? { invariant, kept: false, counterexample: c } : { invariant, kept: true };
  });
  return {
    policy: policy.name,
    runs: options.runs,
    maxSteps: options.maxSteps,
    seed: options.seed,
    executedRuns,
    executedSteps,
    results,
  };
}
