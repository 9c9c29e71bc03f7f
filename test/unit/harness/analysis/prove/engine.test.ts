/**
 * Memo tables shared between policies: a letter's tables are shared only by policies that agree on
 * everything of the policy its run reads, and on such letters the policies' concrete runs agree.
 */
import { presetPolicy, type Policy } from '../../../../../simulator';
import {
  abstractOf,
  proofAlphabet,
  proofWorld,
  stateKey,
  tokenTable,
  type ProofComponent,
} from '../../../../../harness/analysis/prove';
import { policyReadBy } from '../../../../../harness/analysis/prove/engine';
import {
  letterResult,
  readViews,
  stateSpace,
  successor,
  transitionContext,
} from '../../../../../harness/analysis/prove/transition';

const { universe, components } = proofWorld();

/** A fresh context (its own memo) and the result of letter `li` on the start state of `kind`. */
function runFresh(policy: Policy, c: ProofComponent, kind: string, li: number) {
  const table = tokenTable(universe, [...c.plan.networkOperators, ...c.plan.suppliers]);
  const space = stateSpace();
  const ctx = transitionContext({
    policy,
    component: c,
    universe,
    table,
    letters: proofAlphabet(c.plan),
    space,
  });
  const s = c.starts.find((x) => x.kind === kind)!;
  const key = space.pack(abstractOf(c, table, universe, s.device, c.base.world));
  const views = readViews(space, key);
  const r = letterResult(ctx, key, li, views);
  return {
    outcome: r.outcome,
    violations: r.violations.map((v) => `${v.invariant}: ${v.detail}`),
    next: stateKey(space.state(successor(key, r))),
  };
}

describe.each([
  ['legacy', 'prevent'],
  ['corrective', 'prevent-corrective'],
  ['legacy', 'corrective'],
])('what of the policy a letter reads (%s, %s)', (a, b) => {
  const pa = presetPolicy(a);
  const pb = presetPolicy(b);
  it.each(components.map((c) => [c.name, c] as const))(
    '%s: letters read alike give the same result under both; some letters read them differently',
    (_name, c) => {
      const letters = proofAlphabet(c.plan);
      let alike = 0;
      let different = 0;
      letters.forEach((l, li) => {
        if (policyReadBy(pa, l, c, universe) !== policyReadBy(pb, l, c, universe)) {
          different++;
          return;
        }
        alike++;
        if (li % 3 !== 0) return;
        for (const kind of ['misplaced', 'dcc-controlled'])
          expect(runFresh(pb, c, kind, li)).toEqual(runFresh(pa, c, kind, li));
      });
      expect(alike).toBeGreaterThan(0);
      expect(different).toBeGreaterThan(0);
    },
    300_000,
  );
});

describe('policyReadBy', () => {
  const c = components[0]!;
  const letters = proofAlphabet(c.plan);
  const senderIsSupplier = (sender: number) => sender >= c.plan.networkOperators.length;
  it("a supplier's NO-cell hand-over reads the placement check; an NO's 6.15.1 does not", () => {
    const handover = letters.find(
      (l) =>
        l.step.kind === 'handover' && l.step.rpr === 'NetworkOperator' && senderIsSupplier(l.step.sender),
    )!;
    expect(policyReadBy(presetPolicy('legacy'), handover, c, universe)).not.toBe(
      policyReadBy(presetPolicy('prevent'), handover, c, universe),
    );
    const noKrp = letters.find((l) => l.step.kind === 'krp' && !senderIsSupplier(l.step.sender))!;
    expect(policyReadBy(presetPolicy('legacy'), noKrp, c, universe)).toBe(
      policyReadBy(presetPolicy('prevent'), noKrp, c, universe),
    );
    expect(policyReadBy(presetPolicy('legacy'), noKrp, c, universe)).not.toBe(
      policyReadBy(presetPolicy('smets2'), noKrp, c, universe),
    );
  });
  it('a registered sender reads no waiver: relaxed and legacy give its letters the same result', () => {
    const start = c.starts.find((s) => s.kind === 'correct')!;
    const registeredNo = start.plan.meters[0]!.networkOperator;
    const sent = letters.flatMap((l, li) =>
      l.cls === 'no' &&
      l.step.kind === 'krp' &&
      l.step.between === undefined &&
      c.plan.networkOperators[l.step.sender] === registeredNo
        ? [li]
        : [],
    );
    expect(sent.length).toBeGreaterThan(0);
    for (const li of sent) {
      const l = letters[li]!;
      expect(policyReadBy(presetPolicy('relaxed'), l, c, universe, true)).toBe(
        policyReadBy(presetPolicy('legacy'), l, c, universe, true),
      );
      expect(policyReadBy(presetPolicy('relaxed'), l, c, universe)).not.toBe(
        policyReadBy(presetPolicy('legacy'), l, c, universe),
      );
      if (li % 4 === 0)
        expect(runFresh(presetPolicy('relaxed'), c, 'correct', li)).toEqual(
          runFresh(presetPolicy('legacy'), c, 'correct', li),
        );
    }
  });
  it('world events read no policy', () => {
    const world = letters.filter((l) => l.cls === 'world');
    expect(world.length).toBeGreaterThan(0);
    for (const l of world) expect(policyReadBy(presetPolicy('relaxed'), l, c, universe)).toBe('none');
  });
});
