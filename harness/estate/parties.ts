import { parseEui, RemotePartyRole, type PartySpec } from '../../certs';

/** A network operator of the estate: an electricity distributor (areas) or a gas transporter. */
export interface EstateNetworkOperator {
  readonly name: string;
  readonly fuel: 'electricity' | 'gas';
  /** MPAN distributor IDs served (electricity only). */
  readonly distributorIds: readonly number[];
}

/**
 * The estate's network operators: one per GB distribution group (six electricity groups over the
 * 14 areas) and one per gas distribution network group (four). NO-A..NO-D and GT-G keep the
 * reference PKI's EUIs.
 */
export const ESTATE_NETWORK_OPERATORS: readonly EstateNetworkOperator[] = [
  { name: 'NO-A', fuel: 'electricity', distributorIds: [10, 12, 19] },
  { name: 'NO-B', fuel: 'electricity', distributorIds: [11, 14, 21, 22] },
  { name: 'NO-C', fuel: 'electricity', distributorIds: [13, 18] },
  { name: 'NO-D', fuel: 'electricity', distributorIds: [15, 23] },
  { name: 'NO-E', fuel: 'electricity', distributorIds: [17, 20] },
  { name: 'NO-F', fuel: 'electricity', distributorIds: [16] },
  { name: 'GT-G', fuel: 'gas', distributorIds: [] },
  { name: 'GT-H', fuel: 'gas', distributorIds: [] },
  { name: 'GT-I', fuel: 'gas', distributorIds: [] },
  { name: 'GT-J', fuel: 'gas', distributorIds: [] },
];

/** The estate's suppliers (each holds IS and GS). */
export const ESTATE_SUPPLIERS: readonly string[] = ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4'];

const NO_EUIS: Readonly<Record<string, string>> = {
  'NO-A': '90B3D51F30030001',
  'NO-B': '90B3D51F30030002',
  'NO-C': '90B3D51F30030003',
  'NO-D': '90B3D51F30030004',
  'NO-E': '90B3D51F30030005',
  'NO-F': '90B3D51F30030006',
  'GT-G': '90B3D51F30030007',
  'GT-H': '90B3D51F30030008',
  'GT-I': '90B3D51F30030009',
  'GT-J': '90B3D51F3003000A',
};

/** PKI party specs of the estate: its network operators, suppliers and the DCC's ACB. */
export function estatePartySpecs(): PartySpec[] {
  return [
    ...ESTATE_NETWORK_OPERATORS.map((n) => ({
      name: n.name,
      eui: parseEui(NO_EUIS[n.name] ?? ''),
      role: RemotePartyRole.networkOperator,
    })),
    ...ESTATE_SUPPLIERS.map((name, i) => ({
      name,
      eui: parseEui(`90B3D51F3004${(i + 1).toString(16).padStart(4, '0')}`),
      role: RemotePartyRole.supplier,
    })),
    { name: 'ACB', eui: parseEui('90B3D51F30050001'), role: RemotePartyRole.accessControlBroker },
  ];
}

/** Index (into ESTATE_NETWORK_OPERATORS) of the electricity NO serving each distributor ID. */
export function areaOwnerIndex(distributorId: number): number {
  const i = ESTATE_NETWORK_OPERATORS.findIndex((n) => n.distributorIds.includes(distributorId));
  if (i < 0) throw new RangeError(`no estate network operator serves area ${distributorId}`);
  return i;
}
