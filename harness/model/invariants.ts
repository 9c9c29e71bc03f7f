import { cellKey, checkOrgProfile, validatePath, type CellId, type Eui } from '../../certs';
import {
  capacityOf,
  certificateIn,
  counterOf,
  registeredParty,
  snapshotDevice,
  type DeviceState,
} from '../../simulator';
import { verifyKrp } from '../../simulator/gbcs';
import { MAX_COUNTER } from './steps';
import type { Transition, Violation } from './transition';

/** What the checker remembers between steps: owner epochs for INV-REPLAY and the reference model of every device. */
export interface CheckerState {
  /** `<device>/<role>` -> DS owner of the epoch and the last counter accepted in it. */
  readonly epochs: ReadonlyMap<
    string,
    { readonly owner: string | undefined; readonly last: bigint | undefined }
  >;
  /** The reference model: what each device's cells (cell key -> fingerprint) and supply should be. */
  readonly model: ReadonlyMap<Eui, { readonly cells: ReadonlyMap<string, string>; readonly supply: string }>;
}

/** The checker state before the first step, the model seeded from the initial device states. */
export function initialCheckerState(devices: Iterable<DeviceState>): CheckerState {
  const model = new Map(
    [...devices].map((d) => [
      d.deviceId,
      { cells: new Map([...d.cells].map(([k, c]) => [k, c.fingerprint])), supply: d.supply },
    ]),
  );
  return { epochs: new Map(), model };
}

const ds = (role: 2 | 3): CellId => ({ role, keyUsage: 'DS', cellUsage: 'management' });
const roleOfKey = (key: string) => Number(key.split('/')[0]);

function changedCells(before: DeviceState, after: DeviceState): string[] {
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
function checkAcceptedChange(t: Transition, before: DeviceState, after: DeviceState, out: Violation[]): void {
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
    const [role, usage] = key.split('/');
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

/** INV-SCOPE, INV-CONVERGE, LIVE-CONTROL: what a non-registered party may achieve. */
function checkRegistrationScope(
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
    const declared = t.policy.waivers.some((w) => w.id === v.waiver) || v.waiver === 'smets2-device';
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

/** INV-REPLAY: per (device, role, owner epoch) accepted counters strictly increase and exceed the floor. */
function checkReplay(
  state: CheckerState,
  t: Transition,
  before: DeviceState,
  after: DeviceState,
  out: Violation[],
): CheckerState['epochs'] {
  const r = t.request!;
  if (t.verdict?.outcome !== 'accepted' || !r.signed) return state.epochs;
  const role: 2 | 3 = r.roleCode ?? 2;
  const key = `${r.device}/${role}`;
  const owner = certificateIn(before, ds(role))?.eui;
  const epoch = state.epochs.get(key);
  const c = r.signed.counter;
  if (epoch && epoch.owner === owner && epoch.last !== undefined && c <= epoch.last) {
    out.push({
      invariant: 'INV-REPLAY',
      detail: `counter ${c} accepted after ${epoch.last} for role ${role} owner ${owner ?? 'none'}`,
    });
  }
  const floor = counterOf(before, role).floor;
  if (c <= floor)
    out.push({ invariant: 'INV-REPLAY', detail: `counter ${c} accepted at or below the floor ${floor}` });
  const next = new Map(state.epochs);
  const afterOwner = certificateIn(after, ds(role))?.eui;
  next.set(key, { owner: afterOwner, last: afterOwner === owner ? c : undefined });
  return next;
}

/** INV-ATOMIC: refusals leave the device untouched; acceptances land every target cell; the device matches the reference model. */
function checkAtomic(
  state: CheckerState,
  t: Transition,
  before: DeviceState,
  after: DeviceState,
  out: Violation[],
): CheckerState['model'] {
  const r = t.request!;
  const accepted = t.verdict?.outcome === 'accepted';
  if (!accepted && JSON.stringify(snapshotDevice(before)) !== JSON.stringify(snapshotDevice(after))) {
    out.push({ invariant: 'INV-ATOMIC', detail: `refused ${r.srv} changed the device state` });
  }
  const missed = accepted
    ? r.replacements.filter(
        (x) => after.cells.get(cellKey(x.cell))?.fingerprint !== x.certificate.fingerprint,
      )
    : [];
  if (missed.length > 0)
    out.push({
      invariant: 'INV-ATOMIC',
      detail: `accepted ${r.srv} left ${missed.map((x) => cellKey(x.cell)).join(', ')} unreplaced`,
    });
  const prior = state.model.get(r.device) ?? {
    cells: new Map([...before.cells].map(([k, c]) => [k, c.fingerprint])),
    supply: before.supply,
  };
  const cells = new Map(prior.cells);
  if (accepted) for (const x of r.replacements) cells.set(cellKey(x.cell), x.certificate.fingerprint);
  const supply = accepted && r.supply ? r.supply : prior.supply;
  const actual = [...after.cells]
    .map(([k, c]) => `${k}=${c.fingerprint}`)
    .sort()
    .join(';');
  const expected = [...cells]
    .map(([k, f]) => `${k}=${f}`)
    .sort()
    .join(';');
  if (actual !== expected || supply !== after.supply)
    out.push({
      invariant: 'INV-ATOMIC',
      detail: `device ${r.device} differs from the reference model after ${r.srv}`,
    });
  const model = new Map(state.model);
  model.set(r.device, { cells, supply });
  return model;
}

/**
 * The one wrapper run after every step: checks every step invariant on (state before, request,
 * verdict, state after) and returns the violations and the checker's next state.
 * @see DESIGN.md §5
 */
export function checkTransition(
  state: CheckerState,
  t: Transition,
): { readonly violations: readonly Violation[]; readonly state: CheckerState } {
  const { request, before, after, verdict } = t;
  if (!request || !before || !after || !verdict) return { violations: [], state };
  const out: Violation[] = [];
  if (verdict.outcome === 'accepted') {
    checkAcceptedChange(t, before, after, out);
    checkRegistrationScope(t, before, after, out);
  }
  const epochs = checkReplay(state, t, before, after, out);
  const model = checkAtomic(state, t, before, after, out);
  return { violations: out, state: { epochs, model } };
}
