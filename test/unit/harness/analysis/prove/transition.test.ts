/**
 * The prover's memo tables return what a concrete run returns: a hit (by what the letter reads,
 * or by symmetry class) gives the same verdict, violations and successor as a fresh run of the
 * pipeline, and a state that differs in something the letter reads misses.
 */
import { deriveSigner, verifyP1363 } from '../../../../../certs';
import { presetPolicy } from '../../../../../simulator';
import {
  abstractOf,
  proofAlphabet,
  proofWorld,
  stateKey,
  symmetryGroup,
  tokenTable,
  type AbstractState,
  type ProofComponent,
} from '../../../../../harness/analysis/prove';
import { renameState, renamings } from '../../../../../harness/analysis/prove/abstract';
import { renameStep } from '../../../../../harness/analysis/prove/alphabet';
import { modelUniverse } from '../../../../../harness/analysis/model';
import {
  letterResult,
  memoSigner,
  memoUniverse,
  readViews as viewsOf,
  resultRows,
  rowResult,
  readViews,
  stateSpace,
  successor,
  transitionContext,
  type StateSpace,
  type TransitionContext,
} from '../../../../../harness/analysis/prove/transition';

const { universe, components } = proofWorld();
const electricity = components.find((c) => c.name === 'electricity')!;
const policy = presetPolicy('corrective');

function contextFor(c: ProofComponent, space: StateSpace, symmetric: boolean): TransitionContext {
  return transitionContext(
    {
      policy,
      component: c,
      universe,
      table: tokenTable(universe, [...c.plan.networkOperators, ...c.plan.suppliers]),
      letters: proofAlphabet(c.plan),
      space,
    },
    symmetric ? symmetryGroup(policy, c) : [],
  );
}

function startState(c: ProofComponent, kind: string): AbstractState {
  const s = c.starts.find((x) => x.kind === kind)!;
  return abstractOf(
    c,
    tokenTable(universe, [...c.plan.networkOperators, ...c.plan.suppliers]),
    universe,
    s.device,
    c.base.world,
  );
}

/** The result and successor (as a state key) of letter `li` on `s`, and whether it ran the pipeline. */
function run(ctx: TransitionContext, s: AbstractState, li: number) {
  const key = ctx.space.pack(s);
  const views = readViews(ctx.space, key);
  const before = ctx.evaluations;
  const r = letterResult(ctx, key, li, views);
  return {
    evaluated: ctx.evaluations > before,
    outcome: r.outcome,
    violations: r.violations.map((v) => v.invariant),
    next: stateKey(ctx.space.state(successor(key, r))),
  };
}

const letters = proofAlphabet(electricity.plan);
const noLetters = letters.flatMap((l, i) => (l.cls === 'no' ? [i] : []));
const supplierLetters = letters.flatMap((l, i) => (l.cls === 'supplier' ? [i] : []));

describe('state numbers', () => {
  it('are injective and invertible', () => {
    const space = stateSpace();
    const states = electricity.starts.map((s) => startState(electricity, s.kind));
    const more = states.flatMap((s) =>
      renamings(['NO-A', 'NO-B', 'GT-G'], ['SUP-1', 'SUP-2']).map((r) => renameState(s, r)),
    );
    const byKey = new Map<number, string>();
    for (const s of [...states, ...more]) {
      const k = space.pack(s);
      expect(stateKey(space.state(k))).toBe(stateKey(s));
      expect(byKey.get(k) ?? stateKey(s)).toBe(stateKey(s));
      byKey.set(k, stateKey(s));
    }
    expect(new Set(byKey.values()).size).toBe(new Set([...states, ...more].map(stateKey)).size);
  });
});

describe('the memo by what a letter reads', () => {
  const misplaced = startState(electricity, 'misplaced');
  // The same NO part and registrations, a different supplier part (what NO letters do not read).
  const otherSupplier: AbstractState = { ...misplaced, c2: misplaced.c2 === '0/0' ? '1/0' : '0/0' };
  // A different NO counter (what NO letters read).
  const otherNoCounter: AbstractState = { ...misplaced, c3: misplaced.c3 === '0/0' ? '1/0' : '0/0' };

  it('a hit returns the result of a concrete run, and a changed read field misses', () => {
    const ctx = contextFor(electricity, stateSpace(), false);
    for (const li of noLetters) {
      const miss = run(ctx, misplaced, li);
      expect(miss.evaluated).toBe(true);
      const again = run(ctx, misplaced, li);
      expect(again).toEqual({ ...miss, evaluated: false });
      // A hit on a state that agrees on what the letter reads equals a fresh concrete run there.
      const hit = run(ctx, otherSupplier, li);
      const fresh = run(contextFor(electricity, stateSpace(), false), otherSupplier, li);
      expect(fresh.evaluated).toBe(true);
      expect(hit).toEqual({ ...fresh, evaluated: hit.evaluated });
      // A changed counter class (read by NO letters) is a miss.
      expect(run(ctx, otherNoCounter, li).evaluated).toBe(true);
    }
    expect(run(ctx, otherSupplier, noLetters[0]!).evaluated).toBe(false);
  }, 120_000);

  it('supplier letters miss when the supplier part changes and hit when only the NO part does', () => {
    const ctx = contextFor(electricity, stateSpace(), false);
    for (const li of supplierLetters.slice(0, 60)) {
      run(ctx, misplaced, li);
      expect(run(ctx, otherNoCounter, li).evaluated).toBe(false);
      expect(run(ctx, otherSupplier, li).evaluated).toBe(true);
    }
  }, 120_000);
});

