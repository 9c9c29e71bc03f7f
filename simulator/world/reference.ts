import { issueTestPki, parseEui, RemotePartyRole, type PartySpec, type TestPki } from '../../certs';
import { makeMpan } from '../registry/mpan';
import { composeWorld, type MeterLayout, type WorldLayout } from './compose';
import type { WorldSpec } from './schema';

/** The reference PKI's parties: four electricity NOs, one gas transporter, two suppliers, the DCC's ACB. */
export const REFERENCE_PARTIES: readonly PartySpec[] = [
  { name: 'NO-A', eui: parseEui('90B3D51F30030001'), role: RemotePartyRole.networkOperator },
  { name: 'NO-B', eui: parseEui('90B3D51F30030002'), role: RemotePartyRole.networkOperator },
  { name: 'NO-C', eui: parseEui('90B3D51F30030003'), role: RemotePartyRole.networkOperator },
  { name: 'NO-D', eui: parseEui('90B3D51F30030004'), role: RemotePartyRole.networkOperator },
  { name: 'GT-G', eui: parseEui('90B3D51F30030007'), role: RemotePartyRole.networkOperator },
  { name: 'SUP-1', eui: parseEui('90B3D51F30040001'), role: RemotePartyRole.supplier },
  { name: 'SUP-2', eui: parseEui('90B3D51F30040002'), role: RemotePartyRole.supplier },
  { name: 'ACB', eui: parseEui('90B3D51F30050001'), role: RemotePartyRole.accessControlBroker },
];

/** Areas served by each reference NO (UKPN-like, NGED-like, SPEN-like, NPg-like groups). */
export const REFERENCE_NETWORK_OPERATORS: WorldLayout['networkOperators'] = [
  { name: 'NO-A', distributorIds: [10, 12, 19] },
  { name: 'NO-B', distributorIds: [11, 14, 21, 22] },
  { name: 'NO-C', distributorIds: [13, 18, 16] },
  { name: 'NO-D', distributorIds: [15, 23, 17, 20] },
  { name: 'GT-G', gas: true },
];

/** The time the reference world's registrations start. */
export const REFERENCE_EPOCH = new Date('2020-01-01T00:00:00Z');

/** Issues the reference test PKI (deterministic for a seed). */
export function referencePki(seed = 'smets1-harness'): TestPki {
  return issueTestPki({
    seed,
    parties: REFERENCE_PARTIES,
    notBefore: new Date('2015-01-01T00:00:00Z'),
    notAfter: new Date('2035-01-01T00:00:00Z'),
  });
}

/**
 * The reference world: meter M1 in London (area 12, registered NO-A) carries NO-B's certificates
 * (misplaced); M2 (area 14, NO-B) is correctly placed; G1 is a gas meter (GT-G) correctly placed.
 */
export function referenceLayout(pki: TestPki, meters?: readonly MeterLayout[]): WorldLayout {
  return {
    pki,
    from: REFERENCE_EPOCH,
    networkOperators: REFERENCE_NETWORK_OPERATORS,
    suppliers: [{ name: 'SUP-1' }, { name: 'SUP-2' }],
    meters: meters ?? [
      { deviceId: '00-DB-12-34-56-78-90-01', mpxn: makeMpan(12, 1), supplier: 'SUP-1', noCells: 'NO-B' },
      { deviceId: '00-DB-12-34-56-78-90-02', mpxn: makeMpan(14, 2), supplier: 'SUP-1', noCells: 'NO-B' },
      {
        deviceId: '00-DB-12-34-56-78-90-03',
        mpxn: '1234567890',
        supplier: 'SUP-2',
        networkOperator: 'GT-G',
        noCells: 'GT-G',
      },
    ],
  };
}

/** The reference world file. */
export function referenceWorldSpec(
  pki: TestPki = referencePki(),
  meters?: readonly MeterLayout[],
): WorldSpec {
  return composeWorld(referenceLayout(pki, meters));
}
