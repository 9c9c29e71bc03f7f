/**
 * Cross-check of the proof: random request sequences over the proof world, run concretely (real
 * counters, no memo, no symmetry), only ever reach states whose abstraction is in the proof's
 * graph, so the abstraction and the memoised, symmetry-reduced search lose nothing the sampler sees.
 * fast-check prints seed and path on failure.
 */
import fc from 'fast-check';
import { presetPolicy } from '../../../simulator';
import { createSession } from '../../../harness/analysis/model';
import {
  abstractOf,
  canonical,
  proofAlphabet,
  proofWorld,
  provePolicy,
  symmetryGroup,
  tokenTable,
} from '../../../harness/analysis/prove';

describe.each(['relaxed-6151', 'prevent-corrective'])('the proof graph under %s', (name) => {
  const policy = presetPolicy(name);
  const { universe, components } = proofWorld();
  let reachable: ReadonlyMap<string, ReadonlySet<string>>;
  beforeAll(() => {
    reachable = provePolicy({ policy, universe, components, keepStates: true }).reachable!;
  }, 300_000);

  it('contains every state a random request sequence reaches', () => {
    const alphabetSize = proofAlphabet(components[0]!.plan).length;
    fc.assert(
      fc.property(
        fc.nat(components.length * 3 - 1),
        fc.array(fc.nat(alphabetSize - 1), { maxLength: 12 }),
        (pick, letters) => {
          const c = components[Math.floor(pick / 3) % components.length]!;
          const start = c.starts[pick % c.starts.length]!;
          const alphabet = proofAlphabet(c.plan);
          const table = tokenTable(universe, [...c.plan.networkOperators, ...c.plan.suppliers]);
          const group = symmetryGroup(policy, c);
          const seen = reachable.get(c.name)!;
          const session = createSession(universe, start.plan, policy);
          const key = () =>
            canonical(
              abstractOf(c, table, universe, session.dcc.device(c.meter.deviceId)!, session.dcc.world()),
              group,
            ).key;
          expect(seen.has(key())).toBe(true);
          let revoked = false;
          for (const li of letters) {
            const step = alphabet[li]!.step;
            if (step.kind === 'revoke') {
              if (revoked) continue;
              revoked = true;
            }
            session.execute(session.resolve(step));
            expect(seen.has(key())).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
