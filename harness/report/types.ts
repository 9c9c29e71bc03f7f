import type { InvariantId } from './invariants';

export { INVARIANT_IDS, type InvariantId } from './invariants';

/** Verdict of one scenario run under one policy expectation. @see docs/architecture.md (Ports) */
export type CaseVerdict = 'PASS' | 'FAIL' | 'SKIPPED' | 'HANG' | 'HARNESS_ERROR';


/** One alternative of a `oneOf` expectation: what it expects, whether it matched, and why not. */
export interface StepAlternative {
  readonly expected: string;
  readonly matched: boolean;
  /** Why the actual result does not meet it (absent when matched). */
  readonly why?: string;
}

/** One step of a case (or a final-state check): what was expected and what the implementation did. */
export interface StepResult {
  readonly index: number;
  /** Human-readable step, e.g. `NO-B 6.15.1 NetworkOperator -> M1 installing NO-A (counter 10)`. */
  readonly label: string;
  /** e.g. `accepted` or `rejected E4 GATE_NOT_REGISTERED`. */
  readonly expected: string;
  readonly actual: string;
  readonly ok: boolean;
  /** The pipeline stage that refused, when the implementation reports one (e.g. `gate`). */
  readonly stage?: string;
  readonly detail?: string;
  /** Set when the expectation was a `oneOf`: every alternative and whether it matched. */
  readonly alternatives?: readonly StepAlternative[];
}

/** The result of one scenario under one policy. */
export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly specRefs: readonly string[];
  readonly policy: string;
  readonly verdict: CaseVerdict;
  /** Why SKIPPED / HANG / HARNESS_ERROR / FAIL, in one line. */
  readonly reason?: string;
  /** Set when the case is listed in the expected-deviation manifest. */
  readonly deviation?: { readonly reason: string };
  readonly steps: readonly StepResult[];
  /** Wall-clock time the case took, in milliseconds (JUnit `time`); absent in reports from older runs. */
  readonly durationMs?: number;
}

/** One step of a counterexample, readable in a table. */
export interface CounterexampleStep {
  readonly label: string;
  readonly outcome: string;
  /** The state after the step, one entry per fact (e.g. `registered`, `cells`, `counters`, `supply`). */
  readonly state?: readonly { readonly name: string; readonly value: string }[];
  /** For a request: the party that sent it and the meter it addressed (the sequence diagram's arrows). */
  readonly actor?: string;
  readonly device?: string;
}

/** Whether a policy keeps an invariant, with a minimal counterexample when it does not. */
export interface Finding {
  readonly policy: string;
  readonly invariant: InvariantId;
  readonly kept: boolean;
  readonly summary: string;
  readonly counterexample?: {
    readonly steps: readonly CounterexampleStep[];
    readonly seed?: number;
    readonly path?: string;
    /** Scenario file written for replay (relative path). */
    readonly file?: string;
  };
}

/** A waiver a policy declares, with how often runs used it. */
export interface WaiverUse {
  readonly policy: string;
  readonly waiver: string;
  readonly description: string;
  readonly uses: number;
  /** False when the implementation used the waiver but the policy does not declare it (absent: declared). */
  readonly declared?: boolean;
  /**
   * True for a rule of the DCC's gate itself that applies under every policy (the SMETS2 device
   * rule, simulator BUILT_IN_WAIVERS): used without the policy declaring it, and not undeclared.
   */
  readonly builtIn?: boolean;
}

/** Per-policy results of an estate campaign. */
export interface EstateResult {
  readonly policy: string;
  readonly meters: number;
  readonly misplaced: number;
  readonly repaired: number;
  readonly stuck: number;
  readonly requests: number;
  readonly refusals: Readonly<Record<string, number>>;
  /** With installations during the campaign: what they did and the misplaced stock before and after. */
  readonly installs?: EstateInstalls;
}

/** The installations of one policy's estate campaign (`smets1 estate --installs N`). */
export interface EstateInstalls {
  readonly meters: number;
  /** Installed meters left with another NO's certificates. */
  readonly misplaced: number;
  /** Installations refused by the placement check and retried naming the registered NO. */
  readonly retries: number;
  /** Installations refused for good (the meter stays DCC-controlled). */
  readonly failed: number;
  readonly misplacedBefore: number;
  readonly misplacedAfter: number;
}

/** One mutant under one policy, as the report shows it. */
export interface MutationSectionOutcome {
  readonly policy: string;
  readonly status: 'killed' | 'survived' | 'not-applicable';
  /** Ids of the cases that kill it (empty unless killed). */
  readonly kills: readonly string[];
  /** Distinct routes among the kills (a scenario, or one family of cases). */
  readonly routes?: number;
  /** Why the check cannot change a verdict under this policy. */
  readonly why?: string;
}

/** The catalogue's mutation score (smets1 mutate): each check of the reference switched off in turn. */
export interface MutationSection {
  /** `duis`: kills judged on outcome, DUIS code, phase and final state only; `full`: on every reported field. */
  readonly observe: 'duis' | 'full';
  readonly cases: number;
  /** killed / (killed + survived) over the mutant x policy pairs. */
  readonly score: number;
  readonly mutants: readonly {
    readonly check: string;
    readonly place: string;
    readonly rule: string;
    readonly source: string;
    readonly outcomes: readonly MutationSectionOutcome[];
  }[];
}

/** Counts per verdict. */
export type VerdictCounts = Readonly<Record<CaseVerdict, number>>;

/**
 * A run report: the source of truth every other format is rendered from. Stable order (cases by id
 * then policy) and no timestamps; case durations (`durationMs`) are the only field that differs
 * between two runs, and `smets1 diff` ignores them.
 */
export interface RunReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'smets1-harness'; readonly version: string };
  readonly target: { readonly kind: 'reference' | 'http' | 'duis+http'; readonly name: string };
  readonly policies: readonly string[];
  readonly summary: { readonly total: VerdictCounts; readonly byPolicy: Readonly<Record<string, VerdictCounts>> };
  readonly cases: readonly CaseResult[];
  readonly findings: readonly Finding[];
  readonly waivers: readonly WaiverUse[];
  readonly estate?: readonly EstateResult[];
  /** The catalogue's mutation score (smets1 mutate --out). */
  readonly mutation?: MutationSection;
}
