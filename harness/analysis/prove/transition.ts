import { sha256Hex, signerFromPrivateKeyPem, spkiOf, type OrgCertificate, type Signer } from '../../../certs';
import { counterOf, type DeviceState, type PipelineCheck, type Policy, type World } from '../../../simulator';
import { initialCheckerState, type CheckerState } from '../model/invariants';
import { createSession } from '../model/session';
import type { Violation } from '../model/transition';
import type { Universe } from '../model/universe';
import {
  AbstractionGap,
  abstractOf,
  concreteDevice,
  concreteWorld,
  renameState,
  type Renaming,
  type AbstractState,
  type TokenTable,
} from './abstract';
import { renameStep, type Letter } from './alphabet';
import type { ProofComponent } from './world';

/** One abstract transition: the successor (not yet canonical), the verdict text, the broken invariants. */
export interface AbstractTransition {
  readonly next: AbstractState;
  readonly outcome: string;
  readonly violations: readonly Violation[];
}

const SIGNATURE_MEMO_LIMIT = 200_000;

/**
 * The signer's key in OpenSSL (node:crypto), whose ECDSA signing is an order of magnitude faster
 * than the pure-JavaScript RFC 6979 signer some model keys use; the signer itself when its key does
 * not export or is another key. The prover reads only whether a signature verifies, never its bytes.
 */
function opensslSigner(signer: Signer): Signer {
  try {
    const fast = signerFromPrivateKeyPem(signer.exportPrivateKeyPem());
    return Buffer.from(spkiOf(fast.publicKey)).equals(Buffer.from(spkiOf(signer.publicKey))) ? fast : signer;
  } catch {
    return signer;
  }
}

/**
 * A signer that signs each distinct byte string once (ECDSA signatures stay valid when reused),
 * with the same key through OpenSSL.
 */
export function memoSigner(signer: Signer): Signer {
  const cache = new Map<string, Uint8Array>();
  const inner = opensslSigner(signer);
  return {
    publicKey: signer.publicKey,
    exportPrivateKeyPem: () => signer.exportPrivateKeyPem(),
    sign(data) {
      const key = sha256Hex(data);
      const hit = cache.get(key);
      if (hit) return hit;
      const signature = inner.sign(data);
      if (cache.size >= SIGNATURE_MEMO_LIMIT) cache.clear();
      cache.set(key, signature);
      return signature;
    },
  };
}

/**
 * The universe with every signer memoised (the prover signs the same pre-commands over and over)
 * and each replacement certificate issued once (issuance is deterministic: the same owner, kind
 * and usage give the same bytes, so the same certificate object serves every request and the
 * path cache, keyed by certificate, hits).
 */
