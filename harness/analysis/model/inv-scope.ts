import { cellKey, type CellId, type Eui } from '../../../certs';
import {
  capacityOf,
  certificateIn,
  counterOf,
  isBuiltInWaiver,
  registeredParty,
  type DeviceState,
} from '../../../simulator';
import { MAX_COUNTER } from './steps';
import type { Transition, Violation } from './transition';

const ds = (role: 2 | 3): CellId => ({ role, keyUsage: 'DS', cellUsage: 'management' });

/** INV-SCOPE, INV-CONVERGE, INV-PLACE, LIVE-CONTROL: what a non-registered party may achieve. */
export function checkRegistrationScope(
  t: Transition,
  before: DeviceState,
  after: DeviceState,
  out: Violation[],
): void {
  const r = t.request!;
  const v = t.verdict!;
  const mpxn = t.world.inventory.get(r.device)?.mpxn;
  if (mpxn === undefined || v.outcome !== 'accepted') return;
  const registered = (capacity: 'supplier' | 'networkOperator') =>
    registeredParty(t.world.registrations, mpxn, capacity, t.at);
  const asRegistered = registered(capacityOf(r.userRole));
  if (asRegistered !== r.sender) {
    const declared = t.policy.waivers.some((w) => w.id === v.waiver) || isBuiltInWaiver(v.waiver);
    if (!declared)
      out.push({
        invariant: 'INV-SCOPE',
        detail: `${r.srv} from non-registered ${r.sender} accepted without a declared waiver (${v.waiver ?? 'none'})`,
      });
    else if (r.srv !== '6.15.1') {
      out.push({
        invariant: 'INV-SCOPE',
        detail: `waiver ${v.waiver} admits Critical Command ${r.srv} from ${r.userRole} ${r.sender}, who is not the registered party (${asRegistered ?? 'none'}): beyond credential correction`,
      });
    }
  }
  if (v.waiver !== undefined) {
    for (const rep of r.replacements) {
      const owner = registered(rep.cell.role === 3 ? 'networkOperator' : 'supplier');
      if (rep.certificate.eui !== owner) {
        out.push({
          invariant: 'INV-CONVERGE',
          detail: `waived request from ${r.sender} installed ${rep.certificate.eui ?? '?'}'s certificate in ${cellKey(rep.cell)}; registered party is ${owner ?? 'none'}`,
        });
      }
    }
  }
  const registeredNo = registered('networkOperator');
  const foreign =
    r.sender === registeredNo
      ? []
      : r.replacements.filter((rep) => rep.cell.role === 3 && rep.certificate.eui !== registeredNo);
  if (foreign.length > 0)
    out.push({
      invariant: 'INV-PLACE',
      detail: `${r.srv} from ${r.sender} placed ${foreign[0]!.certificate.eui ?? '?'}'s certificates in ${foreign.map((f) => cellKey(f.cell)).join(', ')}; the registered NO is ${registeredNo ?? 'none'}`,
    });
  const lockedOut = (s: DeviceState, role: 2 | 3, p: Eui) => {
    const c = counterOf(s, role);
    return certificateIn(s, ds(role))?.eui === p && (c.last >= MAX_COUNTER || c.floor >= MAX_COUNTER);
  };
  for (const [role, capacity] of [
    [3, 'networkOperator'],
    [2, 'supplier'],
  ] as const) {
    const p = registered(capacity);
    if (p === undefined || p === r.sender || !lockedOut(after, role, p) || lockedOut(before, role, p))
      continue;
    const c = counterOf(after, role);
    {
      out.push({
        invariant: 'LIVE-CONTROL',
        detail: `after ${r.sender}'s ${r.srv} the registered ${capacity} ${p} holds the role-${role} cells but is now locked out (last ${c.last}, floor ${c.floor})`,
      });
    }
  }
}
