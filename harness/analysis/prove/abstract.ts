import type { KeyUsage, OrgCertificate } from '../../../certs';
import {
  changeRegistration,
  counterOf,
  registeredParty,
  type DeviceState,
  type RoleCounter,
  type World,
} from '../../../simulator';
import { MODEL_START } from '../model/session';
import { MAX_COUNTER } from '../model/steps';
import type { ReplacementKind, Universe } from '../model/universe';
import type { ProofComponent } from './world';

/**
 * The abstract state of one component: what every check and invariant can distinguish. Cells by
 * certificate token (owner, kind, usage), counters by order type, supply, the registered NO and
 * supplier, the revoked party. @see docs/proof.md
 */
export interface AbstractState {
  /** Tokens of 3/DS, 3/KA, 2/DS, 2/KA (empty string: empty cell). */
  readonly cells: readonly [string, string, string, string];
  /** Counter order types of role 3 and role 2. */
  readonly c3: string;
  readonly c2: string;
  readonly supply: 'enabled' | 'disabled';
  readonly regNo: string;
  readonly regSup: string;
  /** The party whose main certificates are revoked ('' for none). */
  readonly revoked: string;
}

/** The cell keys of the abstract state's cells, in order. */
export const CELL_KEYS = [
  '3/DS/management',
  '3/KA/management',
  '2/DS/management',
  '2/KA/management',
] as const;

/** The certificate kinds the alphabet installs or offers. */
export const PROOF_KINDS: readonly ReplacementKind[] = ['good', 'expired', 'wrongRole'];

/** The compact key of an abstract state. */
export function stateKey(s: AbstractState): string {
  return `${s.cells.join(',')}|${s.c3}|${s.c2}|${s.supply[0]}|${s.regNo}|${s.regSup}|${s.revoked}`;
}

/** A middle counter value's representative: order-preserving, far from 0, 1 and 2^64 - 1. */
const MIDDLE = [10n, 20n];

