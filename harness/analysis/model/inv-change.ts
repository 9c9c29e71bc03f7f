import { cellKey, checkOrgProfile, parseCellKey, validatePath, type CellId } from '../../../certs';
import { certificateIn, counterOf, type DeviceState } from '../../../simulator';
import { verifyKrp } from '../../../simulator/gbcs';
import type { Transition, Violation } from './transition';

const ds = (role: 2 | 3): CellId => ({ role, keyUsage: 'DS', cellUsage: 'management' });
const roleOfKey = (key: string) => parseCellKey(key).role;

/** The cell keys whose certificate differs between two device states, sorted. */
export function changedCells(before: DeviceState, after: DeviceState): string[] {
  const keys = new Set([...before.cells.keys(), ...after.cells.keys()]);
  return [...keys].filter((k) => before.cells.get(k)?.fingerprint !== after.cells.get(k)?.fingerprint).sort();
}

function changedCounters(before: DeviceState, after: DeviceState): number[] {
  const roles = new Set([...before.counters.keys(), ...after.counters.keys()]);
  return [...roles].filter((r) => {
    const a = counterOf(before, r);
    const b = counterOf(after, r);
    return a.last !== b.last || a.floor !== b.floor;
  });
}

/** INV-AUTH, INV-ROLE, INV-CERT: who authorised an accepted change and what it may install. */
export function checkAcceptedChange(
  t: Transition,
  before: DeviceState,
  after: DeviceState,
  out: Violation[],
): void {
  const r = t.request!;
  const cells = changedCells(before, after);
  const counters = changedCounters(before, after);
  const changed = cells.length > 0 || counters.length > 0 || before.supply !== after.supply;
  const authRole: 2 | 3 = r.roleCode ?? 2;
  const authCert = certificateIn(before, ds(authRole));
  if (r.srv === '6.21') {
    if (changed && authCert?.eui !== t.world.acb)
      out.push({
        invariant: 'INV-AUTH',
        detail: `6.21 changed the device but cell ${cellKey(ds(authRole))} is owned by ${authCert?.eui ?? 'nobody'}, not the ACB`,
      });
  } else if (changed) {
    if (!r.signed)
      out.push({ invariant: 'INV-AUTH', detail: `${r.srv} changed the device without a signed command` });
    else if (
      !authCert?.publicKey ||
      !verifyKrp(r.signed.apdu, authCert.publicKey) ||
      authCert.eui !== r.signed.originator
    ) {
      out.push({
        invariant: 'INV-AUTH',
        detail: `${r.srv} accepted but its signature does not verify with ${authCert?.certificateId ?? '(empty cell)'} owned by ${authCert?.eui ?? 'nobody'}`,
      });
    }
  }
  for (const key of cells) {
    if (r.roleCode === undefined || roleOfKey(key) !== r.roleCode)
      out.push({
        invariant: 'INV-ROLE',
        detail: `${r.srv} (role ${r.roleCode ?? 'none'}) changed cell ${key}`,
      });
  }
  for (const role of counters) {
    if (role !== authRole)
      out.push({
        invariant: 'INV-ROLE',
        detail: `${r.srv} (role ${authRole}) changed the counter of role ${role}`,
      });
  }
  for (const key of cells) {
    const cert = after.cells.get(key);
    if (!cert) continue;
    const { role, keyUsage: usage } = parseCellKey(key);
    const profile = checkOrgProfile(cert);
    const path = validatePath(cert, {
      anchor: t.world.trustAnchor,
      intermediates: r.path,
      revoked: t.world.revoked,
    });
    const problems = [
      ...profile.map((f) => f.code),
      ...(cert.role === Number(role) ? [] : [`role ${cert.role ?? '?'} in a role-${role} cell`]),
      ...(cert.keyUsage === usage ? [] : [`${cert.keyUsage ?? '?'} certificate in a ${usage} cell`]),
      ...(path.ok ? [] : [path.code]),
    ];
    if (problems.length > 0)
      out.push({
        invariant: 'INV-CERT',
        detail: `installed ${cert.certificateId} in ${key}: ${problems.join(', ')}`,
      });
  }
  for (const role of new Set(cells.map(roleOfKey))) {
    const d = after.cells.get(`${role}/DS/management`)?.eui;
    const k = after.cells.get(`${role}/KA/management`)?.eui;
    if (d !== undefined && k !== undefined && d !== k)
      out.push({ invariant: 'INV-CERT', detail: `role ${role} DS owned by ${d} but KA by ${k}` });
  }
}
