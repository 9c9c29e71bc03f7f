import { cellKey, type CellId } from '../../../certs';
import { certificateIn, counterOf, snapshotDevice, type DeviceState } from '../../../simulator';
import type { CheckerState } from './invariants';
import type { Transition, Violation } from './transition';

const ds = (role: 2 | 3): CellId => ({ role, keyUsage: 'DS', cellUsage: 'management' });

/** INV-REPLAY: per (device, role, owner epoch) accepted counters strictly increase and exceed the floor. */
export function checkReplay(
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

/** The device's cells hold exactly the reference model's fingerprints (same cell keys, same certificates). */
function sameCells(actual: DeviceState['cells'], expected: ReadonlyMap<string, string>): boolean {
  if (actual.size !== expected.size) return false;
  for (const [k, c] of actual) if (expected.get(k) !== c.fingerprint) return false;
  return true;
}

/** INV-ATOMIC: refusals leave the device untouched; acceptances land every target cell; the device matches the reference model. */
export function checkAtomic(
  state: CheckerState,
  t: Transition,
  before: DeviceState,
  after: DeviceState,
  out: Violation[],
): CheckerState['model'] {
  const r = t.request!;
  const accepted = t.verdict?.outcome === 'accepted';
  // The same object is the same state (a refusal usually hands the device state back untouched).
  if (
    !accepted &&
    before !== after &&
    JSON.stringify(snapshotDevice(before)) !== JSON.stringify(snapshotDevice(after))
  ) {
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
  if (!sameCells(after.cells, cells) || supply !== after.supply)
    out.push({
      invariant: 'INV-ATOMIC',
      detail: `device ${r.device} differs from the reference model after ${r.srv}`,
    });
  const model = new Map(state.model);
  model.set(r.device, { cells, supply });
  return model;
}
