/** Proving policies: each preset to its fixpoint, counterexamples replayed, findings and the text table. */
import { memoiseVerification } from '../../../certs';
import { PRESET_POLICIES, type PipelineCheck, type Policy } from '../../../simulator';
import { asPolicy } from '../../policies';
import { withNames } from '../model/counterexample';
import { INVARIANT_STATEMENTS } from '../model/findings';
import { modelUniverse, type Universe } from '../model/universe';
import type { Finding, InvariantId } from '../../report/types';
import type { Scenario } from '../../scenario/types';
import { provePolicy, type PolicyProof } from './engine';
import { proofScenario, replayProofPath } from './replay';
import { memoUniverse } from './transition';
import { proofComponents, type ProofComponent } from './world';

/** The presets proven by default, in report order: every preset of the one registry (PRESET_POLICIES). */
export const PROVEN_POLICIES: readonly string[] = PRESET_POLICIES.map((p) => p.name);

/** One step of a counterexample as scripts read it. */
export interface ProofStep {
  readonly label: string;
  readonly outcome: string;
  /** The state after the step (registrations, cells, counters, supply per meter). */
  readonly state?: readonly { readonly name: string; readonly value: string }[];
  /** For a request: who sent it and to which meter. */
  readonly actor?: string;
  readonly device?: string;
}

/** One policy's proof with its counterexamples replayed (steps, scenario files). */
export interface ProvenPolicy {
  readonly proof: PolicyProof;
  readonly counterexamples: Readonly<Partial<Record<InvariantId, readonly ProofStep[]>>>;
  /** Replayable scenario files of the counterexamples that have steps. */
  readonly scenarios: readonly Scenario[];
  /** Invariants whose concrete replay did not show the violation (an abstraction gap; should be empty). */
  readonly unreproduced: readonly InvariantId[];
}

/** Options of proveAll. */
export interface ProveAllOptions {
  readonly policies?: readonly (string | Policy)[];
  readonly universe?: Universe;
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
  readonly clock?: () => number;
  readonly onPolicy?: (p: PolicyProof) => void;
}

let shared: { universe: Universe; components: readonly ProofComponent[] } | undefined;

/** The memoised universe and the proof world's components (built once per process). */
export function proofWorld(universe?: Universe): {
  universe: Universe;
  components: readonly ProofComponent[];
} {
  if (universe) return { universe, components: proofComponents(universe) };
  if (!shared) {
    const u = memoUniverse(modelUniverse());
    shared = { universe: u, components: proofComponents(u) };
  }
  return shared;
}

/** Proves one policy and replays each counterexample from its start. */
export function proveAndReplay(
  policy: string | Policy,
  options: Omit<ProveAllOptions, 'policies' | 'onPolicy'> = {},
): ProvenPolicy {
  memoiseVerification(500_000);
  const { universe, components } = proofWorld(options.universe);
  const p = asPolicy(policy);
  const proof = provePolicy({
    policy: p,
    universe,
    components,
    ...(options.disabledChecks ? { disabledChecks: options.disabledChecks } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const counterexamples: Partial<Record<InvariantId, readonly ProofStep[]>> = {};
  const scenarios: Scenario[] = [];
  const unreproduced: InvariantId[] = [];
  for (const v of proof.invariants) {
    if (v.kept || !v.path) continue;
    const r = replayProofPath(universe, p, v.invariant, v.path, v.detail ?? '', options.disabledChecks);
    if (!r.reproduced) unreproduced.push(v.invariant);
    const steps = r.counterexample.table.map((t, i) => {
      const step = r.records[i]?.step;
      const request = step && 'sender' in step ? { actor: step.sender, device: step.device } : {};
      return {
        label: withNames(t.label, universe),
        outcome: t.outcome,
        ...request,
        ...(r.states[i] ? { state: r.states[i] } : {}),
      };
    });
    counterexamples[v.invariant] =
      steps.length > 0
        ? steps
        : [
            {
              label: `start: ${v.path.start.kind} ${v.path.component.name} meter`,
              outcome: withNames(v.detail ?? '', universe),
            },
          ];
    if (steps.length > 0) scenarios.push(proofScenario(r, universe, v.path.start.kind));
  }
  return { proof, counterexamples, scenarios, unreproduced };
}

/** Proves every policy (default: the seven presets). */
export function proveAll(options: ProveAllOptions = {}): ProvenPolicy[] {
  return (options.policies ?? PROVEN_POLICIES).map((p) => {
    const r = proveAndReplay(p, options);
    options.onPolicy?.(r.proof);
    return r;
  });
}

/** The JSON scripts read: `{ policies: [{ policy, fixpoint, depth, states, transitions, seconds, invariants, counterexamples }] }`. */
export function proofJson(results: readonly ProvenPolicy[]): unknown {
  return {
    policies: results.map((r) => ({
      policy: r.proof.policy,
      fixpoint: r.proof.fixpoint,
      depth: r.proof.depth,
      states: r.proof.states,
      transitions: r.proof.transitions,
      seconds: Math.round(r.proof.seconds * 10) / 10,
      invariants: Object.fromEntries(
        r.proof.invariants.map((v) => [v.invariant, v.kept ? 'kept' : 'broken']),
      ),
      counterexamples: r.counterexamples,
    })),
  };
}

/** How long the shortest counterexample is; zero steps means the start state already breaks it. */
function shortest(n: number): string {
  if (n === 0) return 'the counterexample is the start state itself (no sequence of requests helps)';
  return `shortest counterexample ${n} step${n === 1 ? '' : 's'}`;
}

/** The report findings of the proof: one per policy and invariant, broken ones with the shortest counterexample. */
export function proofFindings(
  results: readonly ProvenPolicy[],
  files?: ReadonlyMap<string, string>,
): Finding[] {
  return results.flatMap((r) =>
    r.proof.invariants.map((v): Finding => {
      const facts = `proof to the fixpoint: ${r.proof.states} states, ${r.proof.transitions} transitions, depth ${r.proof.depth}`;
      const statement = INVARIANT_STATEMENTS[v.invariant];
      if (v.kept)
        return {
          policy: r.proof.policy,
          invariant: v.invariant,
          kept: true,
          summary: `${v.invariant} kept (${facts}): ${statement}`,
        };
      const steps = r.counterexamples[v.invariant] ?? [];
      const file = files?.get(`${r.proof.policy}/${v.invariant}`);
      return {
        policy: r.proof.policy,
        invariant: v.invariant,
        kept: false,
        summary: `${v.invariant} broken (${statement}); ${shortest(v.path?.steps.length ?? 0)} (${facts})`,
        counterexample: { steps, ...(file ? { file } : {}) },
      };
    }),
  );
}

/** The text table of `smets1 prove`. */
export function renderProof(results: readonly ProvenPolicy[]): string {
  const lines = [
    'policy              fixpoint  depth  states  transitions  seconds  broken (shortest counterexample steps)',
  ];
  for (const r of results) {
    const p = r.proof;
    const broken = p.invariants
      .filter((v) => !v.kept)
      .map((v) => `${v.invariant} (${v.path?.steps.length ?? 0})`)
      .join(', ');
    lines.push(
      `${p.policy.padEnd(19)} ${(p.fixpoint ? 'yes' : 'NO').padEnd(8)}  ${String(p.depth).padStart(5)}  ${String(p.states).padStart(6)}  ${String(p.transitions).padStart(11)}  ${p.seconds.toFixed(1).padStart(7)}  ${broken || 'none: every invariant kept'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
