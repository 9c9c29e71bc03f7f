import { diffNoRegression, explore, modelUniverse, STEP_INVARIANTS } from '../../../harness/analysis/model';

/** Fixed budget: 40 runs of up to 10 steps per policy (seed fixed; fast-check prints seed and path on failure). */
const BUDGET = { runs: 40, seed: 20261125, maxSteps: 10 } as const;
const universe = modelUniverse();
const broken = (policy: string) => {
  const r = explore({ ...BUDGET, policy, universe });
  return { r, ids: r.results.filter((x) => !x.kept).map((x) => x.invariant) };
};

describe('expected findings table (model-based exploration)', () => {
  // INV-PLACE (a supplier's 6.21 misplacing a DCC-controlled meter) is decided by the proof
  // (test/unit/harness/prove); sampling may or may not meet it within this budget.
  it.each(['legacy', 'corrective'])('%s keeps every step invariant but INV-PLACE', (policy) => {
    const { r, ids } = broken(policy);
    expect(ids.filter((id) => id !== 'INV-PLACE')).toEqual([]);
    expect(r.results.map((x) => x.invariant)).toEqual(STEP_INVARIANTS);
  });

  it('relaxed breaks INV-SCOPE: a non-registered supplier Critical Command is waived', () => {
    const { r, ids } = broken('relaxed');
    expect(ids).toEqual(expect.arrayContaining(['INV-SCOPE', 'INV-CONVERGE']));
    const cx = r.results.find((x) => x.invariant === 'INV-SCOPE')!.counterexample!;
    expect(cx.steps.length).toBe(1);
    const step = cx.steps[0]!;
    expect(step.kind).toBe('supply');
    expect(cx.table[0]!.outcome).toBe('accepted (waiver critical-commands)');
    process.stdout.write(
      `relaxed INV-SCOPE minimal counterexample (${cx.steps.length} step, seed ${cx.seed}, path ${cx.path}): ${cx.table[0]!.label}\n`,
    );
  });

  it('relaxed-6151 breaks INV-CONVERGE (waived control transfer away from the registered NO) but keeps INV-SCOPE', () => {
    const { r, ids } = broken('relaxed-6151');
    expect(ids).toContain('INV-CONVERGE');
    expect(ids).not.toContain('INV-SCOPE');
    const cx = r.results.find((x) => x.invariant === 'INV-CONVERGE')!.counterexample!;
    expect(cx.steps.length).toBeLessThanOrEqual(2);
    expect(cx.table.at(-1)!.outcome).toBe('accepted (waiver srv-6.15.1)');
  });

  it('smets2 (the control) has the same exposure as relaxed: INV-SCOPE and INV-CONVERGE', () => {
    const { ids } = broken('smets2');
    expect(ids).toEqual(expect.arrayContaining(['INV-SCOPE', 'INV-CONVERGE']));
    expect(ids).not.toContain('INV-AUTH');
  });

  it('DIFF-NO-REGRESSION: legacy and corrective agree on correctly placed meters', () => {
    expect(diffNoRegression({ ...BUDGET, universe }).kept).toBe(true);
  });
});
