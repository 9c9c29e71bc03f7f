import { exhaustiveSearch } from './exhaustive';
import { explore } from './explore';
import { modelUniverse } from './universe';

/** Throughput of the model checker: exploration runs and steps per second, exhaustive states and transitions per second. */
export interface ModelBench {
  readonly runsPerSecond: number;
  readonly stepsPerSecond: number;
  readonly exhaustiveStatesPerSecond: number;
  readonly exhaustiveTransitionsPerSecond: number;
  readonly exhaustiveStates: number;
  readonly exhaustiveDepth: number;
}

/**
 * Measures exploration throughput (10-step runs under `corrective`, which keeps every invariant so
 * no shrinking skews it) and the depth-4 exhaustive search under `relaxed`; `clock` returns ms.
 */
export function benchModel(
  options: { runs?: number; depth?: number; clock?: () => number } = {},
): ModelBench {
  const clock = options.clock ?? (() => performance.now());
  const universe = modelUniverse();
  explore({ policy: 'corrective', runs: 5, seed: 1, maxSteps: 10, universe });
  const t0 = clock();
  const e = explore({ policy: 'corrective', runs: options.runs ?? 200, seed: 7, maxSteps: 10, universe });
  const t1 = clock();
  const x = exhaustiveSearch({ policy: 'relaxed', depth: options.depth ?? 4, universe });
  const t2 = clock();
  const per = (n: number, ms: number) => Math.round((n * 1000) / Math.max(ms, 1e-3));
  return {
    runsPerSecond: per(e.executedRuns, t1 - t0),
    stepsPerSecond: per(e.executedSteps, t1 - t0),
    exhaustiveStatesPerSecond: per(x.statesExplored, t2 - t1),
    exhaustiveTransitionsPerSecond: per(x.transitions, t2 - t1),
    exhaustiveStates: x.statesExplored,
    exhaustiveDepth: x.depth,
  };
}
