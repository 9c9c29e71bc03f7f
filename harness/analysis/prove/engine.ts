import { presetPolicy, type PipelineCheck, type Policy, type Srv } from '../../../simulator';
import { asPolicy } from '../../policies';
import type { Step } from '../model/steps';
import type { Universe } from '../model/universe';
import { INVARIANT_IDS, type InvariantId } from '../../report/types';
import {
  abstractOf,
  canonical,
  renamings,
  stateKey,
  tokenTable,
  type AbstractState,
  type Renaming,
  type TokenTable,
} from './abstract';
import { proofAlphabet, renameStep, type Letter } from './alphabet';
import {
  readViews,
  stateSpace,
  transition,
  transitionContext,
  resultRows,
  rowResult,
  successor,
  type LetterResult,
  type MemoEntry,
  type StateSpace,
  type TransitionContext,
} from './transition';
import type { ProofComponent, ProofStart } from './world';

/** A path in the abstract graph from a start state: the start and the letters, each renamed to the actual run. */
export interface ProofPath {
  readonly component: ProofComponent;
  readonly start: ProofStart;
  /** Steps of the actual (un-renamed) run from the start. */
  readonly steps: readonly Step[];
}

/** One invariant's verdict under a policy, with its shortest counterexample when broken. */
export interface InvariantVerdict {
  readonly invariant: InvariantId;
  readonly kept: boolean;
  readonly detail?: string;
  readonly path?: ProofPath;
}

