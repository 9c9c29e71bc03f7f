import fc from 'fast-check';
import { parseEui, type Eui } from '../../../certs';
import {
  buildWorld,
  composeWorld,
  makeMpan,
  REFERENCE_EPOCH,
  REFERENCE_NETWORK_OPERATORS,
  type BuiltWorld,
  type MeterLayout,
  type WorldLayout,
} from '../../../simulator';
import type { Universe } from './universe';

/** One meter of a planned world: fuel, area, registered parties and who actually sits in its cells. */
export interface MeterPlan {
  readonly name: string;
  readonly deviceId: Eui;
  readonly mpxn: string;
  readonly fuel: 'electricity' | 'gas';
  readonly supplier: string;
  /** Registered NO (the area's ED, or the gas transporter). */
  readonly networkOperator: string;
  /** Owner of the NO cells (a different NO = misplaced). */
  readonly noCells: string;
  /** Owner of the supplier cells (a different supplier = misplaced). */
  readonly supplierCells: string;
}

/** A small world to explore: NOs, suppliers and meters, all named after universe parties. */
export interface WorldPlan {
  readonly networkOperators: readonly string[];
  readonly suppliers: readonly string[];
  readonly meters: readonly MeterPlan[];
}

const ELECTRICITY_NOS = ['NO-A', 'NO-B', 'NO-C', 'NO-D'] as const;
const SUPPLIERS = ['SUP-1', 'SUP-2', 'SUP-3'] as const;

/** The distributor IDs served by an ED of the reference layout. */
export function areasOf(no: string): readonly number[] {
  return REFERENCE_NETWORK_OPERATORS.find((n) => n.name === no)?.distributorIds ?? [];
}

/** The device ID of the i-th explored meter. */
export function meterId(index: number): Eui {
  return parseEui(`00-DB-12-34-56-78-91-${(index + 1).toString(16).padStart(2, '0').toUpperCase()}`);
}

/** Raw choices a plan is derived from (plain numbers, so fast-check shrinks them towards simple worlds). */
export interface PlanChoices {
  readonly nos: number;
  readonly suppliers: number;
  readonly meters: readonly {
    gas: boolean;
    area: number;
    supplier: number;
    noCells: number;
    supplierCells: number;
    /** The NO cells still hold the ACB's certificates (DCC-controlled, awaiting a 6.21 hand-over). */
    dccControlled?: boolean;
  }[];
}

/** Derives a plan from raw choices: indices wrap around the chosen parties. */
export function planFromChoices(c: PlanChoices): WorldPlan {
  const eds = ELECTRICITY_NOS.slice(0, Math.max(1, c.nos));
  const suppliers = SUPPLIERS.slice(0, Math.max(1, c.suppliers));
  const hasGas = c.meters.some((m) => m.gas);
  const networkOperators = hasGas ? [...eds, 'GT-G'] : [...eds];
  const meters = c.meters.map((m, i): MeterPlan => {
    const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
    const registeredNo = m.gas ? 'GT-G' : pick(eds, m.area);
    const areas = areasOf(registeredNo);
    const supplier = pick(suppliers, m.supplier);
    return {
      name: `M${i + 1}`,
      deviceId: meterId(i),
      fuel: m.gas ? 'gas' : 'electricity',
      mpxn: m.gas ? `12345678${(i + 10).toString()}` : makeMpan(pick(areas, m.area), 100 + i),
      supplier,
      networkOperator: registeredNo,
      noCells: m.dccControlled ? 'ACB' : m.noCells === 0 ? registeredNo : pick(networkOperators, m.noCells),
      supplierCells: m.supplierCells === 0 ? supplier : pick(suppliers, m.supplierCells),
    };
  });
  return { networkOperators, suppliers, meters };
}

/** Random worlds: 2-4 electricity NOs (plus the gas transporter when a gas meter exists), 1-3 suppliers, 1-4 meters; cells correct or misplaced. */
export function worldPlanArbitrary(options: { misplaced?: boolean } = {}): fc.Arbitrary<WorldPlan> {
  const misplaced = options.misplaced ?? true;
  const cellChoice = misplaced ? fc.nat({ max: 4 }) : fc.constant(0);
  return fc
    .record({
      nos: fc.integer({ min: 2, max: 4 }),
      suppliers: fc.integer({ min: 1, max: 3 }),
      meters: fc.array(
        fc.record({
          gas: fc.boolean(),
          area: fc.nat({ max: 11 }),
          supplier: fc.nat({ max: 2 }),
          noCells: cellChoice,
          supplierCells: cellChoice,
          dccControlled: misplaced ? fc.boolean() : fc.constant(false),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(planFromChoices);
}

/** The compose layout of a plan over the universe PKI. */
export function layoutOf(plan: WorldPlan, universe: Universe): WorldLayout {
  const meters: MeterLayout[] = plan.meters.map((m) => ({
    deviceId: m.deviceId,
    mpxn: m.mpxn,
    supplier: m.supplier,
    networkOperator: m.networkOperator,
    noCells: m.noCells,
    supplierCells: m.supplierCells,
  }));
  return {
    pki: universe.pki,
    from: REFERENCE_EPOCH,
    networkOperators: plan.networkOperators.map((name) =>
      name === 'GT-G' ? { name, gas: true } : { name, distributorIds: areasOf(name) },
    ),
    suppliers: plan.suppliers.map((name) => ({ name })),
    meters,
  };
}

/** Builds the world and initial device states of a plan. */
export function buildPlan(plan: WorldPlan, universe: Universe): BuiltWorld {
  return buildWorld(composeWorld(layoutOf(plan, universe)));
}
