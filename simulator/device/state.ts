import { cellKey, type CellId, type Eui, type OrgCertificate } from '../../certs';

/** Anti-replay record of one remote party role on one device. @see GBCS 4.3.1.7 (Sequence numbers) */
export interface RoleCounter {
  /** Highest originator counter accepted so far. */
  readonly last: bigint;
  /** Floor: commands must carry a counter above it (reset on change of control). */
  readonly floor: bigint;
}

/** Supply state of an ESME/GSME, changed by 7.1 / 7.2. */
export type SupplyState = 'enabled' | 'disabled';

/**
 * The state of one device as the DCC knows it: trust-anchor cells (for SMETS1 the DCC's notional
 * record), per-role counters and the supply state. Immutable: every change makes a new value.
 */
export interface DeviceState {
  readonly deviceId: Eui;
  /** cellKey(cell) -> installed certificate. */
  readonly cells: ReadonlyMap<string, OrgCertificate>;
  /** Remote party role code -> counter record. */
  readonly counters: ReadonlyMap<number, RoleCounter>;
  readonly supply: SupplyState;
}

/** A new device state from its initial cells (counters start at 0). */
export function createDeviceState(
  deviceId: Eui,
  cells: readonly { cell: CellId; certificate: OrgCertificate }[],
): DeviceState {
  return {
    deviceId,
    cells: new Map(cells.map((c) => [cellKey(c.cell), c.certificate])),
    counters: new Map(),
    supply: 'enabled',
  };
}

/** The certificate installed in `cell`, if any. */
export function certificateIn(state: DeviceState, cell: CellId): OrgCertificate | undefined {
  return state.cells.get(cellKey(cell));
}

/** The counter record of a role (zeros when the role has never sent a command). */
export function counterOf(state: DeviceState, role: number): RoleCounter {
  return state.counters.get(role) ?? { last: 0n, floor: 0n };
}

/**
 * Applies an accepted change: all replacements land together, the role's counter moves to
 * `counter`, and a new floor is set when given (change of control).
 */
export function applyChange(
  state: DeviceState,
  change: {
    role: number;
    counter: bigint;
    replacements?: readonly { cell: CellId; certificate: OrgCertificate }[];
    newFloor?: bigint;
    supply?: SupplyState;
  },
): DeviceState {
  const cells = new Map(state.cells);
  for (const r of change.replacements ?? []) cells.set(cellKey(r.cell), r.certificate);
  const counters = new Map(state.counters);
  const prev = counterOf(state, change.role);
  counters.set(change.role, { last: change.counter, floor: change.newFloor ?? prev.floor });
  return { deviceId: state.deviceId, cells, counters, supply: change.supply ?? state.supply };
}

/** A canonical, JSON-able snapshot of a device state (sorted keys; certificates by fingerprint). */
export interface DeviceSnapshot {
  readonly deviceId: string;
  readonly cells: readonly {
    readonly cell: string;
    readonly fingerprint: string;
    readonly certificateId: string;
    readonly owner: string | null;
  }[];
  readonly counters: readonly { readonly role: number; readonly last: string; readonly floor: string }[];
  readonly supply: SupplyState;
}

/** Snapshots a device state canonically, so two states compare byte-for-byte as JSON. */
export function snapshotDevice(state: DeviceState): DeviceSnapshot {
  return {
    deviceId: state.deviceId,
    cells: [...state.cells.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([cell, c]) => ({
        cell,
        fingerprint: c.fingerprint,
        certificateId: c.certificateId,
        owner: c.eui ?? null,
      })),
    counters: [...state.counters.entries()]
      .sort(([a], [b]) => a - b)
      .map(([role, c]) => ({ role, last: c.last.toString(), floor: c.floor.toString() })),
    supply: state.supply,
  };
}