/** The proof of one policy: fixpoint, depth, size, time and every invariant. */
export interface PolicyProof {
  readonly policy: string;
  readonly fixpoint: boolean;
  readonly depth: number;
  readonly states: number;
  readonly transitions: number;
  readonly seconds: number;
  /** Concrete pipeline runs (the rest were memo hits). */
  readonly evaluations: number;
  readonly invariants: readonly InvariantVerdict[];
  /** Canonical keys of the reachable states per component name (with `keepStates`). */
  readonly reachable?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Options of one policy's proof. */
export interface ProveOptions {
  readonly policy: Policy | string;
  readonly universe: Universe;
  readonly components: readonly ProofComponent[];
  /** Pipeline checks switched off (mutation tests). */
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
  /** Safety bound on states per component (the fixpoint is reported as not reached beyond it). */
  readonly maxStates?: number;
  /** Milliseconds clock (bench and tests). */
  readonly clock?: () => number;
  /** Stop as soon as this invariant is found broken (mutation tests). */
  readonly stopAt?: InvariantId;
  /** Keep the reachable state keys per component (cross-checks). */
  readonly keepStates?: boolean;
}

interface Node {
  /** The parent's packed canonical state (undefined for a start). */
  readonly parent: number | undefined;
  readonly letter: number;
  /** Maps the actual successor to this canonical state. */
  readonly renaming: Renaming;
  readonly depth: number;
  readonly start: number;
}

/** Requests without registration moves (LIVE-REPAIR and DIFF-NO-REGRESSION are facts about requests alone). */
const isRequest = (l: Letter) => l.cls !== 'world' && (l.step.kind !== 'krp' || l.step.between === undefined);

/** The interchangeable parties of a policy: NOs only when it treats ED and GT alike. */
export function symmetryGroup(policy: Policy, c: ProofComponent): readonly Renaming[] {
  const rules = [...policy.waivers, ...(policy.placementChecks ?? [])];
  const alike = rules.every((r) => r.userRoles.includes('ED') === r.userRoles.includes('GT'));
  return renamings(alike ? c.plan.networkOperators : [], c.plan.suppliers);
}

function inverse(r: Renaming): Renaming {
  return new Map([...r].map(([a, b]) => [b, a]));
}

function compose(outer: Renaming, inner: Renaming): Renaming {
  const keys = new Set([...outer.keys(), ...inner.keys()]);
  return new Map(
    [...keys].map((k) => {
      const mid = inner.get(k) ?? k;
      return [k, outer.get(mid) ?? mid];
    }),
  );
}

/** A breadth-first graph of one component under one policy, with parent links for shortest paths. */
interface Graph {
  /** Packed canonical state -> its node, in BFS order. */
  readonly nodes: Map<number, Node>;
  readonly starts: readonly { readonly index: number; readonly key: number; readonly renaming: Renaming }[];
  transitions: number;
  depth: number;
  fixpoint: boolean;
}

function pathTo(g: Graph, ctx: TransitionContext, key: number, extra?: { letter: number }): ProofPath {
  const chain: Node[] = [];
  for (let k: number | undefined = key; k !== undefined; k = g.nodes.get(k)!.parent)
    chain.unshift(g.nodes.get(k)!);
  const first = chain[0]!;
  const start = ctx.component.starts[first.start]!;
  let sigma = inverse(g.starts.find((s) => s.index === first.start)!.renaming);
  const steps: Step[] = [];
  const plan = ctx.component.plan;
  for (const n of chain.slice(1)) {
    steps.push(renameStep(ctx.letters[n.letter]!.step, plan, sigma));
    sigma = compose(sigma, inverse(n.renaming));
  }
  if (extra) steps.push(renameStep(ctx.letters[extra.letter]!.step, plan, sigma));
  return { component: ctx.component, start, steps };
}

/** The canonical representative of packed states (memoised per raw state). */
type Canonicaliser = (raw: number) => { readonly key: number; readonly renaming: Renaming };

function canonicaliser(space: StateSpace, group: readonly Renaming[]): Canonicaliser {
  const memo = new Map<number, { readonly key: number; readonly renaming: Renaming }>();
  return (raw) => {
    let c = memo.get(raw);
    if (!c) {
      const canon = canonical(space.state(raw), group);
      c = { key: space.pack(canon.state), renaming: canon.renaming };
      memo.set(raw, c);
    }
    return c;
  };
}

/**
 * Breadth-first search over the abstract states reachable from the component's starts (all of
 * them, or the given kinds) with the letters `use` admits, until no new state appears. `onEdge`
 * sees every transition in BFS order.
 */
function explore(
  ctx: TransitionContext,
  canon: Canonicaliser,
  options: {
    readonly starts: readonly number[];
    readonly use: (l: Letter) => boolean;
    /** States whose successors are explored (default all). */
    readonly expand?: (s: AbstractState) => boolean;
    readonly maxStates: number;
    readonly onEdge?: (from: number, node: Node, letter: number, r: LetterResult, next: number) => boolean;
  },
): Graph {
  const c = ctx.component;
  const space = ctx.space;
  const nodes = new Map<number, Node>();
  const starts = options.starts.map((i) => {
    const s = c.starts[i]!;
    const abs = abstractOf(c, ctx.table, ctx.universe, s.device, c.base.world);
    const k = canon(space.pack(abs));
    if (!nodes.has(k.key))
      nodes.set(k.key, { parent: undefined, letter: -1, renaming: k.renaming, depth: 0, start: i });
    return { index: i, key: k.key, renaming: k.renaming };
  });
  const g: Graph = { nodes, starts, transitions: 0, depth: 0, fixpoint: true };
  // The letters this search uses, in alphabet order (BFS order is unchanged by skipping the others).
  const used = ctx.letters.flatMap((l, i) => (options.use(l) ? [i] : []));
  const revokes = ctx.letters.map((l) => l.step.kind === 'revoke');
  let frontier = [...new Set(starts.map((s) => s.key))];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const key of frontier) {
      const node = nodes.get(key)!;
      if (options.expand && !options.expand(space.state(key))) continue;
      const views = readViews(space, key);
      const rows = resultRows(ctx, views);
      const revoked = views.revoked !== '';
      for (const li of used) {
        if (revoked && revokes[li]) continue;
        const r = rowResult(ctx, rows, key, li, views);
        const succ = successor(key, r);
        g.transitions += 1;
        if (options.onEdge && !options.onEdge(key, node, li, r, succ)) return { ...g, fixpoint: false };
        if (succ === key) continue;
        const k = canon(succ);
        if (nodes.has(k.key)) continue;
        if (nodes.size >= options.maxStates) {
          g.fixpoint = false;
          continue;
        }
        nodes.set(k.key, {
          parent: key,
          letter: li,
          renaming: k.renaming,
          depth: node.depth + 1,
          start: node.start,
        });
        g.depth = Math.max(g.depth, node.depth + 1);
        next.push(k.key);
      }
    }
    frontier = next;
  }
  return g;
}

