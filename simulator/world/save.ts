import { formatEuiHyphenated, parseCellKey } from '../../certs';
import type { DeviceState } from '../device/state';
import type { WorldSpec } from './schema';
import type { World } from './world';

const b64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

/** Writes a world and device states back to the world-file form that buildWorld reads. */
export function worldToSpec(world: World, devices: Iterable<DeviceState>): WorldSpec {
  const registrations: WorldSpec['registrations'] = [];
  for (const list of world.registrations.byMpxn.values()) {
    for (const r of list) {
      registrations.push({
        mpxn: r.mpxn,
        ...(r.capacity === 'supplier' ? { supplier: r.userId } : { networkOperator: r.userId }),
        from: r.from.toISOString(),
        ...(r.to ? { to: r.to.toISOString() } : {}),
      });
    }
  }
  return {
    settings: { ...world.settings },
    trustAnchor: b64(world.trustAnchor.der),
    acb: formatEuiHyphenated(world.acb),
    ...(world.acbKeyAgreement
      ? {
          acbKeyAgreement: {
            certificate: b64(world.acbKeyAgreement.certificate.der),
            ...(world.acbKeyAgreement.privateKeyPem
              ? { privateKey: world.acbKeyAgreement.privateKeyPem }
              : {}),
          },
        }
      : {}),
    revoked: [...world.revoked].sort(),
    parties: [...world.parties.values()].map((p) => ({
      userId: p.userId,
      name: p.name,
      userRoles: [...p.userRoles],
      status: p.status,
      ...(p.distributorIds.length > 0 ? { distributorIds: [...p.distributorIds] } : {}),
    })),
    registrations,
    devices: [...devices].map((d) => {
      const inv = world.inventory.get(d.deviceId);
      return {
        deviceId: d.deviceId,
        type: inv?.type ?? 'ESME',
        smets: inv?.smets ?? 1,
        status: inv?.status ?? 'Commissioned',
        mpxn: inv?.mpxn ?? '',
        cells: [...d.cells.entries()].map(([key, c]) => {
          const { role, keyUsage, cellUsage } = parseCellKey(key);
          return { role, keyUsage, cellUsage, certificate: b64(c.der) };
        }),
        counters: [...d.counters.entries()].map(([role, c]) => ({
          role,
          last: c.last.toString(),
          floor: c.floor.toString(),
        })),
        supply: d.supply,
      };
    }),
  };
}