/** The order type of (last, floor) relative to 0 and 2^64 - 1, e.g. `1/0`, `M/M`, `1/2`. */
export function counterClass(c: RoleCounter): string {
  const middles = [...new Set([c.last, c.floor].filter((v) => v !== 0n && v !== MAX_COUNTER))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const name = (v: bigint) => (v === 0n ? '0' : v === MAX_COUNTER ? 'M' : String(middles.indexOf(v) + 1));
  return `${name(c.last)}/${name(c.floor)}`;
}

/** The canonical concrete counter of an order type. */
export function counterOfClass(cls: string): RoleCounter {
  const [l = '0', f = '0'] = cls.split('/');
  const value = (x: string) => (x === '0' ? 0n : x === 'M' ? MAX_COUNTER : MIDDLE[Number(x) - 1]!);
  return { last: value(l), floor: value(f) };
}

/** The certificates the proof world can hold or offer, by token and by fingerprint. */
export interface TokenTable {
  readonly byToken: ReadonlyMap<string, OrgCertificate>;
  readonly byFingerprint: ReadonlyMap<string, string>;
}

/** Every certificate of every party and kind of the alphabet, plus the ACB's, with its token. */
export function tokenTable(universe: Universe, parties: readonly string[]): TokenTable {
  const byToken = new Map<string, OrgCertificate>();
  const byFingerprint = new Map<string, string>();
  const add = (token: string, cert: OrgCertificate) => {
    byToken.set(token, cert);
    byFingerprint.set(cert.fingerprint, token);
  };
  for (const owner of parties)
    for (const kind of PROOF_KINDS)
      for (const usage of ['DS', 'KA'] as KeyUsage[])
        add(`${owner}.${kind}.${usage}`, universe.replacement(owner, kind, usage));
  const acb = universe.party('ACB');
  add('ACB.good.DS', acb.ds);
  add('ACB.good.KA', acb.ka);
  return { byToken, byFingerprint };
}

/** Thrown when a concrete state holds something the abstraction cannot name (a gap in the proof). */
export class AbstractionGap extends Error {
  override readonly name = 'AbstractionGap';
}

/** The abstract state of a concrete device state and world at the proof's time. */
export function abstractOf(
  c: ProofComponent,
  table: TokenTable,
  universe: Universe,
  device: DeviceState,
  world: World,
): AbstractState {
  const token = (key: string) => {
    const cert = device.cells.get(key);
    if (!cert) return '';
    const t = table.byFingerprint.get(cert.fingerprint);
    if (t === undefined)
      throw new AbstractionGap(`cell ${key} holds ${cert.certificateId}, unknown to the proof`);
    return t;
  };
  const reg = (capacity: 'networkOperator' | 'supplier') => {
    const eui = registeredParty(world.registrations, c.meter.mpxn, capacity, MODEL_START);
    return eui === undefined ? '' : (universe.names.get(eui) ?? '?');
  };
  const revoked = [...universe.parties.values()].find((p) => world.revoked.has(p.ds.certificateId));
  return {
    cells: [token(CELL_KEYS[0]), token(CELL_KEYS[1]), token(CELL_KEYS[2]), token(CELL_KEYS[3])],
    c3: counterClass(counterOf(device, 3)),
    c2: counterClass(counterOf(device, 2)),
    supply: device.supply,
    regNo: reg('networkOperator'),
    regSup: reg('supplier'),
    revoked: revoked?.name ?? '',
  };
}

/** The canonical concrete device state of an abstract state. */
export function concreteDevice(c: ProofComponent, table: TokenTable, s: AbstractState): DeviceState {
  const cells = new Map<string, OrgCertificate>();
  s.cells.forEach((t, i) => {
    if (t !== '') cells.set(CELL_KEYS[i]!, table.byToken.get(t)!);
  });
  return {
    deviceId: c.meter.deviceId,
    cells,
    counters: new Map([
      [3, counterOfClass(s.c3)],
      [2, counterOfClass(s.c2)],
    ]),
    supply: s.supply,
  };
}

const BEFORE_START = new Date(MODEL_START.getTime() - 3_600_000);

/** The canonical world of an abstract state: registrations moved an hour before the proof's time, revocations. */
export function concreteWorld(c: ProofComponent, universe: Universe, s: AbstractState): World {
  let registrations = c.base.world.registrations;
  const move = (capacity: 'networkOperator' | 'supplier', party: string, initial: string) => {
    if (party !== initial && party !== '')
      registrations = changeRegistration(registrations, {
        mpxn: c.meter.mpxn,
        capacity,
        userId: universe.party(party).eui,
        at: BEFORE_START,
      });
  };
  move('networkOperator', s.regNo, c.meter.networkOperator);
  move('supplier', s.regSup, c.meter.supplier);
  const revoked =
    s.revoked === ''
      ? c.base.world.revoked
      : new Set([
          ...c.base.world.revoked,
          universe.party(s.revoked).ds.certificateId,
          universe.party(s.revoked).ka.certificateId,
        ]);
  return { ...c.base.world, registrations, revoked };
}

/** A renaming of parties (symmetry): NO to NO, supplier to supplier. */
export type Renaming = ReadonlyMap<string, string>;

const renameToken = (t: string, r: Renaming) => {
  if (t === '') return t;
  const dot = t.indexOf('.');
  const owner = t.slice(0, dot);
  return `${r.get(owner) ?? owner}${t.slice(dot)}`;
};

/** The abstract state with every party renamed. */
export function renameState(s: AbstractState, r: Renaming): AbstractState {
  const n = (p: string) => (p === '' ? p : (r.get(p) ?? p));
  return {
    ...s,
    cells: s.cells.map((t) => renameToken(t, r)) as unknown as AbstractState['cells'],
    regNo: n(s.regNo),
    regSup: n(s.regSup),
    revoked: n(s.revoked),
  };
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Every renaming that permutes the interchangeable NOs among themselves and the suppliers among themselves. */
export function renamings(nos: readonly string[], suppliers: readonly string[]): readonly Renaming[] {
  const out: Renaming[] = [];
  for (const pn of permutations(nos))
    for (const ps of permutations(suppliers))
      out.push(
        new Map([
          ...nos.map((x, i) => [x, pn[i]!] as const),
          ...suppliers.map((x, i) => [x, ps[i]!] as const),
        ]),
      );
  return out;
}

/** The canonical representative of a state's symmetry class and the renaming that maps the state to it. */
export function canonical(
  s: AbstractState,
  group: readonly Renaming[],
): { readonly state: AbstractState; readonly key: string; readonly renaming: Renaming } {
  let best = { state: s, key: stateKey(s), renaming: group[0]! };
  for (const r of group.slice(1)) {
    const t = renameState(s, r);
    const k = stateKey(t);
    if (k < best.key) best = { state: t, key: k, renaming: r };
  }
  return best;
}