/** What every proof of one component shares: the token table, the state space, the contexts by policy. */
interface ComponentCache {
  readonly letters: readonly Letter[];
  /** Per-letter memo tables by (letter, what of the policy its run reads, switched-off checks). */
  readonly letterMemos: Map<string, Map<number, MemoEntry>>;
  /** Canonicalisers by symmetry group (the renamings' signatures). */
  readonly canonicalisers: Map<string, Canonicaliser>;
  readonly table: TokenTable;
  readonly space: StateSpace;
  readonly contexts: Map<string, TransitionContext>;
}

const caches = new WeakMap<Universe, WeakMap<ProofComponent, ComponentCache>>();

function componentCache(universe: Universe, c: ProofComponent): ComponentCache {
  let byComponent = caches.get(universe);
  if (!byComponent) {
    byComponent = new WeakMap();
    caches.set(universe, byComponent);
  }
  let cache = byComponent.get(c);
  if (!cache) {
    cache = {
      letters: proofAlphabet(c.plan),
      canonicalisers: new Map(),
      letterMemos: new Map(),
      table: tokenTable(universe, [...c.plan.networkOperators, ...c.plan.suppliers]),
      space: stateSpace(),
      contexts: new Map(),
    };
    byComponent.set(c, cache);
  }
  return cache;
}

/**
 * The SRV a step's request names, or undefined for a world change (which reads no policy). An
 * exhaustive switch: a new step kind fails to compile here until it says what it reads, so it can
 * never share another kind's memo tables.
 */
