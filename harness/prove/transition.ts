import { sha256Hex, type Signer } from '../../certs';
import { counterOf, type DeviceState, type PipelineCheck, type Policy } from '../../simulator';
import { initialCheckerState, type CheckerState } from '../model/invariants';
import { createSession } from '../model/session';
import type { Violation } from '../model/transition';
import type { Universe } from '../model/universe';
import {
  abstractOf,
  concreteDevice,
  concreteWorld,
  stateKey,
  type AbstractState,
  type TokenTable,
} from './abstract';
import type { Letter } from './alphabet';
import type { ProofComponent } from './world';

/** One abstract transition: the successor (not yet canonical), the verdict text, the broken invariants. */
export interface AbstractTransition {
  readonly next: AbstractState;
  readonly outcome: string;
  readonly violations: readonly Violation[];
}

const SIGNATURE_MEMO_LIMIT = 200_000;

/** A signer that signs each distinct byte string once (ECDSA signatures stay valid when reused). */
export function memoSigner(signer: Signer): Signer {
  const cache = new Map<string, Uint8Array>();
  return {
    publicKey: signer.publicKey,
    exportPrivateKeyPem: () => signer.exportPrivateKeyPem(),
    sign(data) {
      const key = sha256Hex(data);
      const hit = cache.get(key);
      if (hit) return hit;
      const signature = signer.sign(data);
      if (cache.size >= SIGNATURE_MEMO_LIMIT) cache.clear();
      cache.set(key, signature);
      return signature;
    },
  };
}

/** The universe with every signer memoised (the prover signs the same pre-commands over and over). */
export function memoUniverse(universe: Universe): Universe {
  const parties = new Map([...universe.parties].map(([n, p]) => [n, { ...p, signer: memoSigner(p.signer) }]));
  return {
    ...universe,
    parties,
    strayKey: memoSigner(universe.strayKey),
    acbSigner: parties.get('ACB')?.signer ?? memoSigner(universe.acbSigner),
    party: (name) => parties.get(name) ?? universe.party(name),
  };
}

/** The invariant checker seeded from a device state: the reference model is the device, each role's epoch its DS owner and last counter. */
export function seededChecker(device: DeviceState): CheckerState {
  const epochs = new Map(
    ([2, 3] as const).map((role) => [
      `${device.deviceId}/${role}`,
      { owner: device.cells.get(`${role}/DS/management`)?.eui, last: counterOf(device, role).last },
    ]),
  );
  return { ...initialCheckerState([device]), epochs };
}

/** What one (policy, component) pair needs to compute transitions, with the memo of pure results. */
export interface TransitionContext {
  readonly policy: Policy;
  readonly component: ProofComponent;
  readonly universe: Universe;
  readonly table: TokenTable;
  readonly letters: readonly Letter[];
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
  /** (letter, the state it reads) -> the part it writes, the verdict text, the violations. */
  readonly memo: Map<
    string,
    {
      readonly delta: Partial<AbstractState>;
      /** The letter changed nothing on the state it ran on (so it changes nothing on any state with the same view). */
      readonly unchanged: boolean;
      readonly outcome: string;
      readonly violations: readonly Violation[];
    }
  >;
  /** Concrete pipeline evaluations (memo misses). */
  evaluations: number;
}

/** The parts of a state each letter class reads (memo keys), computed once per state. */
export interface ReadViews {
  readonly no: string;
  readonly noBoth: string;
  readonly supplier: string;
  readonly supplierBoth: string;
  readonly read: string;
  readonly world: string;
}

/** The read views of a state. */
export function readViews(s: AbstractState): ReadViews {
  const no = `${s.cells[0]},${s.cells[1]}|${s.c3}|${s.regNo}`;
  const supplier = `${s.cells[2]},${s.cells[3]}|${s.c2}|${s.supply}|${s.regSup}`;
  return {
    no,
    noBoth: `${no}|${s.regSup}`,
    supplier,
    supplierBoth: `${supplier}|${s.regNo}`,
    read: `${s.regNo}|${s.regSup}`,
    world: stateKey(s),
  };
}

