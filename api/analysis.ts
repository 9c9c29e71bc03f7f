import {
  proveAll,
  runEstate,
  runExploration,
  type ProvenPolicy,
  type EstateOptions,
  type EstateRun,
  type ExplorationReport,
} from '../harness';
import { asPolicy } from '../harness/policies';
import { PRESET_POLICIES, type Policy } from '../simulator';

/** Options of exploreInvariants. */
export interface ExploreInvariantsOptions {
  /** Preset policy names (default: every preset). */
  readonly policies?: readonly string[];
  /** Random runs per policy (default 50). */
  readonly runs?: number;
  /** fast-check seed (default 1): the same seed gives the same findings. */
  readonly seed?: number;
  /** Steps per run (default 10). */
  readonly maxSteps?: number;
  /** Depth of the bounded exhaustive search (default 3). */
  readonly depth?: number;
}

/**
 * Model-based exploration plus the bounded exhaustive search: checks every security invariant after
 * each step under each policy and returns the findings (kept or broken, with a minimal, replayable
 * counterexample for each broken one).
 */
export function exploreInvariants(options: ExploreInvariantsOptions = {}): ExplorationReport {
  return runExploration({
    runs: options.runs ?? 50,
    seed: options.seed ?? 1,
    maxSteps: options.maxSteps ?? 10,
    ...(options.policies ? { policies: options.policies.map(asPolicy) } : {}),
    ...(options.depth === undefined ? {} : { depth: options.depth }),
  });
}

/** Options of simulateEstate: runEstate's, with policies by name. */
export interface SimulateEstateOptions extends Omit<EstateOptions, 'policies'> {
  /** `'all'` (every preset, the default), or preset names / Policy values. */
  readonly policies?: 'all' | readonly (string | Policy)[];
}

/**
 * Runs a correction campaign over a simulated estate of `meters` meters under each policy (worker
 * threads unless `workers: 0`) and returns how many misplaced meters each policy repaired.
 */
export function simulateEstate(options: SimulateEstateOptions): Promise<EstateRun> {
  const { policies, ...rest } = options;
  const chosen = policies === undefined || policies === 'all' ? PRESET_POLICIES : policies.map(asPolicy);
  return runEstate({ ...rest, policies: chosen });
}

/** Options of prove. */
export interface ProveInvariantsOptions {
  /** Preset names or Policy values (default: every preset). */
  readonly policies?: readonly (string | Policy)[];
  /** Called as each policy's proof completes. */
  readonly onPolicy?: (proof: ProvenPolicy['proof']) => void;
}

/**
 * The proof: every reachable state of the small world to the fixpoint, every invariant checked on
 * every transition, per policy; each broken invariant comes with a shortest counterexample replayed
 * on the concrete pipeline (steps and a replayable scenario).
 */
export function prove(options: ProveInvariantsOptions = {}): ProvenPolicy[] {
  return proveAll({
    ...(options.policies ? { policies: options.policies } : {}),
    ...(options.onPolicy ? { onPolicy: options.onPolicy } : {}),
  });
}
