import type { CellId, Eui, OrgCertificate } from '../../../certs';
import type { DeviceState, Policy, UserRole, Verdict, World } from '../../../simulator';
import type { Srv } from '../../../simulator/duis';
import { STEP_INVARIANT_IDS, type InvariantId } from '../../report/invariants';

/** What the harness sent in one request, as the invariants need it (no simulator internals). */
export interface RequestFacts {
  readonly srv: Srv;
  readonly sender: Eui;
  readonly userRole: UserRole;
  readonly device: Eui;
  /** Remote party role whose cells a replacement targets (6.15.1 / 6.21). */
  readonly roleCode?: 2 | 3;
  readonly replacements: readonly { readonly cell: CellId; readonly certificate: OrgCertificate }[];
  readonly path: readonly OrgCertificate[];
  readonly newFloor?: bigint;
  /** Critical Commands: the signed General-Signing APDU the harness produced, and its counter. */
  readonly signed?: { readonly apdu: Uint8Array; readonly counter: bigint; readonly originator: Eui };
  readonly supply?: 'enabled' | 'disabled';
}

/**
 * One observed step: the device state before and after, the request and its final verdict, and
 * the world (registrations, revocations, anchor) in force at the request time.
 */
export interface Transition {
  readonly policy: Policy;
  readonly world: World;
  readonly at: Date;
  readonly label: string;
  readonly request?: RequestFacts;
  readonly verdict?: Verdict;
  readonly before?: DeviceState;
  readonly after?: DeviceState;
}

/** An invariant broken by one transition, with a one-line reason. */
export interface Violation {
  readonly invariant: InvariantId;
  readonly detail: string;
}

/** The invariants checked after every step, in report order. */
export const STEP_INVARIANTS: readonly InvariantId[] = STEP_INVARIANT_IDS;

/** A short verdict text: `accepted`, `accepted (waiver X)` or `rejected E4 GATE_NOT_REGISTERED`. */
export function verdictText(v: Verdict | undefined): string {
  if (!v) return 'done';
  if (v.outcome === 'accepted') return v.waiver ? `accepted (waiver ${v.waiver})` : 'accepted';
  return `rejected ${v.duisCode} ${v.code}`;
}
