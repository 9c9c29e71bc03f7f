import { SRVS, USER_ROLES, type Policy } from '../../simulator';
import { DEFAULT_POLICY } from '../policies';
import type { DeviceUnderTest, DutResponse } from '../dut/port';

/** Deliberate defects an example implementation can carry, so conformance runs show they are caught. */
export type DutFault = 'skip-counter' | 'waive-all-gates';

/** Every fault, in a stable order (for CLI help and validation). */
export const DUT_FAULTS: readonly DutFault[] = ['skip-counter', 'waive-all-gates'];

/** A waiver covering every SRV and every user role: the registration gate (E4) never refuses. */
const WAIVE_EVERYTHING = {
  id: 'fault-waive-all-gates',
  description: 'Deliberate defect: the registration-data gate is waived for every SRV and user role.',
  srvs: SRVS,
  userRoles: USER_ROLES,
} as const satisfies Policy['waivers'][number];

/** The counter refusals a DCC that skips the anti-replay check never gives. @see GBCS 4.3.1.7 */
const COUNTER_CODES: ReadonlySet<string> = new Set(['AUTHORITY_REPLAY', 'AUTHORITY_BELOW_FLOOR']);

/**
 * Wraps an implementation with a deliberate defect. `waive-all-gates` provisions the chosen policy
 * plus a waiver of the gate for everything; `skip-counter` answers I0 where the counter check
 * refused (replays and rollbacks), as a DCC without the anti-replay check would. `defaultPolicy`
 * is the preset used when a provision request names none.
 */
export function withFault(
  dut: DeviceUnderTest,
  fault: DutFault,
  defaultPolicy: Policy = DEFAULT_POLICY,
): DeviceUnderTest {
  if (fault === 'waive-all-gates') {
    return {
      ...dut,
      name: `${dut.name} (fault: ${fault})`,
      provision: ({ world, policy }) => {
        const base = policy ?? defaultPolicy;
        return dut.provision({ world, policy: { ...base, waivers: [...base.waivers, WAIVE_EVERYTHING] } });
      },
    };
  }
  return {
    ...dut,
    name: `${dut.name} (fault: ${fault})`,
    submit: async (request): Promise<DutResponse> => {
      const response = await dut.submit(request);
      if (
        response.outcome === 'rejected' &&
        response.code !== undefined &&
        COUNTER_CODES.has(response.code)
      ) {
        return { outcome: 'accepted', duisCode: 'I0' };
      }
      return response;
    },
  };
}
