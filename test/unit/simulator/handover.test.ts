/**
 * How misplacement happens: on a DCC-controlled meter (the ACB's certificates in the supplier and
 * NO cells), the registered supplier's 6.21 handover places NO certificates, and nothing checks
 * that they belong to the registered NO.
 */
import { handoverRequest, retrieveRequest, snapshotDevice, type Verdict } from '../../../simulator';
import { M1, noKrp, party, pki, referenceDcc } from '../../support/reference-dcc';

const dccControlled = [
  {
    deviceId: '00-DB-12-34-56-78-90-01',
    mpxn: '1200000000011',
    supplier: 'SUP-1',
    noCells: 'ACB',
    supplierCells: 'ACB',
  },
];
const code = (v: Verdict) => (v.outcome === 'accepted' ? 'accepted' : v.code);
const handover = (sender: string, owner: string, counter: bigint) =>
  handoverRequest({
    sender: party(sender).eui,
    device: M1,
    counter,
    remotePartyRole: 'NetworkOperator',
    ds: party(owner).ds.certificate,
    ka: party(owner).ka.certificate,
    path: [pki().ca.certificate],
    floor: 0n,
  });

describe('6.21 Request Handover of DCC Controlled Device', () => {
  it("lets the registered supplier place the wrong NO's certificates: the meter is now misplaced", () => {
    const dcc = referenceDcc('legacy', dccControlled);
    expect(code(dcc.submit({ request: handover('SUP-1', 'NO-B', 1n), userRole: 'IS' }))).toBe('accepted');
    const owners = snapshotDevice(dcc.device(M1)!)
      .cells.filter((c) => c.cell.startsWith('3/'))
      .map((c) => c.owner);
    expect(owners).toEqual([party('NO-B').eui, party('NO-B').eui]);
    // ... and the deadlock follows
    expect(code(dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer))).toBe(
      'AUTHORITY_SIGNATURE',
    );
    expect(code(dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer))).toBe(
      'GATE_NOT_REGISTERED',
    );
  });

  it('refuses a supplier that is not registered (E4) and cells the DCC no longer controls', () => {
    const dcc = referenceDcc('relaxed', dccControlled);
    expect(code(dcc.submit({ request: handover('SUP-2', 'NO-A', 1n), userRole: 'IS' }))).toBe(
      'GATE_NOT_REGISTERED',
    );
    expect(code(dcc.submit({ request: handover('SUP-1', 'NO-A', 2n), userRole: 'IS' }))).toBe('accepted');
    expect(code(dcc.submit({ request: handover('SUP-1', 'NO-B', 3n), userRole: 'IS' }))).toBe(
      'HANDOVER_NOT_DCC_CONTROLLED',
    );
  });

  it('is not open to network operators (E2)', () => {
    const dcc = referenceDcc('relaxed', dccControlled);
    expect(code(dcc.submit({ request: handover('NO-A', 'NO-A', 1n) }))).toBe('ACCESS_ROLE_NOT_ELIGIBLE');
  });
});

describe('6.24.1 Retrieve Device Security Credentials (KRP)', () => {
  it("lets the registered NO discover that the NO cells hold another NO's certificates", () => {
    const dcc = referenceDcc('legacy');
    const v = dcc.submit({
      request: retrieveRequest({
        sender: party('NO-A').eui,
        device: M1,
        counter: 1n,
        roles: ['NetworkOperator'],
      }),
    });
    expect(v.outcome).toBe('accepted');
    const creds = v.outcome === 'accepted' ? v.credentials! : [];
    expect(creds.map((c) => [c.cell, c.owner])).toEqual([
      ['3/DS/management', party('NO-B').eui],
      ['3/KA/management', party('NO-B').eui],
    ]);
  });

  it('is refused with E4 to the NO whose certificates are on the meter', () => {
    const dcc = referenceDcc('relaxed');
    const v = dcc.submit({
      request: retrieveRequest({ sender: party('NO-B').eui, device: M1, counter: 1n }),
    });
    expect(code(v)).toBe('GATE_NOT_REGISTERED');
  });
});
