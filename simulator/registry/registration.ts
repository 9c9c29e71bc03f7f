import type { Eui } from '../../certs';
import type { Registration } from '../types';

/** Registration data (RDP): time-ranged supplier and NO registrations per MPxN, indexed for lookup. */
export interface RegistrationData {
  readonly byMpxn: ReadonlyMap<string, readonly Registration[]>;
}

/** Indexes a list of registrations by MPxN. */
export function indexRegistrations(list: readonly Registration[]): RegistrationData {
  const byMpxn = new Map<string, Registration[]>();
  for (const r of list) {
    const bucket = byMpxn.get(r.mpxn);
    if (bucket) bucket.push(r);
    else byMpxn.set(r.mpxn, [r]);
  }
  return { byMpxn };
}

/**
 * The party registered in `capacity` for `mpxn` at instant `at`, or undefined when none is.
 * @see DUIS 3.7 (Access control against Registration Data)
 */
export function registeredParty(
  data: RegistrationData,
  mpxn: string,
  capacity: Registration['capacity'],
  at: Date,
): Eui | undefined {
  const t = at.getTime();
  for (const r of data.byMpxn.get(mpxn) ?? []) {
    if (r.capacity !== capacity) continue;
    if (r.from.getTime() <= t && (r.to === undefined || t < r.to.getTime())) return r.userId;
  }
  return undefined;
}

/**
 * Returns new registration data where `userId` becomes the registered party in `capacity` for
 * `mpxn` from `at` on (the open registration in force is closed at `at`).
 */
export function changeRegistration(
  data: RegistrationData,
  change: { mpxn: string; capacity: Registration['capacity']; userId: Eui; at: Date },
): RegistrationData {
  const existing = data.byMpxn.get(change.mpxn) ?? [];
  const t = change.at.getTime();
  const closed = existing.map((r) =>
    r.capacity === change.capacity && r.from.getTime() <= t && (r.to === undefined || t < r.to.getTime())
      ? { ...r, to: change.at }
      : r,
  );
  const next = new Map(data.byMpxn);
  next.set(change.mpxn, [
    ...closed,
    { mpxn: change.mpxn, capacity: change.capacity, userId: change.userId, from: change.at, to: undefined },
  ]);
  return { byMpxn: next };
}
