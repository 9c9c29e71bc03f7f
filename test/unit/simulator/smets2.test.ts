/** The SMETS2 control: the device checks authority itself and Critical Commands are not gated. */
import type { Verdict } from '../../../simulator';
import { M1, SMETS2_M1, noKrp, party, referenceDcc } from '../../support/reference-dcc';

const smets2Meter = SMETS2_M1;
const outcome = (v: Verdict) =>
  v.outcome === 'accepted' ? `accepted:${v.waiver ?? ''}` : `${v.stage}:${v.code}`;

describe('a misplaced SMETS2 meter under legacy', () => {
  it("is repaired by the wrong NO's signed 6.15.1: the device, not the registration data, decides", () => {
    const dcc = referenceDcc('legacy', smets2Meter);
    expect(outcome(dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer))).toBe(
      'accepted:smets2-device',
    );
  });

  it("refuses the registered NO's command at the device (stage device), not at the DCC", () => {
    const dcc = referenceDcc('legacy', smets2Meter);
    expect(outcome(dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer))).toBe(
      'device:AUTHORITY_SIGNATURE',
    );
  });
});

describe('the smets2 policy applied to SMETS1 meters', () => {
  it('moves the authority stage to the device for every meter', () => {
    const dcc = referenceDcc('smets2');
    expect(outcome(dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer))).toBe(
      'device:AUTHORITY_SIGNATURE',
    );
    expect(outcome(dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 11n) }, party('NO-B').ds.signer))).toBe(
      'accepted:smets2-critical',
    );
  });
});
