import type { Signer } from '../../certs';
import type { PipelineCheck, Policy } from '../../simulator';
import { createInProcessDut, type DeviceUnderTest, type DutResponse } from '../dut';
import type { CaseResult } from '../report';
import { runScenarioWithWaivers } from '../conformance';
import { PACKAGE_VERSION, type LoadedScenario, type ScenarioKeys } from '../scenario';
import { MUTANTS, whyCheckCannotMatter, type Mutant } from './mutants';

/**
 * What the judge sees of an answer: `duis` strips the reference's optional refusal code, stage and
 * detail, so a mutant is killed only by what any provider is judged on (outcome, DUIS code, phase,
 * final device state); `full` keeps them.
 */
export type Observation = 'duis' | 'full';

/** A case that kills a mutant: it passes against the reference and not against the mutant. */
export interface Kill {
  readonly id: string;
  /** The route: the family a case was expanded from, else the case itself. */
  readonly route: string;
  readonly verdict: CaseResult['verdict'];
  /** The first step that differs, as the run report words it. */
  readonly reason: string;
}

/** A mutant under one policy. */
export type MutantOutcome =
  | {
      readonly policy: string;
      readonly status: 'killed';
      readonly kills: readonly Kill[];
      /** Distinct routes among the kills (two or more: one edited case cannot reopen the hole). */
      readonly routes: number;
    }
  | { readonly policy: string; readonly status: 'survived' }
  | { readonly policy: string; readonly status: 'not-applicable'; readonly why: string };

/** One mutant's result over every policy. */
export interface MutantResult extends Mutant {
  readonly outcomes: readonly MutantOutcome[];
}

/** Counts over every (mutant, policy) pair. */
export interface MutationSummary {
  readonly mutants: number;
  readonly pairs: number;
  readonly killed: number;
  readonly survived: number;
  readonly notApplicable: number;
  /** Killed pairs with fewer than two routes. */
  readonly singleRoute: number;
  /** killed / (killed + survived); 1 when nothing is applicable. */
  readonly score: number;
}

/** The mutation report: every mutant killed or survived per policy, with the killing cases. */
export interface MutationReport {
  readonly schemaVersion: 1;
  readonly tool: { readonly name: 'smets1-harness'; readonly version: string };
  readonly observe: Observation;
  readonly policies: readonly string[];
  readonly cases: number;
  /** Cases that do not pass against the reference itself (they cannot kill anything), per policy. */
  readonly baselineNotPassing: readonly {
    readonly id: string;
    readonly policy: string;
    readonly verdict: string;
  }[];
  readonly mutants: readonly MutantResult[];
  readonly summary: MutationSummary;
}

/** Options of mutationScore. */
export interface MutationScoreOptions {
  readonly scenarios: readonly LoadedScenario[];
  readonly policies: readonly Policy[];
  readonly keys: ScenarioKeys;
  /** The reference DCC's ACB signing key (signs 6.21 hand-overs). */
  readonly acbSigner: Signer;
  /** The checks to mutate (default: every check). */
  readonly checks?: readonly PipelineCheck[];
  readonly observe?: Observation;
  readonly watchdogMs?: number;
  readonly version?: string;
  /** Receives the reference's own case results (every policy), e.g. for a run report. */
  readonly onBaseline?: (cases: readonly CaseResult[]) => void;
  /** Called after each mutant under each policy. */
  readonly onProgress?: (done: number, total: number, check: PipelineCheck, outcome: MutantOutcome) => void;
}

/** A DUT whose answers carry only what every provider reports (outcome, DUIS code, pre-command, response). */
function duisOnly(dut: DeviceUnderTest): DeviceUnderTest {
  const strip = (r: DutResponse): DutResponse => {
    const { code: _code, stage: _stage, detail: _detail, waiver: _waiver, ...rest } = r;
    return rest;
  };
  return {
    name: dut.name,
    provision: (o) => dut.provision(o),
    submit: async (r) => strip(await dut.submit(r)),
    apply: (e) => dut.apply(e),
    inspect: (id) => dut.inspect(id),
    reset: () => dut.reset(),
    close: () => dut.close(),
  };
}

async function runAll(
  scenarios: readonly LoadedScenario[],
  dut: DeviceUnderTest,
  policy: Policy,
  keys: ScenarioKeys,
  watchdogMs: number | undefined,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const loaded of scenarios) {
    const run = await runScenarioWithWaivers(loaded, dut, policy, {
      keys,
      ...(watchdogMs ? { watchdogMs } : {}),
    });
    out.push(run.result);
  }
  return out;
}

