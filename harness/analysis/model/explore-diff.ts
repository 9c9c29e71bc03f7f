import fc from 'fast-check';
import { presetPolicy, snapshotDevice } from '../../../simulator';
import type { ExploreOptions, InvariantResult } from './explore';
import { createSession } from './session';
import { labelOf, stepArbitrary, type ResolvedStep, type Step } from './steps';
import { modelUniverse } from './universe';
import { worldPlanArbitrary, type WorldPlan } from './world-plan';

/**
 * DIFF-NO-REGRESSION: on correctly placed meters (no registration moves), `legacy` and `corrective`
 * accept and refuse the same requests and leave the same device states.
 */
export function diffNoRegression(options: Omit<ExploreOptions, 'policy'>): InvariantResult {
  const universe = options.universe ?? modelUniverse();
  const legacy = presetPolicy('legacy');
  const corrective = presetPolicy('corrective');
  const run = (
    plan: WorldPlan,
    raw: readonly Step[],
  ): { steps: ResolvedStep[]; table: { label: string; outcome: string }[]; detail?: string } => {
    const a = createSession(universe, plan, legacy);
    const b = createSession(universe, plan, corrective);
    const steps: ResolvedStep[] = [];
    const table: { label: string; outcome: string }[] = [];
    for (const s of raw) {
      const resolved = a.resolve(s);
      const ra = a.execute(resolved);
      const rb = b.execute(resolved);
      steps.push(resolved);
      table.push({ label: labelOf(resolved), outcome: `legacy ${ra.outcome}; corrective ${rb.outcome}` });
      const sa = ra.transition.after ? JSON.stringify(snapshotDevice(ra.transition.after)) : '';
      const sb = rb.transition.after ? JSON.stringify(snapshotDevice(rb.transition.after)) : '';
      if (ra.transition.verdict?.outcome !== rb.transition.verdict?.outcome || sa !== sb) {
        return {
          steps,
          table,
          detail: `legacy ${ra.outcome} but corrective ${rb.outcome} for: ${labelOf(resolved)}`,
        };
      }
    }
    return { steps, table };
  };
  const property = fc.property(
    worldPlanArbitrary({ misplaced: false }),
    fc.array(stepArbitrary({ registrations: false }), { maxLength: options.maxSteps }),
    (plan, raw) => {
      options.onRun?.('diff');
      const r = run(plan, raw);
      if (r.detail) throw new Error(r.detail);
    },
  );
  const out = fc.check(property, { numRuns: options.runs, seed: options.seed });
  if (!out.failed || !out.counterexample) return { invariant: 'DIFF-NO-REGRESSION', kept: true };
  const [plan, raw] = out.counterexample;
  const r = run(plan, raw);
  return {
    invariant: 'DIFF-NO-REGRESSION',
    kept: false,
    counterexample: {
      policy: 'corrective',
      invariant: 'DIFF-NO-REGRESSION',
      detail: r.detail ?? String(out.errorInstance),
      seed: out.seed,
      path: out.counterexamplePath ?? '',
      numShrinks: out.numShrinks,
      plan,
      steps: r.steps,
      table: r.table,
      observed: [],
    },
  };
}