function readView(letter: Letter, v: ReadViews): string {
  const both = letter.reads === 'both';
  switch (letter.cls) {
    case 'no':
      return both ? v.noBoth : v.no;
    case 'supplier':
      return both ? v.supplierBoth : v.supplier;
    case 'read':
      return v.read;
    case 'world':
      return v.world;
  }
}

function deltaOf(
  letter: Letter,
  before: AbstractState,
  after: AbstractState,
): Partial<AbstractState> | undefined {
  const frame = (keep: (keyof AbstractState)[]) => {
    const f = (s: AbstractState) =>
      stateKey({
        ...s,
        ...Object.fromEntries(keep.map((k) => [k, k === 'cells' ? ['', '', '', ''] : ''])),
      });
    return f(before) === f(after);
  };
  switch (letter.cls) {
    case 'no':
      if (before.cells[2] !== after.cells[2] || before.cells[3] !== after.cells[3]) return undefined;
      return frame(['cells', 'c3', 'regNo'])
        ? { c3: after.c3, regNo: after.regNo, cells: [after.cells[0], after.cells[1], '', ''] }
        : undefined;
    case 'supplier':
      if (before.cells[0] !== after.cells[0] || before.cells[1] !== after.cells[1]) return undefined;
      return frame(['cells', 'c2', 'supply'])
        ? { c2: after.c2, supply: after.supply, cells: ['', '', after.cells[2], after.cells[3]] }
        : undefined;
    case 'read':
      return stateKey(before) === stateKey(after) ? {} : undefined;
    case 'world':
      return undefined;
  }
}

function applyDelta(letter: Letter, s: AbstractState, d: Partial<AbstractState>): AbstractState {
  if (letter.cls === 'read') return s;
  const c = d.cells!;
  const cells: AbstractState['cells'] =
    letter.cls === 'no' ? [c[0], c[1], s.cells[2], s.cells[3]] : [s.cells[0], s.cells[1], c[2], c[3]];
  return { ...s, ...d, cells };
}

/** Runs the letter on the canonical concrete state of `s` through the reference DCC and the invariant wrapper. */
function evaluate(ctx: TransitionContext, s: AbstractState, letter: Letter): AbstractTransition {
  const c = ctx.component;
  const device = concreteDevice(c, ctx.table, s);
  const world = concreteWorld(c, ctx.universe, s);
  const session = createSession(ctx.universe, c.plan, ctx.policy, {
    built: { world, devices: [device] },
    checker: seededChecker(device),
    ...(ctx.disabledChecks ? { disabledChecks: ctx.disabledChecks } : {}),
  });
  const record = session.execute(session.resolve(letter.step));
  ctx.evaluations += 1;
  const next = abstractOf(
    c,
    ctx.table,
    ctx.universe,
    session.dcc.device(c.meter.deviceId)!,
    session.dcc.world(),
  );
  return { next, outcome: record.outcome, violations: record.violations };
}

/**
 * The abstract transition of `letter` from `s`: a memo hit when the letter already ran on a state
 * that agrees with `s` on everything the letter reads, else a concrete run of the pipeline.
 */
export function transition(
  ctx: TransitionContext,
  s: AbstractState,
  letterIndex: number,
  views: ReadViews = readViews(s),
): AbstractTransition {
  const letter = ctx.letters[letterIndex]!;
  // Revocation is read only by the path checks of the certificates a letter offers.
  const revoked = letter.offers !== undefined && letter.offers === s.revoked ? 'R' : '';
  const key = `${letterIndex}#${readView(letter, views)}|${revoked}`;
  const hit = ctx.memo.get(key);
  if (hit)
    return {
      next: hit.unchanged ? s : applyDelta(letter, s, hit.delta),
      outcome: hit.outcome,
      violations: hit.violations,
    };
  const t = evaluate(ctx, s, letter);
  const delta = deltaOf(letter, s, t.next);
  if (delta)
    ctx.memo.set(key, {
      delta,
      unchanged: stateKey(s) === stateKey(t.next),
      outcome: t.outcome,
      violations: t.violations,
    });
  return t;
}