export function srvOfStep(step: Step): Srv | undefined {
  switch (step.kind) {
    case 'krp':
      return '6.15.1';
    case 'supply':
      return step.srv;
    case 'handover':
      return '6.21';
    case 'retrieve':
      return '6.24.1';
    case 'register':
    case 'revoke':
    case 'advance':
      return undefined;
    default: {
      const never: never = step;
      throw new Error(`unhandled step kind ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What of the policy a run of `letter` can read: the authority mode, and the waivers and placement
 * checks whose SRVs include the letter's and whose sender roles meet the roles the sender holds (a
 * superset of those the pipeline selects: the gate and the placement check select by SRV, the
 * admitted sender role and device type, and the invariant checker reads only the waiver that
 * applied). World events read no policy. Two policies that agree here give the letter the same
 * result on every state, so its memo tables are shared.
 * @see docs/proof.md (Speed)
 */
export function policyReadBy(
  policy: Policy,
  letter: Letter,
  c: ProofComponent,
  universe: Universe,
  senderRegistered = false,
): string {
  const srv = srvOfStep(letter.step);
  if (srv === undefined) return 'none';
  const step = letter.step as Extract<Step, { sender: number }>;
  const sender = [...c.plan.networkOperators, ...c.plan.suppliers][step.sender]!;
  // The access stage admits only a role the sender holds (simulator/pipeline/access.ts).
  const roles = new Set<string>(c.base.world.parties.get(universe.party(sender).eui)?.userRoles ?? []);
  const covers = (r: { readonly srvs: readonly string[]; readonly userRoles: readonly string[] }) =>
    r.srvs.includes(srv) && r.userRoles.some((u) => roles.has(u));
  return JSON.stringify({
    authority: policy.authority,
    // The gate passes a registered sender without looking at a waiver (simulator/pipeline/gate.ts).
    waivers: senderRegistered ? [] : policy.waivers.filter(covers),
    placementChecks: (policy.placementChecks ?? []).filter(covers),
  });
}

/**
 * The sender of a request letter whose read view holds the registration of the sender's capacity
 * (an NO sender: letters that read the registered NO; a supplier: those that read the registered
 * supplier), so whether the sender is registered is fixed by the view. Not for a 6.15.1 whose Send
 * follows a registration move (the Send's gate reads the moved registration).
 */
function registeredSender(l: Letter, c: ProofComponent): { name: string; no: boolean } | undefined {
  const step = l.step;
  if (step.kind === 'register' || step.kind === 'revoke' || step.kind === 'advance') return undefined;
  if (step.kind === 'krp' && step.between !== undefined) return undefined;
  const nos = c.plan.networkOperators;
  const no = step.sender < nos.length;
  const name = [...nos, ...c.plan.suppliers][step.sender]!;
  const readsNo = l.cls === 'no' || l.reads === 'both' || l.cls === 'read';
  const readsSupplier = l.cls === 'supplier' || l.reads === 'both' || l.cls === 'read';
  return (no ? readsNo : readsSupplier) ? { name, no } : undefined;
}

/**
 * The transition context of a policy on a component. Its memo holds pure results (a letter's
 * effect on what it reads, under the policy and the switched-off checks), so it is kept for the
 * process and shared by every proof with the same universe, component, policy content and
 * switched-off checks (e.g. the `legacy` side of every DIFF-NO-REGRESSION check).
 */
function context(options: ProveOptions, policy: Policy, c: ProofComponent): TransitionContext {
  const cache = componentCache(options.universe, c);
  const disabled = [...(options.disabledChecks ?? [])].sort().join(',');
  const key = `${JSON.stringify(policy)}|${disabled}`;
  let ctx = cache.contexts.get(key);
  if (!ctx) {
    const shared = (k: string) => {
      let m = cache.letterMemos.get(k);
      if (!m) {
        m = new Map();
        cache.letterMemos.set(k, m);
      }
      return m;
    };
    const memo = cache.letters.map((l, i) =>
      shared(`${i}|${policyReadBy(policy, l, c, options.universe)}|${disabled}`),
    );
    const registered = cache.letters.map((l, i) => {
      const r = registeredSender(l, c);
      if (!r) return undefined;
      const read = policyReadBy(policy, l, c, options.universe, true);
      return { ...r, party: cache.space.party(r.name), memo: shared(`${i}|R|${read}|${disabled}`) };
    });
    ctx = transitionContext(
      {
        policy,
        component: c,
        universe: options.universe,
        table: cache.table,
        letters: cache.letters,
        space: cache.space,
        ...(options.disabledChecks ? { disabledChecks: options.disabledChecks } : {}),
      },
      symmetryGroup(policy, c),
      memo,
      registered,
    );
    cache.contexts.set(key, ctx);
  }
  return ctx;
}

/** True when the registered NO's certificates are in both NO cells. */
const repaired = (s: AbstractState) =>
  s.cells[0].startsWith(`${s.regNo}.`) && s.cells[1].startsWith(`${s.regNo}.`);

/** True when the registered NO's and supplier's certificates are in their cells. */
const correctlyPlaced = (s: AbstractState) =>
  repaired(s) && s.cells[2].startsWith(`${s.regSup}.`) && s.cells[3].startsWith(`${s.regSup}.`);

/**
 * Proves one policy: explores every component to the fixpoint checking every step invariant on
 * every transition (the first violation found in BFS order is a shortest counterexample), then
 * LIVE-REPAIR (from each misplaced start, some sequence of requests puts the registered NO's
 * certificates in the NO cells) and DIFF-NO-REGRESSION (from the correctly placed starts, with
 * requests only, the policy and `legacy` give the same outcome and successor for every letter:
 * the two graphs are bisimilar).
 */
export function provePolicy(options: ProveOptions): PolicyProof {
  const clock = options.clock ?? (() => performance.now());
  const t0 = clock();
  const policy = asPolicy(options.policy);
  const legacy = presetPolicy('legacy');
  const maxStates = options.maxStates ?? 2_000_000;
  const found = new Map<InvariantId, InvariantVerdict>();
  let states = 0;
  let transitions = 0;
  let depth = 0;
  let fixpoint = true;
  let evaluations = 0;
  const reachable = new Map<string, ReadonlySet<string>>();
  for (const c of options.components) {
    const ctx = context(options, policy, c);
    const space = ctx.space;
    const lctx = policy.name === 'legacy' ? undefined : context(options, legacy, c);
    const counted = ctx.evaluations + (lctx?.evaluations ?? 0);
    const group = symmetryGroup(policy, c);
    const cache = componentCache(options.universe, c);
    const groupKey = group.map((r) => [...r].join(';')).join('|');
    let canon = cache.canonicalisers.get(groupKey);
    if (!canon) {
      canon = canonicaliser(space, group);
      cache.canonicalisers.set(groupKey, canon);
    }
    const pending: { inv: InvariantId; detail: string; from: number; letter: number }[] = [];
    const g = explore(ctx, canon, {
      starts: c.starts.map((_, i) => i),
      use: () => true,
      maxStates,
      onEdge: (from, _node, li, t) => {
        if (t.violations.length > 0)
          for (const v of t.violations)
            if (!found.has(v.invariant) && !pending.some((p) => p.inv === v.invariant))
              pending.push({ inv: v.invariant, detail: v.detail, from, letter: li });
        return options.stopAt === undefined || !pending.some((p) => p.inv === options.stopAt);
      },
    });
    for (const p of pending)
      found.set(p.inv, {
        invariant: p.inv,
        kept: false,
        detail: p.detail,
        path: pathTo(g, ctx, p.from, { letter: p.letter }),
      });
    states += g.nodes.size;
    if (options.keepStates)
      reachable.set(c.name, new Set([...g.nodes.keys()].map((k) => stateKey(space.state(k)))));
    transitions += g.transitions;
    depth = Math.max(depth, g.depth);
    fixpoint &&= g.fixpoint;
    if (options.stopAt !== undefined && found.has(options.stopAt)) {
      evaluations += ctx.evaluations + (lctx?.evaluations ?? 0) - counted;
      break;
    }

    // LIVE-REPAIR: reachability of a repaired state from each misplaced start, requests only.
    c.starts.forEach((s, i) => {
      if (s.kind !== 'misplaced' || found.has('LIVE-REPAIR')) return;
      let hit = false;
      const r = explore(ctx, canon, {
        starts: [i],
        use: isRequest,
        maxStates,
        onEdge: (_from, _node, _li, _r, next) => {
          hit ||= repaired(space.state(next));
          return !hit;
        },
      });
      transitions += r.transitions;
      if (!hit)
        found.set('LIVE-REPAIR', {
          invariant: 'LIVE-REPAIR',
          kept: false,
          detail: `from the misplaced ${c.name} meter (${s.device.cells.get('3/DS/management')?.certificateId ?? '?'} in the NO cells) no sequence of requests puts the registered NO's certificates in the NO cells (fixpoint: ${r.nodes.size} states)`,
          path: pathTo(r, ctx, r.starts[0]!.key),
        });
    });

    // DIFF-NO-REGRESSION: bisimulation with legacy from the correctly placed start, requests only.
    if (!found.has('DIFF-NO-REGRESSION') && lctx) {
      const correct = c.starts.findIndex((s) => s.kind === 'correct');
      let diverged: { from: number; letter: number; detail: string } | undefined;
      const d = explore(ctx, canon, {
        starts: [correct],
        use: isRequest,
        expand: correctlyPlaced,
        maxStates,
        onEdge: (from, _node, li, t, next) => {
          const l = transition(lctx, from, li);
          const same = (a: string) => (a.startsWith('accepted') ? 'accepted' : 'rejected');
          if (same(l.outcome) !== same(t.outcome) || l.next !== next) {
            diverged = { from, letter: li, detail: `legacy ${l.outcome} but ${policy.name} ${t.outcome}` };
            return false;
          }
          return true;
        },
      });
      transitions += d.transitions;
      if (diverged)
        found.set('DIFF-NO-REGRESSION', {
          invariant: 'DIFF-NO-REGRESSION',
          kept: false,
          detail: diverged.detail,
          path: pathTo(d, ctx, diverged.from, { letter: diverged.letter }),
        });
    }
    evaluations += ctx.evaluations + (lctx?.evaluations ?? 0) - counted;
  }
  const invariants = INVARIANT_IDS.map((id) => found.get(id) ?? { invariant: id, kept: true });
  return {
    policy: policy.name,
    fixpoint,
    depth,
    states,
    transitions,
    seconds: (clock() - t0) / 1000,
    evaluations,
    invariants,
    ...(options.keepStates ? { reachable } : {}),
  };
}
