/**
 * The placement check (prevention): a supplier's 6.21 hand-over may only place the registered NO's
 * certificates in the NO cells; the check is policy data and a refusal changes nothing.
 */
import {
  handoverRequest,
  preventPolicy,
  snapshotDevice,
  type Policy,
  type Verdict,
} from '../../../../simulator';
import { M1, noKrp, party, pki, referenceDcc } from '../../../support/reference-dcc';

const dccControlled = [
  {
    deviceId: '00-DB-12-34-56-78-90-01',
    mpxn: '1200000000011',
    supplier: 'SUP-1',
    noCells: 'ACB',
    supplierCells: 'ACB',
  },
];
const code = (v: Verdict) => (v.outcome === 'accepted' ? 'accepted' : `${v.stage}:${v.code}:${v.duisCode}`);
const handover = (owner: string) =>
  handoverRequest({
    sender: party('SUP-1').eui,
    device: M1,
    counter: 1n,
    remotePartyRole: 'NetworkOperator',
    ds: party(owner).ds.certificate,
    ka: party(owner).ka.certificate,
    path: [pki().ca.certificate],
  });

describe('placement check', () => {
  it.each(['prevent', 'prevent-corrective'])(
    "%s refuses a supplier's hand-over of another NO's certificates at the gate (E4) and changes nothing",
    (policy) => {
      const dcc = referenceDcc(policy, dccControlled);
      const before = JSON.stringify(snapshotDevice(dcc.device(M1)!));
      const v = dcc.submit({ request: handover('NO-B'), userRole: 'IS' });
      expect(code(v)).toBe('gate:GATE_PLACEMENT_NOT_REGISTERED_NO:E4');
      expect(v.outcome === 'rejected' && v.detail).toContain('placement-6.21');
      expect(JSON.stringify(snapshotDevice(dcc.device(M1)!))).toBe(before);
    },
  );

  it("passes the registered NO's certificates", () => {
    const dcc = referenceDcc('prevent', dccControlled);
    expect(code(dcc.submit({ request: handover('NO-A'), userRole: 'IS' }))).toBe('accepted');
  });

  it('does not cover device types or sender roles outside its data', () => {
    const narrow: Policy = {
      ...preventPolicy,
      name: 'prevent-gas-only',
      placementChecks: [{ ...preventPolicy.placementChecks![1]!, deviceTypes: ['GSME'] }],
    };
    const dcc = referenceDcc(narrow, dccControlled);
    expect(code(dcc.submit({ request: handover('NO-B'), userRole: 'IS' }))).toBe('accepted');
  });

  it("binds suppliers only: an NO's own 6.15.1 passes it", () => {
    const dcc = referenceDcc('prevent');
    const v = dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer);
    expect(code(v)).not.toContain('PLACEMENT');
  });
});
