import { proveAll, PROVEN_POLICIES } from './prove';

/** Throughput of the proof engine over every preset: states and transitions per second, time to the fixpoint per policy. */
export interface ProofBench {
  readonly statesPerSecond: number;
  readonly transitionsPerSecond: number;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** Seconds to the fixpoint per policy. */
  readonly perPolicy: Readonly<Record<string, number>>;
}

/** Proves every preset once (wall-clock, like the exhaustive search's figure it is compared with); `clock` returns ms. */
export function benchProof(options: { clock?: () => number } = {}): ProofBench {
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const results = proveAll({ policies: PROVEN_POLICIES, clock });
  const seconds = (clock() - t0) / 1000;
  const states = results.reduce((n, r) => n + r.proof.states, 0);
  const transitions = results.reduce((n, r) => n + r.proof.transitions, 0);
  return {
    statesPerSecond: Math.round(states / seconds),
    transitionsPerSecond: Math.round(transitions / seconds),
    states,
    transitions,
    seconds,
    perPolicy: Object.fromEntries(
      results.map((r) => [r.proof.policy, Math.round(r.proof.seconds * 100) / 100]),
    ),
  };
}
