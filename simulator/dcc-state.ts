import type { Eui } from '../certs';
import type { DeviceState } from './device/state';
import { SimulatorError } from './errors';
import type { ParsedRequest } from './pipeline/request';
import type { Verdict } from './pipeline/verdict';
import type { World } from './world/world';

/** One line of the DCC's audit. */
export interface AuditEntry {
  readonly at: string;
  readonly key: string;
  readonly srv: string;
  readonly commandVariant: number;
  readonly outcome: Verdict['outcome'];
  readonly code: string;
  readonly waiver?: string;
}

/** A pre-command returned by a CV 4 Transform and waiting for its CV 5 Send. */
export interface PendingPreCommand {
  readonly request: ParsedRequest;
  readonly preCommand: Uint8Array;
  /** The part of `preCommand` a KRP signature covers (all of it after `DF`; docs/gbcs-bytes.md). */
  readonly signedPart: Uint8Array;
  /** The Transform's request time: the pending entry expires `pendingTtlMs` after it. */
  readonly at: Date;
}

/** The bounds of a DCC state: how much it may remember, and for how long. */
export interface DccLimits {
  /** At most this many pre-commands wait for their Send; the oldest is evicted first. */
  readonly pendingCap: number;
  /** A pre-command older than this (request time of the Send minus that of the Transform) is refused. */
  readonly pendingTtlMs: number;
  /** The audit keeps the newest this many entries (0 = no audit). */
  readonly auditCap: number;
}

/**
 * Default bounds: 10,000 pending pre-commands, a one-hour Transform-to-Send window, 10,000 audit
 * entries. The window is the reference's own choice (DUIS gives no figure; see docs/domain.md).
 */
export const DEFAULT_DCC_LIMITS: DccLimits = {
  pendingCap: 10_000,
  pendingTtlMs: 3_600_000,
  auditCap: 10_000,
};

/** The newest `cap` audit entries, oldest first, and how many were ever written. */
export interface AuditView {
  readonly entries: readonly AuditEntry[];
  readonly written: number;
}

/** The mutable containers a chain of DCC states shares (see `DccState` for the ownership rule). */
interface Store {
  generation: number;
  devices: Map<Eui, DeviceState>;
  pending: Map<string, PendingPreCommand>;
  ring: AuditEntry[];
  ringStart: number;
  written: number;
}

/**
 * The whole state of the reference DCC: the world, device states, pending pre-commands, the audit.
 *
 * Ownership rule (what keeps `step` cheap on the hot path): a state is a value that `step`
 * consumes. `step` returns a new state that shares and updates the containers of the old one in
 * place (only the touched device and pending entry change); the old state is then spent, and
 * reading or stepping it again throws `ERR_STATE_CONSUMED`. A caller that wants to keep a state
 * and explore from it calls `forkState` first (a shallow copy: device states are immutable).
 */
export interface DccState {
  readonly world: World;
  readonly limits: DccLimits;
  /** @internal the shared containers and this state's generation. */
  readonly store: Store;
  readonly generation: number;
}

/** Creates the state of a DCC over `world` and `devices`, nothing pending, an empty audit. */
export function createDccState(
  world: World,
  devices: Iterable<DeviceState>,
  limits: Partial<DccLimits> = {},
): DccState {
  const store: Store = {
    generation: 0,
    devices: new Map([...devices].map((d) => [d.deviceId, d])),
    pending: new Map(),
    ring: [],
    ringStart: 0,
    written: 0,
  };
  return { world, limits: { ...DEFAULT_DCC_LIMITS, ...limits }, store, generation: 0 };
}

/** Throws unless `state` is the newest state of its chain. */
export function live(state: DccState): Store {
  if (state.store.generation !== state.generation) {
    throw new SimulatorError(
      'ERR_STATE_CONSUMED',
      'this DCC state was consumed by a later step; fork it first to keep it',
    );
  }
  return state.store;
}

/** A copy of `state` with its own containers, so both can be stepped independently. */
export function forkState(state: DccState): DccState {
  const s = live(state);
  const store: Store = {
    generation: 0,
    devices: new Map(s.devices),
    pending: new Map(s.pending),
    ring: [...s.ring],
    ringStart: s.ringStart,
    written: s.written,
  };
  return { world: state.world, limits: state.limits, store, generation: 0 };
}

/** The successor of `state` (same containers, next generation, optionally a new world). */
export function nextState(state: DccState, world: World = state.world): DccState {
  const store = live(state);
  store.generation += 1;
  return { world, limits: state.limits, store, generation: store.generation };
}

/** The device state of `deviceId`, or undefined. */
export function deviceOf(state: DccState, deviceId: Eui): DeviceState | undefined {
  return live(state).devices.get(deviceId);
}

/** Every device state (a live view: do not keep it across steps). */
export function devicesOf(state: DccState): IterableIterator<DeviceState> {
  return live(state).devices.values();
}

/** How many pre-commands wait for their Send. */
export function pendingCount(state: DccState): number {
  return live(state).pending.size;
}

/** Records `device`'s new state (mutates the shared store: call on a state being replaced). */
export function putDevice(store: Store, device: DeviceState): void {
  store.devices.set(device.deviceId, device);
}

/** Records a pending pre-command, evicting the oldest entries beyond the cap. */
export function putPending(store: Store, limits: DccLimits, key: string, entry: PendingPreCommand): void {
  store.pending.delete(key);
  if (limits.pendingCap <= 0) return;
  store.pending.set(key, entry);
  while (store.pending.size > limits.pendingCap) {
    const oldest = store.pending.keys().next().value as string;
    store.pending.delete(oldest);
  }
}

/**
 * Removes and returns the pending pre-command of `key`, or why there is none (`missing`, `expired`).
 * `at` is the Send's time; undefined skips the time-to-live check (mutation tests only).
 */
export function takePending(
  store: Store,
  limits: DccLimits,
  key: string,
  at: Date | undefined,
): PendingPreCommand | 'missing' | 'expired' {
  const entry = store.pending.get(key);
  if (!entry) return 'missing';
  store.pending.delete(key);
  return at !== undefined && at.getTime() - entry.at.getTime() > limits.pendingTtlMs ? 'expired' : entry;
}

/** Appends to the audit ring (oldest entry overwritten when full). */
export function putAudit(store: Store, limits: DccLimits, entry: AuditEntry): void {
  store.written += 1;
  if (limits.auditCap <= 0) return;
  if (store.ring.length < limits.auditCap) {
    store.ring.push(entry);
    return;
  }
  store.ring[store.ringStart] = entry;
  store.ringStart = (store.ringStart + 1) % store.ring.length;
}

/** The audit of `state`: its newest entries in order, and the number ever written. */
export function auditOf(state: DccState): AuditView {
  const s = live(state);
  return { entries: [...s.ring.slice(s.ringStart), ...s.ring.slice(0, s.ringStart)], written: s.written };
}
