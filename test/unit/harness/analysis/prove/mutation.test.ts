/**
 * Mutation check: switching off any single check of the pipeline (through the pure stages'
 * option, never a patch) makes the prover report the invariant that check protects as broken, and
 * the shortest counterexample replays concretely with the same check off. With every check on,
 * each of these policies keeps the invariant (findings.test.ts asserts the whole table).
 */
import { presetPolicy, type PipelineCheck } from '../../../../../simulator';
import { provePolicy, proofWorld, replayProofPath } from '../../../../../harness/analysis/prove';
import type { InvariantId } from '../../../../../harness/report/types';

const CASES: readonly [PipelineCheck, string, InvariantId][] = [
  ['gate', 'legacy', 'INV-SCOPE'],
  ['waiver-binding', 'corrective', 'INV-CONVERGE'],
  ['floor-bound', 'corrective', 'LIVE-CONTROL'],
  ['counter', 'legacy', 'INV-REPLAY'],
  ['signature', 'legacy', 'INV-AUTH'],
  ['owner', 'legacy', 'INV-CERT'],
  ['placement', 'prevent', 'INV-PLACE'],
];

describe('mutation check of the prover', () => {
  it.each(CASES)(
    'with the %s check off, %s breaks %s',
    (check, policyName, invariant) => {
      const { universe, components } = proofWorld();
      const policy = presetPolicy(policyName);
      const disabledChecks = new Set([check]);
      const proof = provePolicy({ policy, universe, components, disabledChecks, stopAt: invariant });
      const verdict = proof.invariants.find((v) => v.invariant === invariant)!;
      expect(verdict.kept).toBe(false);
      const replayed = replayProofPath(
        universe,
        policy,
        invariant,
        verdict.path!,
        verdict.detail ?? '',
        disabledChecks,
      );
      expect(replayed.reproduced).toBe(true);
      // with every check on the policy keeps it: asserted by the findings table (findings.test.ts)
    },
    300_000,
  );
});
