import type { Policy } from '../../../simulator';
import type { DeviceUnderTest } from '../../dut/port';
import type { StepResult } from '../../report/types';
import type { ResolvedScenario } from '../../scenario/resolve';
import type { PerPolicy, Scenario } from '../../scenario/types';
import { finalStateRows } from './final-state';

// Which of a scenario's expectations applies to a policy, and the check of the final state.

/** The expectation keys of a policy, most specific first: its name, the preset it extends, then `*`. */
export function expectationKeys(policy: Policy): readonly string[] {
  return [policy.name, ...(policy.extends ? [policy.extends] : []), '*'];
}

/** The entry of a per-policy map that applies to `policy` (see `expectationKeys`). */
export const pickForPolicy = <T>(m: PerPolicy<T> | undefined, policy: Policy): T | undefined => {
  if (!m) return undefined;
  for (const k of expectationKeys(policy)) if (m[k] !== undefined) return m[k];
  return undefined;
};

/** The expected text of a step a scenario sets no expectation for (its actual verdict is still shown). */
export const NO_EXPECTATION = '(no expectation for this policy)';

/** Why a scenario has no expectation for a policy (so it is SKIPPED), or undefined. */
export function missingExpectation(s: Scenario, policy: Policy): string | undefined {
  const i = s.steps.findIndex(
    (st) => (st.kind === 'request' || st.kind === 'replay') && pickForPolicy(st.expect, policy) === undefined,
  );
  return i < 0 ? undefined : `no expectation for policy ${policy.name} at step ${i}`;
}

/** Compares the final state the DUT reports with the scenario's `expectFinal` for `policy`. */
export async function checkFinal(
  s: Scenario,
  r: ResolvedScenario,
  dut: DeviceUnderTest,
  policy: Policy,
  index: number,
): Promise<StepResult[]> {
  const finals = pickForPolicy(s.expectFinal, policy) ?? {};
  const out: StepResult[] = [];
  for (const [meter, cells] of Object.entries(finals)) {
    const snapshot = await dut.inspect(r.meters.get(meter)?.deviceId ?? meter);
    out.push(...finalStateRows(meter, cells, snapshot, r, index + out.length));
  }
  return out;
}