describe('the memo by symmetry class', () => {
  it('a renamed result equals the concrete run of the renamed letter on the renamed state', () => {
    const group = symmetryGroup(policy, electricity);
    expect(group.length).toBe(12);
    const space = stateSpace();
    const ctx = contextFor(electricity, space, true);
    const s = startState(electricity, 'misplaced');
    let renamedHits = 0;
    for (const li of [...noLetters, ...supplierLetters].filter((_, i) => i % 7 === 0)) {
      const first = run(ctx, s, li);
      expect(first.evaluated).toBe(true);
      for (const r of group.slice(1)) {
        const step = renameStep(letters[li]!.step, electricity.plan, r);
        const lj = letters.findIndex((l) => JSON.stringify(l.step) === JSON.stringify(step));
        const t = renameState(s, r);
        const got = run(ctx, t, lj);
        const fresh = run(contextFor(electricity, stateSpace(), false), t, lj);
        expect(got).toEqual({ ...fresh, evaluated: got.evaluated });
        if (!got.evaluated) renamedHits++;
      }
    }
    expect(renamedHits).toBeGreaterThan(0);
  }, 300_000);
});

describe('memoSigner', () => {
  it('signs each distinct byte string once with the same key; a changed byte misses', () => {
    const inner = deriveSigner('memo-test', 'signer');
    const signer = memoSigner(inner);
    expect(signer.publicKey).toBe(inner.publicKey);
    const data = Buffer.from('pre-command bytes');
    const a = signer.sign(data);
    expect(signer.sign(Buffer.from(data))).toBe(a);
    const changed = Buffer.from(data);
    changed[3] = changed[3]! ^ 1;
    const b = signer.sign(changed);
    expect(b).not.toBe(a);
    expect(verifyP1363(inner.publicKey, changed, b)).toBe(true);
    expect(verifyP1363(inner.publicKey, data, b)).toBe(false);
    expect(verifyP1363(inner.publicKey, data, a)).toBe(true);
  });
});

describe('memoUniverse', () => {
  it('issues each replacement certificate once, with the bytes a fresh issuance gives', () => {
    const raw = modelUniverse();
    const memo = memoUniverse(raw);
    const a = memo.replacement('NO-B', 'expired', 'DS');
    expect(memo.replacement('NO-B', 'expired', 'DS')).toBe(a);
    expect(Buffer.from(raw.replacement('NO-B', 'expired', 'DS').der).equals(Buffer.from(a.der))).toBe(true);
    expect(memo.replacement('NO-B', 'expired', 'KA').fingerprint).not.toBe(a.fingerprint);
    expect(memo.replacement('NO-A', 'expired', 'DS').fingerprint).not.toBe(a.fingerprint);
  });
});

describe('result rows', () => {
  it('give every letter the result the per-letter memo gives, on every state sharing the row', () => {
    const space = stateSpace();
    const ctx = contextFor(electricity, space, true);
    const plain = contextFor(electricity, stateSpace(), false);
    const s = startState(electricity, 'correct');
    const variants: AbstractState[] = [
      s,
      { ...s, c2: '1/0' },
      { ...s, c3: '1/0' },
      { ...s, revoked: 'SUP-2' },
    ];
    for (const v of variants) {
      const key = space.pack(v);
      const views = viewsOf(space, key);
      const rows = resultRows(ctx, views);
      letters.forEach((_, li) => {
        if (li % 5 !== 0) return;
        const r = rowResult(ctx, rows, key, li, views);
        const fresh = run(plain, v, li);
        expect({ outcome: r.outcome, violations: r.violations.map((x) => x.invariant) }).toEqual({
          outcome: fresh.outcome,
          violations: fresh.violations,
        });
        expect(stateKey(space.state(successor(key, r)))).toBe(fresh.next);
      });
    }
  }, 300_000);
});
