import type { Eui } from '../../../certs';
import type { DeviceState } from '../../../simulator';
import { checkAcceptedChange } from './inv-change';
import { checkAtomic, checkReplay } from './inv-history';
import { checkRegistrationScope } from './inv-scope';
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

/**
 * The one wrapper run after every step: checks every step invariant on (state before, request,
 * verdict, state after) and returns the violations and the checker's next state.
 * @see README.md (Invariants), docs/domain.md §7
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
