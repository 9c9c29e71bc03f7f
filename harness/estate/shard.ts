import { parseEui, type Eui } from '../../certs';
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
  readonly world: World;
  readonly devices: readonly DeviceState[];
  /** Meter indices (into the layout) of the shard's misplaced meters. */
  readonly misplaced: readonly number[];
}

/** The device ID of meter `i`: 00-DB-... followed by the index. */
export function meterDeviceId(i: number): Eui {
  return parseEui(`00DB${i.toString(16).toUpperCase().padStart(12, '0')}`);
}

/** The MPxN of meter `i`: an MPAN in its area, or a 10-digit MPRN for gas. */
export function meterMpxn(layout: EstateLayout, i: number): string {
  const area = layout.area[i]!;
  return area === 0 ? String(1_000_000_000 + i) : makeMpan(area, i + 1);
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

/**
 * Materialises meters [start, end) of the layout: inventory, registrations from `from`, and device
 * states whose cells point at the interned certificates (nothing is decoded per meter).
 */
export function materializeShard(
  layout: EstateLayout,
  start: number,
  end: number,
  creds: EstateCredentials,
  parties: ReadonlyMap<Eui, Party>,
  from: Date,
): Shard {
  const inventory = new Map<Eui, InventoryDevice>();
  const registrations: Registration[] = [];
  const devices: DeviceState[] = [];
  const misplaced: number[] = [];
  for (let i = start; i < end; i++) {
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
    if (layout.cellNo[i] !== layout.registeredNo[i]) misplaced.push(i);
  }
  const world: World = {
    parties,
    inventory,
    registrations: indexRegistrations(registrations),
    trustAnchor: creds.pki.root.certificate,
    revoked: new Set(),
    acb: creds.acb.eui,
    settings: DEFAULT_SETTINGS,
  };
  return { world, devices, misplaced };
}
