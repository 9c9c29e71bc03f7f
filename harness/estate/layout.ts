import { GB_DISTRIBUTION_AREAS } from '../../simulator';
import { areaOwnerIndex, ESTATE_NETWORK_OPERATORS, ESTATE_SUPPLIERS } from './parties';
import { seededRng } from './rng';

/**
 * The whole estate as typed arrays (one byte per meter per field, on SharedArrayBuffers so worker
 * threads read it without copying): certificates are never stored per meter, only the index of
 * the party whose interned certificates sit in the NO cells.
 */
export interface EstateLayout {
  readonly meters: number;
  /** MPAN distributor ID (10..23) of an electricity meter; 0 for a gas meter. */
  readonly area: Uint8Array;
  /** Registered network operator: index into ESTATE_NETWORK_OPERATORS. */
  readonly registeredNo: Uint8Array;
  /** Owner of the meter's NO DS/KA cells: index into ESTATE_NETWORK_OPERATORS. */
  readonly cellNo: Uint8Array;
  /** Registered supplier (and owner of the supplier cells): index into ESTATE_SUPPLIERS. */
  readonly supplier: Uint8Array;
}

/** Options of an estate layout. */
export interface LayoutOptions {
  readonly meters: number;
  /** Share of meters carrying another NO's certificates, in [0, 1]. */
  readonly misplacedRate: number;
  readonly seed: string;
  /** Share of gas meters, default 0.4. */
  readonly gasShare?: number;
}

const AREAS = [...GB_DISTRIBUTION_AREAS.keys()];
const ELECTRICITY = ESTATE_NETWORK_OPERATORS.flatMap((n, i) => (n.fuel === 'electricity' ? [i] : []));
const OWNER_BY_AREA = new Map(AREAS.map((a) => [a, areaOwnerIndex(a)]));
const GAS = ESTATE_NETWORK_OPERATORS.flatMap((n, i) => (n.fuel === 'gas' ? [i] : []));

function shared(meters: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(Math.max(1, meters)));
}

/** Another NO of the same fuel than `registered`, picked uniformly. */
function otherNo(pool: readonly number[], registered: number, pick: number): number {
  const others = pool.filter((i) => i !== registered);
  return others[pick % others.length]!;
}

/**
 * Lays out an estate deterministically from its seed: areas uniform over the 14 GB distribution
 * areas, gas meters over the gas networks, and `misplacedRate` of meters carrying a wrong NO's cells.
 */
export function buildEstateLayout(options: LayoutOptions): EstateLayout {
  const { meters, misplacedRate } = options;
  if (!Number.isInteger(meters) || meters < 0)
    throw new RangeError(`meters must be a non-negative integer, got ${meters}`);
  if (!(misplacedRate >= 0 && misplacedRate <= 1))
    throw new RangeError(`misplaced rate must be in [0, 1], got ${misplacedRate}`);
  const gasShare = options.gasShare ?? 0.4;
  const rng = seededRng(options.seed);
  const layout: EstateLayout = {
    meters,
    area: shared(meters),
    registeredNo: shared(meters),
    cellNo: shared(meters),
    supplier: shared(meters),
  };
  for (let i = 0; i < meters; i++) {
    const gas = rng.next() < gasShare;
    const area = gas ? 0 : AREAS[rng.int(AREAS.length)]!;
    const registered = gas ? GAS[rng.int(GAS.length)]! : OWNER_BY_AREA.get(area)!;
    const misplaced = rng.next() < misplacedRate;
    const pick = rng.int(1 << 16);
    layout.area[i] = area;
    layout.registeredNo[i] = registered;
    layout.cellNo[i] = misplaced ? otherNo(gas ? GAS : ELECTRICITY, registered, pick) : registered;
    layout.supplier[i] = rng.int(ESTATE_SUPPLIERS.length);
  }
  return layout;
}

/** True when meter `i` carries a network operator's certificates other than its registered NO's. */
export function isMisplaced(layout: EstateLayout, i: number): boolean {
  return layout.cellNo[i] !== layout.registeredNo[i];
}

/** Options of an installation plan: how many new meters, the misplacement rate, the estate seed. */
export interface InstallPlanOptions {
  readonly installs: number;
  readonly misplacedRate: number;
  readonly seed: string;
}

/**
 * The new meters installed during a campaign, drawn like the estate from their own stream of the
 * seed (so the estate itself is the same with or without installations): for install `j`, `area`,
 * `registeredNo` and `supplier` as in a layout, and `cellNo` the NO whose certificates the installing
 * supplier names (a wrong one at the misplacement rate). Every executor draws the same plan.
 */
export function buildInstallPlan(options: InstallPlanOptions): EstateLayout {
  return buildEstateLayout({
    meters: options.installs,
    misplacedRate: options.misplacedRate,
    seed: `${options.seed}/installs`,
  });
}

/**
 * The install indices [start, end) of shard task `k` of `tasks`: the installations spread evenly
 * over the shards, a function of the counts only (not of workers or runner).
 */
export function installRange(installs: number, k: number, tasks: number): { start: number; end: number } {
  return { start: Math.floor((k * installs) / tasks), end: Math.floor(((k + 1) * installs) / tasks) };
}
