import { presetPolicy } from '../../simulator';
import { referenceWorldSpec, type WorldSpec } from '../../simulator';
import { emitDuisRequest } from '../../simulator/duis';
import { createInProcessDut, type DutRequest } from '../../harness/dut';
import { M1, M2, noKrp, party, pki, T0 } from './reference-dcc';

/** The reference world as a world file. */
export function referenceWorld(): WorldSpec {
  return referenceWorldSpec(pki());
}

/** A CV4 6.15.1 NetworkOperator request from `sender` installing `owner`'s NO certificates on M1 (or `device`). */
export function krpXml(sender: string, owner: string, counter: bigint, device = M1): string {
  return emitDuisRequest(noKrp(sender, owner, device, counter));
}

/** A DUT request at the fixed test time. */
export function dutRequest(xml: string, userRole: DutRequest['userRole'] = 'ED'): DutRequest {
  return { xml, userRole, at: T0.toISOString() };
}

/** A fresh in-process reference DUT, the oracle HTTP answers are compared with. */
export function inProcess(policy = 'legacy') {
  return createInProcessDut({ acbSigner: party('ACB').ds.signer, defaultPolicy: presetPolicy(policy) });
}

export { M1, M2, party, T0 };
