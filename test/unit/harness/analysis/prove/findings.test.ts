/**
 * The expected findings table, from the proof (every reachable state of the small world, to the
 * fixpoint), not from sampling: which invariants each preset keeps for request sequences of every
 * length, with shortest counterexamples that replay.
 */
import { INVARIANT_IDS } from '../../../../../harness/report/types';
import { proofJson, proveAll, type ProvenPolicy } from '../../../../../harness/analysis/prove';

const EXPECTED_BROKEN: Record<string, readonly string[]> = {
  legacy: ['INV-PLACE', 'LIVE-REPAIR'],
  relaxed: ['INV-SCOPE', 'INV-CONVERGE', 'INV-PLACE', 'LIVE-CONTROL'],
  'relaxed-6151': ['INV-CONVERGE', 'INV-PLACE', 'LIVE-CONTROL'],
  corrective: ['INV-PLACE'],
  smets2: ['INV-SCOPE', 'INV-CONVERGE', 'INV-PLACE', 'LIVE-CONTROL'],
  prevent: ['LIVE-REPAIR'],
  'prevent-corrective': [],
};

let results: ProvenPolicy[];
beforeAll(() => {
  results = proveAll();
}, 600_000);

describe('the proof of every preset', () => {
  it('reaches the fixpoint for every policy', () => {
    expect(results.map((r) => r.proof.policy)).toEqual(Object.keys(EXPECTED_BROKEN));
    for (const r of results) {
      expect(r.proof.fixpoint).toBe(true);
      expect(r.proof.states).toBeGreaterThan(100);
      expect(r.proof.transitions).toBeGreaterThan(r.proof.states);
    }
  });

  it.each(Object.entries(EXPECTED_BROKEN))('%s breaks exactly %j', (policy, broken) => {
    const r = results.find((x) => x.proof.policy === policy)!;
    expect(r.proof.invariants.map((v) => v.invariant)).toEqual([...INVARIANT_IDS]);
    expect(r.proof.invariants.filter((v) => !v.kept).map((v) => v.invariant)).toEqual(broken);
    expect(r.unreproduced).toEqual([]);
  });

  it('gives the shortest counterexamples: one request for each broken step invariant but the supply waiver', () => {
    const len = (policy: string, id: string) =>
      results.find((x) => x.proof.policy === policy)!.proof.invariants.find((v) => v.invariant === id)!.path!
        .steps.length;
    expect(len('legacy', 'INV-PLACE')).toBe(1);
    expect(len('relaxed-6151', 'INV-CONVERGE')).toBe(1);
    expect(len('relaxed-6151', 'LIVE-CONTROL')).toBe(1);
    // a supplier Critical Command from a non-registered supplier needs its certificates on the meter first
    expect(len('relaxed', 'INV-SCOPE')).toBe(2);
    expect(len('legacy', 'LIVE-REPAIR')).toBe(0);
  });

  it('prints the JSON shape scripts read', () => {
    const json = proofJson(results) as { policies: Record<string, unknown>[] };
    const corrective = json.policies.find((p) => p.policy === 'corrective')!;
    expect(Object.keys(corrective)).toEqual([
      'policy',
      'fixpoint',
      'depth',
      'states',
      'transitions',
      'seconds',
      'invariants',
      'counterexamples',
    ]);
    expect(corrective.invariants).toMatchObject({ 'INV-AUTH': 'kept', 'INV-PLACE': 'broken' });
    const steps = (corrective.counterexamples as Record<string, { label: string; outcome: string }[]>)[
      'INV-PLACE'
    ]!;
    // The state after the step shows the misplacement: NO-A registered, NO-B's certificates in the NO cells.
    expect(steps).toEqual([
      {
        label: expect.stringContaining('6.21') as string,
        outcome: 'accepted',
        actor: 'SUP-1',
        device: 'M1',
        state: expect.arrayContaining([
          { name: 'M1 registered', value: expect.stringContaining('network operator NO-A') as string },
          {
            name: 'M1 cells',
            value: expect.stringContaining('networkOperator/DS/management=NO-B') as string,
          },
        ]) as unknown,
      },
    ]);
  });

  it('writes a replayable scenario for every counterexample with steps', () => {
    const legacy = results.find((x) => x.proof.policy === 'legacy')!;
    expect(legacy.scenarios.map((s) => s.id)).toEqual(['PROOF-LEGACY-INV-PLACE']);
    expect(legacy.scenarios[0]!.steps[0]).toMatchObject({
      srv: '6.21',
      expect: { legacy: { outcome: 'accepted' } },
    });
  });
});
