import type { Eui } from '../../certs';
import {
  createDeviceState,
  DEFAULT_SETTINGS,
  indexRegistrations,
  makeMpan,
  type DeviceState,
  type InventoryDevice,
  type Party,
  type Registration,
  type World,
} from '../../simulator';
import type { EstateCredentials, EstateParty } from './credentials';
import type { EstateLayout } from './layout';
import { ESTATE_NETWORK_OPERATORS } from './parties';

/** A slice of the estate materialised as a simulator World and device states. */
export interface Shard {
  /** Meters in the slice (materialised or not). */
  readonly meters: number;
  readonly world: World;
  /** The device states materialised: the misplaced meters (or every meter with `all`). */
  readonly devices: readonly DeviceState[];
  /** Meter indices (into the layout) of the shard's misplaced meters. */
  readonly misplaced: readonly number[];
  /** Install indices (into the install plan) of the new meters installed in this shard. */
  readonly installs: readonly number[];
}

/** The new meters a shard installs: install indices [start, end) of the plan, numbered after the estate's meters. */
export interface InstallSlice {
  readonly plan: EstateLayout;
  /** The estate's meter count: install `j` is meter number `meters + j` (its device ID and MPxN). */
  readonly meters: number;
  readonly start: number;
  readonly end: number;
}

/** The device ID of meter `i` (an index below 2^48): 00-DB-... followed by the index. */
export function meterDeviceId(i: number): Eui {
  // Written in the canonical form (16 upper-case hex digits), so it needs no parsing.
  return `00DB${i.toString(16).toUpperCase().padStart(12, '0')}` as Eui;
}

/** The MPxN of meter `i`: an MPAN in its area, or a 10-digit MPRN for gas. */
export function meterMpxn(layout: EstateLayout, i: number): string {
  return mpxnAt(layout.area[i]!, i);
}

/** The MPxN of meter number `i` in `area` (0: gas). */
function mpxnAt(area: number, i: number): string {
  return area === 0 ? String(1_000_000_000 + i) : makeMpan(area, i + 1);
}

/** The device ID of new meter `j` of an install plan (numbered after the estate's `meters`). */
export function installDeviceId(meters: number, j: number): Eui {
  return meterDeviceId(meters + j);
}

/** The DCC users of the estate: NOs (ED or GT), suppliers (IS and GS). */
export function estateParties(creds: EstateCredentials): Map<Eui, Party> {
  const parties: Party[] = [
    ...creds.networkOperators.map((p, i) => {
      const no = ESTATE_NETWORK_OPERATORS[i]!;
      return {
        userId: p.eui,
        name: p.name,
        userRoles: [no.fuel === 'gas' ? 'GT' : 'ED'] as const,
        status: 'active' as const,
        distributorIds: no.distributorIds,
      };
    }),
    ...creds.suppliers.map((p) => ({
      userId: p.eui,
      name: p.name,
      userRoles: ['IS', 'GS'] as const,
      status: 'active' as const,
      distributorIds: [],
    })),
  ];
  return new Map(parties.map((p) => [p.userId, p]));
}

function cellsOf(no: EstateParty, supplier: EstateParty, acb: EstateParty) {
  return [
    { cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' }, certificate: no.ds },
    { cell: { role: 3, keyUsage: 'KA', cellUsage: 'management' }, certificate: no.ka },
    { cell: { role: 2, keyUsage: 'DS', cellUsage: 'management' }, certificate: supplier.ds },
    { cell: { role: 2, keyUsage: 'KA', cellUsage: 'management' }, certificate: supplier.ka },
    { cell: { role: 4, keyUsage: 'DS', cellUsage: 'management' }, certificate: acb.ds },
  ] as const;
}

/** The empty revocation list every shard's world shares (so path results stay cached across shards). */
const NOTHING_REVOKED: ReadonlySet<string> = new Set();

/**
 * Materialises meters [start, end) of the layout: inventory, registrations from `from`, and device
 * states whose cells point at the interned certificates (nothing is decoded per meter). Only the
 * misplaced meters, the only ones the campaign addresses, are materialised unless `all` is set:
 * a request reads its own meter's inventory, registrations and cells, never another meter's.
 */
export function materializeShard(
  layout: EstateLayout,
  start: number,
  end: number,
  creds: EstateCredentials,
  parties: ReadonlyMap<Eui, Party>,
  from: Date,
  all = false,
  installs?: InstallSlice,
): Shard {
  const inventory = new Map<Eui, InventoryDevice>();
  const registrations: Registration[] = [];
  const devices: DeviceState[] = [];
  const misplaced: number[] = [];
  for (let i = start; i < end; i++) {
    const isMisplaced = layout.cellNo[i] !== layout.registeredNo[i];
    if (!all && !isMisplaced) continue;
    const deviceId = meterDeviceId(i);
    const mpxn = meterMpxn(layout, i);
    const registered = creds.networkOperators[layout.registeredNo[i]!]!;
    const supplier = creds.suppliers[layout.supplier[i]!]!;
    inventory.set(deviceId, {
      deviceId,
      type: layout.area[i] === 0 ? 'GSME' : 'ESME',
      smets: 1,
      status: 'Commissioned',
      mpxn,
    });
    registrations.push(
      { mpxn, capacity: 'supplier', userId: supplier.eui, from, to: undefined },
      { mpxn, capacity: 'networkOperator', userId: registered.eui, from, to: undefined },
    );
    devices.push(
      createDeviceState(deviceId, cellsOf(creds.networkOperators[layout.cellNo[i]!]!, supplier, creds.acb)),
    );
    if (isMisplaced) misplaced.push(i);
  }
  const installed: number[] = [];
  for (let j = installs?.start ?? 0; installs && j < installs.end; j++) {
    // A new meter arrives DCC-controlled: the ACB's certificates in its NO and supplier cells.
    const plan = installs.plan;
    const deviceId = installDeviceId(installs.meters, j);
    const mpxn = mpxnAt(plan.area[j]!, installs.meters + j);
    inventory.set(deviceId, {
      deviceId,
      type: plan.area[j] === 0 ? 'GSME' : 'ESME',
      smets: 1,
      status: 'Commissioned',
      mpxn,
    });
    registrations.push(
      { mpxn, capacity: 'supplier', userId: creds.suppliers[plan.supplier[j]!]!.eui, from, to: undefined },
      {
        mpxn,
        capacity: 'networkOperator',
        userId: creds.networkOperators[plan.registeredNo[j]!]!.eui,
        from,
        to: undefined,
      },
    );
    devices.push(createDeviceState(deviceId, cellsOf(creds.acb, creds.acb, creds.acb)));
    installed.push(j);
  }
  const world: World = {
    parties,
    inventory,
    registrations: indexRegistrations(registrations),
    trustAnchor: creds.pki.root.certificate,
    revoked: NOTHING_REVOKED,
    acb: creds.acb.eui,
    settings: DEFAULT_SETTINGS,
  };
  return { meters: end - start, world, devices, misplaced, installs: installed };
}