const routeOf = (l: LoadedScenario): string => l.family ?? l.scenario.id;

function summarise(mutants: readonly MutantResult[]): MutationSummary {
  const all = mutants.flatMap((m) => m.outcomes);
  const killed = all.filter((o) => o.status === 'killed');
  const survived = all.filter((o) => o.status === 'survived').length;
  return {
    mutants: mutants.length,
    pairs: all.length,
    killed: killed.length,
    survived,
    notApplicable: all.filter((o) => o.status === 'not-applicable').length,
    singleRoute: killed.filter((o) => o.status === 'killed' && o.routes < 2).length,
    score: killed.length + survived === 0 ? 1 : killed.length / (killed.length + survived),
  };
}

/**
 * Measures the catalogue's power: for every check of the reference, a mutant reference with exactly
 * that check switched off (the check skipped, the request going on) runs the whole catalogue under
 * each policy through the DeviceUnderTest port, as a provider's implementation would. A case kills
 * the mutant when it passes against the reference and not against the mutant; a mutant no case kills
 * under a policy where its check can change a verdict is a catalogue gap.
 */
export async function mutationScore(options: MutationScoreOptions): Promise<MutationReport> {
  const observe = options.observe ?? 'duis';
  const view = (dut: DeviceUnderTest) => (observe === 'duis' ? duisOnly(dut) : dut);
  const checks = options.checks ?? MUTANTS.map((m) => m.check);
  const chosen = MUTANTS.filter((m) => checks.includes(m.check));
  const routes = new Map(options.scenarios.map((l) => [l.scenario.id, routeOf(l)]));
  const baseline = view(createInProcessDut({ acbSigner: options.acbSigner }));
  const passing = new Map<string, Set<string>>();
  const baselineNotPassing: MutationReport['baselineNotPassing'][number][] = [];
  const baselineCases: CaseResult[] = [];
  for (const policy of options.policies) {
    const results = await runAll(options.scenarios, baseline, policy, options.keys, options.watchdogMs);
    baselineCases.push(...results);
    passing.set(policy.name, new Set(results.filter((r) => r.verdict === 'PASS').map((r) => r.id)));
    for (const r of results)
      if (r.verdict !== 'PASS')
        baselineNotPassing.push({ id: r.id, policy: policy.name, verdict: r.verdict });
  }
  options.onBaseline?.(baselineCases);
  const total = chosen.length * options.policies.length;
  let done = 0;
  const mutants: MutantResult[] = [];
  for (const mutant of chosen) {
    const dut = view(
      createInProcessDut({ acbSigner: options.acbSigner, disabledChecks: new Set([mutant.check]) }),
    );
    const outcomes: MutantOutcome[] = [];
    for (const policy of options.policies) {
      const why = whyCheckCannotMatter(mutant.check, policy);
      let outcome: MutantOutcome;
      if (why !== undefined) outcome = { policy: policy.name, status: 'not-applicable', why };
      else {
        const ok = passing.get(policy.name)!;
        const results = await runAll(options.scenarios, dut, policy, options.keys, options.watchdogMs);
        const kills: Kill[] = results
          .filter((r) => ok.has(r.id) && r.verdict !== 'PASS' && r.verdict !== 'SKIPPED')
          .map((r) => ({
            id: r.id,
            route: routes.get(r.id) ?? r.id,
            verdict: r.verdict,
            reason: r.reason ?? r.verdict,
          }));
        outcome =
          kills.length === 0
            ? { policy: policy.name, status: 'survived' }
            : {
                policy: policy.name,
                status: 'killed',
                kills,
                routes: new Set(kills.map((k) => k.route)).size,
              };
      }
      outcomes.push(outcome);
      options.onProgress?.(++done, total, mutant.check, outcome);
    }
    await dut.close();
    mutants.push({ ...mutant, outcomes });
  }
  return {
    schemaVersion: 1,
    tool: { name: 'smets1-harness', version: options.version ?? PACKAGE_VERSION },
    observe,
    policies: options.policies.map((p) => p.name),
    cases: options.scenarios.length,
    baselineNotPassing,
    mutants,
    summary: summarise(mutants),
  };
}

/** The (mutant, policy) pairs that survived: the catalogue's gaps. */
export function survivors(
  report: MutationReport,
): { check: PipelineCheck; policy: string; rule: string; source: string }[] {
  return report.mutants.flatMap((m) =>
    m.outcomes
      .filter((o) => o.status === 'survived')
      .map((o) => ({ check: m.check, policy: o.policy, rule: m.rule, source: m.source })),
  );
}