export function memoUniverse(universe: Universe): Universe {
  const parties = new Map([...universe.parties].map(([n, p]) => [n, { ...p, signer: memoSigner(p.signer) }]));
  const replacements = new Map<string, OrgCertificate>();
  return {
    ...universe,
    parties,
    strayKey: memoSigner(universe.strayKey),
    acbSigner: parties.get('ACB')?.signer ?? memoSigner(universe.acbSigner),
    party: (name) => parties.get(name) ?? universe.party(name),
    replacement(owner, kind, usage) {
      const key = `${owner}|${kind}|${usage}`;
      let cert = replacements.get(key);
      if (!cert) {
        cert = universe.replacement(owner, kind, usage);
        replacements.set(key, cert);
      }
      return cert;
    },
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

/**
 * The abstract states of one component packed into numbers: the NO part (NO cells and counter) and
 * the supplier part (supplier cells, counter and supply) interned as small integers, and the
 * registered NO, registered supplier and revoked party as party numbers. Equal numbers are equal
 * states (the packing is injective), so the search compares and hashes numbers, not strings.
 */
export interface StateSpace {
  /** The number of a state (interning its parts on first sight). */
  pack(s: AbstractState): number;
  /** The state of a number (the same object for the same number). */
  state(key: number): AbstractState;
  /** The number of a party in states' party fields. */
  party(name: string): number;
  /** The number of the state with every party renamed by `r` (memoised by `r`'s signature `sig`). */
  rename(key: number, r: Renaming, sig: string): number;
}

/** Parties per packed field (party numbers are below this; 0 is the empty party ''). */
const PARTY_SLOTS = 8;
/** Interned supplier parts per component (ids are below this). */
const SUP_SLOTS = 1 << 12;
/**
 * Interned NO parts per component. State numbers stay small integers (cheap to hash and add) while
 * there are fewer than 2^9 NO parts, and exact (below 2^53) up to this bound.
 */
const NO_SLOTS = 2 ** 31;

/** The packed fields of a state number, outermost first. */
interface Fields {
  readonly no: number;
  readonly sup: number;
  readonly regNo: number;
  readonly regSup: number;
  readonly revoked: number;
}

/** The weight of each field in a state number (a successor's number is the state's plus the written fields' changes). */
const W_REVOKED = 1;
const W_REG_SUP = PARTY_SLOTS;
const W_REG_NO = PARTY_SLOTS * PARTY_SLOTS;
const W_SUP = PARTY_SLOTS * PARTY_SLOTS * PARTY_SLOTS;
const W_NO = W_SUP * SUP_SLOTS;

function packFields(f: Fields): number {
  return (
    (((f.no * SUP_SLOTS + f.sup) * PARTY_SLOTS + f.regNo) * PARTY_SLOTS + f.regSup) * PARTY_SLOTS + f.revoked
  );
}

function unpackFields(key: number): Fields {
  const revoked = key % PARTY_SLOTS;
  let rest = (key - revoked) / PARTY_SLOTS;
  const regSup = rest % PARTY_SLOTS;
  rest = (rest - regSup) / PARTY_SLOTS;
  const regNo = rest % PARTY_SLOTS;
  rest = (rest - regNo) / PARTY_SLOTS;
  const sup = rest % SUP_SLOTS;
  return { no: (rest - sup) / SUP_SLOTS, sup, regNo, regSup, revoked };
}

/** A string interner: the same number for the same string, numbers from `first` up to `limit` - 1. */
function interner(limit: number, first: readonly string[] = []) {
  const ids = new Map<string, number>();
  const names: string[] = [];
  const id = (x: string) => {
    let n = ids.get(x);
    if (n === undefined) {
      n = names.length;
      if (n >= limit) throw new AbstractionGap(`more than ${limit} distinct state parts`);
      ids.set(x, n);
      names.push(x);
    }
    return n;
  };
  first.forEach(id);
  return { id, name: (n: number) => names[n]! };
}

/** A fresh state space (one per component and proof; every context of the proof shares it). */
export function stateSpace(): StateSpace {
  const parties = interner(PARTY_SLOTS, ['']);
  const noParts = interner(NO_SLOTS);
  const supParts = interner(SUP_SLOTS);
  const states = new Map<number, AbstractState>();
  const renamed = new Map<string, Map<number, number>>();
  return {
    party: (name) => parties.id(name),
    rename(key, r, sig) {
      let byKey = renamed.get(sig);
      if (!byKey) {
        byKey = new Map();
        renamed.set(sig, byKey);
      }
      let k = byKey.get(key);
      if (k === undefined) {
        k = this.pack(renameState(this.state(key), r));
        byKey.set(key, k);
      }
      return k;
    },
    pack(s) {
      return packFields({
        no: noParts.id(`${s.cells[0]},${s.cells[1]},${s.c3}`),
        sup: supParts.id(`${s.cells[2]},${s.cells[3]},${s.c2},${s.supply}`),
        regNo: parties.id(s.regNo),
        regSup: parties.id(s.regSup),
        revoked: parties.id(s.revoked),
      });
    },
    state(key) {
      let s = states.get(key);
      if (!s) {
        const f = unpackFields(key);
        const [n0 = '', n1 = '', c3 = ''] = noParts.name(f.no).split(',');
        const [s0 = '', s1 = '', c2 = '', supply] = supParts.name(f.sup).split(',');
        s = {
          cells: [n0, n1, s0, s1],
          c3,
          c2,
          supply: supply as AbstractState['supply'],
          regNo: parties.name(f.regNo),
          regSup: parties.name(f.regSup),
          revoked: parties.name(f.revoked),
        };
        states.set(key, s);
      }
      return s;
    },
  };
}

/** A memoised letter result: the fields it writes (or none), the verdict text, the violations. */
export interface MemoEntry {
  /** The letter changed nothing on the state it ran on (so it changes nothing on any state with the same view). */
  readonly unchanged: boolean;
  /** The written fields of the successor (the letter's class says which). */
  readonly writes: Fields;
  /**
   * The successor's number minus the state's: the same on every state with the same memo key,
   * since the fields a letter writes are among those it reads.
   */
  readonly delta: number;
  readonly outcome: string;
  readonly violations: readonly Violation[];
}

/** A letter's sender (party number, NO or supplier) and its memo table for states where it is registered. */
export interface RegisteredSender {
  readonly party: number;
  readonly no: boolean;
  readonly memo: Map<number, MemoEntry>;
}

/** What one (policy, component) pair needs to compute transitions, with the memo of pure results. */
export interface TransitionContext {
  readonly policy: Policy;
  readonly component: ProofComponent;
  readonly universe: Universe;
  readonly table: TokenTable;
  readonly letters: readonly Letter[];
  /** Per letter: `viewOf(letter)`. */
  readonly views: readonly number[];
  readonly space: StateSpace;
  readonly disabledChecks?: ReadonlySet<PipelineCheck>;
  /** Per letter: (the part of the state it reads, as a number) -> what it writes, the verdict text, the violations. */
  readonly memo: readonly Map<number, MemoEntry>[];
  /**
   * Per letter (when its view holds the registration of the sender's capacity): the sender's
   * party number and whether it is an NO, and the memo table for states where the sender is that
   * registered party (the gate then reads no waiver, so policies share more).
   */
  readonly registered: readonly (RegisteredSender | undefined)[];
  /**
   * Concrete devices (with their seeded checkers) by NO and supplier part, worlds by registrations
   * and revoked party: immutable values every evaluation on such a state starts from.
   */
  readonly concrete: {
    readonly devices: Map<number, { readonly device: DeviceState; readonly checker: CheckerState }>;
    readonly worlds: Map<number, World>;
  };
  /** Per read view kind: (the view, the revoked party) -> per letter of that kind, its memoised result. */
  readonly rows: readonly Map<number, (MemoEntry | undefined)[]>[];
  /** The memo by symmetry class of (letter, what it reads), when the policy has a symmetry group. */
  readonly orbits?: OrbitMemo;
  /** Concrete pipeline evaluations (memo misses). */
  evaluations: number;
}

/**
 * Results by symmetry class: renaming parties maps a letter and the state it reads to a letter
 * and a state of the same class, and (the pipeline and the invariants never read a party's name)
 * the renamed run is the run of the renamed letter on the renamed state. So a result computed once
 * serves the whole class, renamed back. @see docs/proof.md (Speed)
 */
interface OrbitMemo {
  readonly group: readonly Renaming[];
  /** The signature of each renaming (state-renaming memo key). */
  readonly sigs: readonly string[];
  /** Per renaming: letter index -> the index of the renamed letter. */
  readonly letters: readonly (readonly number[])[];
  /** Class key -> the renaming that took the evaluated (letter, state) to the class's least member, and its result. */
  readonly entries: Map<string, { readonly sigma: number; readonly entry: MemoEntry }>;
  /** (i, j) -> the renaming group[j]^-1 after group[i], with its signature. */
  readonly between: Map<number, { readonly r: Renaming; readonly sig: string }>;
}

const signature = (r: Renaming) => [...r].map(([a, b]) => `${a}>${b}`).join(',');

/** Renamed-letter tables by alphabet and renaming signature (null: the alphabet is not closed under it). */
const renamedLetterTables = new WeakMap<readonly Letter[], Map<string, readonly number[] | null>>();

/** Letter index -> the index of the letter renamed by `r`, or null when a renamed letter is not in the alphabet. */
function renamedLetters(
  letters: readonly Letter[],
  plan: ProofComponent['plan'],
  r: Renaming,
  sig: string,
): readonly number[] | null {
  let tables = renamedLetterTables.get(letters);
  if (!tables) {
    tables = new Map();
    renamedLetterTables.set(letters, tables);
  }
  let row = tables.get(sig);
  if (row === undefined) {
    const index = new Map(letters.map((l, i) => [JSON.stringify(l.step), i]));
    const out = letters.map((l) => index.get(JSON.stringify(renameStep(l.step, plan, r))) ?? -1);
    row = out.includes(-1) ? null : out;
    tables.set(sig, row);
  }
  return row;
}

/** The orbit memo of a symmetry group over an alphabet, or undefined when the alphabet is not closed under it. */
function orbitMemo(
  letters: readonly Letter[],
  plan: ProofComponent['plan'],
  group: readonly Renaming[],
): OrbitMemo | undefined {
  if (group.length <= 1) return undefined;
  const sigs = group.map(signature);
  const rows = group.map((r, i) => renamedLetters(letters, plan, r, sigs[i]!));
  if (rows.some((row) => row === null)) return undefined;
  return { group, sigs, letters: rows as (readonly number[])[], entries: new Map(), between: new Map() };
}

/**
 * A fresh transition context for the policy's symmetry group `group`, with per-letter memo tables
 * `memo` (default: empty; tables may be shared with contexts whose policy the letter's run reads
 * the same way).
 */
export function transitionContext(
  fields: Omit<
    TransitionContext,
    'memo' | 'registered' | 'rows' | 'concrete' | 'evaluations' | 'views' | 'orbits'
  >,
  group: readonly Renaming[] = [],
  memo: readonly Map<number, MemoEntry>[] = fields.letters.map(() => new Map()),
  registered: TransitionContext['registered'] = fields.letters.map(() => undefined),
): TransitionContext {
  const orbits = orbitMemo(fields.letters, fields.component.plan, group);
  return {
    ...fields,
    views: fields.letters.map(viewOf),
    memo,
    registered,
    rows: [0, 1, 2, 3, 4, 5].map(() => new Map()),
    concrete: { devices: new Map(), worlds: new Map() },
    ...(orbits ? { orbits } : {}),
    evaluations: 0,
  };
}

/**
 * The numbers of the parts of a state each letter class reads (memo keys), computed once per
 * state, indexed by `viewOf(letter)`: an NO letter reads the NO cells and counter, the registered
 * NO (and supplier, for `reads: 'both'`); a supplier letter the supplier cells, counter, supply and
 * registered supplier (and NO); 6.24.1 the registrations; a world event the registrations and the
 * revoked party. A letter also reads whether the revoked party is the one whose certificates it
 * offers.
 */
export interface ReadViews {
  readonly fields: Fields;
  readonly views: readonly number[];
  /** The revoked party ('' for none). */
  readonly revoked: string;
}

/** The read views of a packed state. */
export function readViews(space: StateSpace, key: number): ReadViews {
  const f = unpackFields(key);
  const no = (f.no * PARTY_SLOTS + f.regNo) * PARTY_SLOTS;
  const supplier = (f.sup * PARTY_SLOTS + f.regSup) * PARTY_SLOTS;
  return {
    fields: f,
    views: [
      no,
      no + f.regSup,
      supplier,
      supplier + f.regNo,
      f.regNo * PARTY_SLOTS + f.regSup,
      (f.regNo * PARTY_SLOTS + f.regSup) * PARTY_SLOTS + f.revoked,
    ],
    revoked: space.state(key).revoked,
  };
}

/** The index in `ReadViews.views` of what `letter` reads. */
export function viewOf(letter: Letter): number {
  const both = letter.reads === 'both' ? 1 : 0;
  switch (letter.cls) {
    case 'no':
      return both;
    case 'supplier':
      return 2 + both;
    case 'read':
      return 4;
    case 'world':
      return 5;
  }
}

/**
 * The fields `letter` wrote going from `before` to `after`, or undefined when it changed a field
 * outside its class's write set (such a result is not memoised): an NO letter writes the NO part
 * and the registered NO (a Send after a registration move), a supplier letter the supplier part,
 * 6.24.1 nothing, a world event the registrations and the revoked party.
 */
function writesOf(letter: Letter, before: Fields, after: Fields): Fields | undefined {
  const same = (...ks: (keyof Fields)[]) => ks.every((k) => before[k] === after[k]);
  switch (letter.cls) {
    case 'no':
      return same('sup', 'regSup', 'revoked') ? after : undefined;
    case 'supplier':
      return same('no', 'regNo', 'regSup', 'revoked') ? after : undefined;
    case 'read':
      return same('no', 'sup', 'regNo', 'regSup', 'revoked') ? after : undefined;
    case 'world':
      return same('no', 'sup') ? after : undefined;
  }
}

/** The memo key of `letter` (index `li`) on the packed state `key`: what it reads, as a number. */
function viewKey(ctx: TransitionContext, key: number, li: number): number {
  const letter = ctx.letters[li]!;
  const f = unpackFields(key);
  let v: number;
  switch (ctx.views[li]!) {
    case 0:
      v = (f.no * PARTY_SLOTS + f.regNo) * PARTY_SLOTS;
      break;
    case 1:
      v = (f.no * PARTY_SLOTS + f.regNo) * PARTY_SLOTS + f.regSup;
      break;
    case 2:
      v = (f.sup * PARTY_SLOTS + f.regSup) * PARTY_SLOTS;
      break;
    case 3:
      v = (f.sup * PARTY_SLOTS + f.regSup) * PARTY_SLOTS + f.regNo;
      break;
    case 4:
      v = f.regNo * PARTY_SLOTS + f.regSup;
      break;
    default:
      v = (f.regNo * PARTY_SLOTS + f.regSup) * PARTY_SLOTS + f.revoked;
  }
  const offers = letter.offers !== undefined && letter.offers === ctx.space.state(key).revoked;
  return v * 2 + (offers ? 1 : 0);
}

/** The symmetry class of (letter `li`, what it reads on `key`): its least member's key and the renaming that reaches it. */
function orbitOf(ctx: TransitionContext, o: OrbitMemo, key: number, li: number) {
  let best = { letter: Infinity, view: Infinity, sigma: 0 };
  o.group.forEach((r, i) => {
    const letter = o.letters[i]![li]!;
    if (letter > best.letter) return;
    const view = viewKey(ctx, ctx.space.rename(key, r, o.sigs[i]!), letter);
    if (letter < best.letter || view < best.view) best = { letter, view, sigma: i };
  });
  return { key: `${best.letter}#${best.view}`, sigma: best.sigma };
}

/** A class member's result renamed to this member: `sigma` took this member to the class's least one. */
function renamedResult(
  ctx: TransitionContext,
  o: OrbitMemo,
  found: { readonly sigma: number; readonly entry: MemoEntry },
  sigma: number,
  key: number,
  letter: Letter,
): MemoEntry {
  const pair = found.sigma * o.group.length + sigma;
  let rho = o.between.get(pair);
  if (!rho) {
    const there = o.group[found.sigma]!;
    const back = new Map([...o.group[sigma]!].map(([a, b]) => [b, a]));
    const r: Renaming = new Map(
      [...new Set([...there.keys(), ...back.keys()])].map((p) => {
        const mid = there.get(p) ?? p;
        return [p, back.get(mid) ?? mid];
      }),
    );
    rho = { r, sig: signature(r) };
    o.between.set(pair, rho);
  }
  const e = found.entry;
  const writes = unpackFields(ctx.space.rename(packFields(e.writes), rho.r, rho.sig));
  const delta = e.unchanged ? 0 : applyWrites(letter, key, unpackFields(key), writes) - key;
  return { unchanged: e.unchanged, writes, delta, outcome: e.outcome, violations: e.violations };
}

/** The successor of the state `key` (with fields `f`) under a memoised result of `letter`. */
function applyWrites(letter: Letter, key: number, f: Fields, w: Fields): number {
  switch (letter.cls) {
    case 'no':
      return key + (w.no - f.no) * W_NO + (w.regNo - f.regNo) * W_REG_NO;
    case 'supplier':
      return key + (w.sup - f.sup) * W_SUP;
    case 'read':
      return key;
    case 'world':
      return (
        key +
        (w.regNo - f.regNo) * W_REG_NO +
        (w.regSup - f.regSup) * W_REG_SUP +
        (w.revoked - f.revoked) * W_REVOKED
      );
  }
}

/** The canonical concrete device (with its seeded checker) and world of a packed state, built once per part. */
function concreteOf(ctx: TransitionContext, key: number) {
  const c = ctx.component;
  const s = ctx.space.state(key);
  const deviceKey = key - (key % W_SUP);
  let d = ctx.concrete.devices.get(deviceKey);
  if (!d) {
    const device = concreteDevice(c, ctx.table, s);
    d = { device, checker: seededChecker(device) };
    ctx.concrete.devices.set(deviceKey, d);
  }
  let world = ctx.concrete.worlds.get(key % W_SUP);
  if (!world) {
    world = concreteWorld(c, ctx.universe, s);
    ctx.concrete.worlds.set(key % W_SUP, world);
  }
  return { ...d, world };
}

/** Runs the letter on the canonical concrete state of `key` through the reference DCC and the invariant wrapper. */
function evaluate(ctx: TransitionContext, key: number, letter: Letter): AbstractTransition {
  const c = ctx.component;
  const { device, checker, world } = concreteOf(ctx, key);
  const session = createSession(ctx.universe, c.plan, ctx.policy, {
    built: { world, devices: [device] },
    checker,
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

/** One transition between packed states: the successor's number, the verdict text, the broken invariants. */
export interface PackedTransition {
  readonly next: number;
  readonly outcome: string;
  readonly violations: readonly Violation[];
}

/** A letter's result on a state: the verdict text, the violations, and what gives the successor. */
export interface LetterResult {
  /** The successor's number minus the state's (a memoised result). */
  readonly delta?: number;
  /** The successor (a result that was not memoised). */
  readonly next?: number;
  readonly outcome: string;
  readonly violations: readonly Violation[];
}

/**
 * The result of `letter` on the packed state `key`: a memo hit when the letter already ran on a
 * state that agrees with this one on everything the letter reads, else a concrete run of the
 * pipeline (memoised when the letter wrote only its class's fields). A hit allocates nothing.
 */
export function letterResult(
  ctx: TransitionContext,
  key: number,
  letterIndex: number,
  views: ReadViews,
): LetterResult {
  const letter = ctx.letters[letterIndex]!;
  // Revocation is read only by the path checks of the certificates a letter offers.
  const view =
    views.views[ctx.views[letterIndex]!]! * 2 +
    (letter.offers !== undefined && letter.offers === views.revoked ? 1 : 0);
  const reg = ctx.registered[letterIndex];
  const memo =
    reg && (reg.no ? views.fields.regNo : views.fields.regSup) === reg.party
      ? reg.memo
      : ctx.memo[letterIndex]!;
  const hit = memo.get(view);
  if (hit) return hit;
  const o = ctx.orbits;
  const orbit = o ? orbitOf(ctx, o, key, letterIndex) : undefined;
  const member = orbit ? o!.entries.get(orbit.key) : undefined;
  // Violation details name parties, so a result with violations is computed, not renamed.
  if (member && member.entry.violations.length === 0) {
    const renamed = renamedResult(ctx, o!, member, orbit!.sigma, key, letter);
    memo.set(view, renamed);
    return renamed;
  }
  const t = evaluate(ctx, key, letter);
  const next = ctx.space.pack(t.next);
  const writes = writesOf(letter, unpackFields(key), unpackFields(next));
  const unchanged = next === key;
  if (!writes) return { next, outcome: t.outcome, violations: t.violations };
  const entry: MemoEntry = {
    unchanged,
    writes,
    delta: next - key,
    outcome: t.outcome,
    violations: t.violations,
  };
  memo.set(view, entry);
  if (orbit && !member) o!.entries.set(orbit.key, { sigma: orbit.sigma, entry });
  return entry;
}

/** The successor of the packed state `key` under a result of a letter on it. */
export function successor(key: number, r: LetterResult): number {
  return r.next ?? key + r.delta!;
}

/**
 * The memoised results of every letter on the state with read views `views`, as one row per view
 * kind (indexed by letter): letters of a kind read the same view and the revoked party, so every
 * state that agrees there shares the row. Entries fill as `letterResult` memoises them.
 */
export function resultRows(ctx: TransitionContext, views: ReadViews): (MemoEntry | undefined)[][] {
  return ctx.rows.map((byView, kind) => {
    const k = views.views[kind]! * PARTY_SLOTS + views.fields.revoked;
    let row = byView.get(k);
    if (!row) {
      row = [];
      byView.set(k, row);
    }
    return row;
  });
}

/** The result of letter `li` on `key` through the state's rows (a memo hit is two array reads). */
export function rowResult(
  ctx: TransitionContext,
  rows: (MemoEntry | undefined)[][],
  key: number,
  li: number,
  views: ReadViews,
): LetterResult {
  const row = rows[ctx.views[li]!]!;
  const hit = row[li];
  if (hit) return hit;
  const r = letterResult(ctx, key, li, views);
  if (r.next === undefined) row[li] = r as MemoEntry;
  return r;
}

/** The transition of `letter` from the packed state `key` (`letterResult` and `successor` together). */
export function transition(
  ctx: TransitionContext,
  key: number,
  letterIndex: number,
  views: ReadViews = readViews(ctx.space, key),
): PackedTransition {
  const r = letterResult(ctx, key, letterIndex, views);
  return { next: successor(key, r), outcome: r.outcome, violations: r.violations };
}
