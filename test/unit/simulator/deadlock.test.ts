/**
 * The misplaced-certificate story of the modification, as executable documentation:
 * meter M1 is in London (area 12, registered NO-A) but carries NO-B's NO certificates.
 */
import { snapshotDevice, supplyRequest, type Verdict } from '../../../simulator';
import { M1, noKrp, party, referenceDcc } from '../../support/reference-dcc';

const outcome = (v: Verdict) =>
  v.outcome === 'accepted' ? 'accepted' : `${v.stage}:${v.code}:${v.duisCode}`;
const noCellOwners = (dcc: ReturnType<typeof referenceDcc>) =>
  snapshotDevice(dcc.device(M1)!)
    .cells.filter((c) => c.cell.startsWith('3/'))
    .map((c) => c.owner);

describe('under legacy the misplaced meter is deadlocked', () => {
  it("refuses the registered NO's 6.15.1 at authority: its key is not the cell's", () => {
    const dcc = referenceDcc('legacy');
    const v = dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 10n) }, party('NO-A').ds.signer);
    expect(outcome(v)).toBe('authority:AUTHORITY_SIGNATURE:E061507');
  });

  it("refuses the wrong NO's 6.15.1 with E4: it is not the registered NO", () => {
    const dcc = referenceDcc('legacy');
    const v = dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 10n) }, party('NO-B').ds.signer);
    expect(outcome(v)).toBe('gate:GATE_NOT_REGISTERED:E4');
  });

  it('leaves the NO cells with NO-B whatever the suppliers and NOs send', () => {
    const dcc = referenceDcc('legacy');
    const attempts: [string, string][] = [
      ['NO-A', 'NO-A'],
      ['NO-B', 'NO-A'],
      ['NO-C', 'NO-A'],
      ['NO-B', 'NO-B'],
    ];
    attempts.forEach(([sender, owner], i) =>
      dcc.perform({ request: noKrp(sender, owner, M1, BigInt(100 + i)) }, party(sender).ds.signer),
    );
    // A supplier cannot send a NetworkOperator 6.15.1 at all.
    const sup = dcc.perform({ request: noKrp('SUP-1', 'NO-A', M1, 200n) }, party('SUP-1').ds.signer);
    expect(outcome(sup)).toBe('access:ACCESS_REMOTE_PARTY_ROLE:E061501');
    expect(noCellOwners(dcc)).toEqual([party('NO-B').eui, party('NO-B').eui]);
  });
});

describe.each(['relaxed', 'relaxed-6151', 'corrective'])(
  'under %s the wrong NO can repair the meter',
  (policy) => {
    it("accepts NO-B's signed 6.15.1 installing NO-A's certificates, naming the waiver", () => {
      const dcc = referenceDcc(policy);
      const v = dcc.perform(
        { request: noKrp('NO-B', 'NO-A', M1, 10n, { floor: 0n }) },
        party('NO-B').ds.signer,
      );
      expect(v.outcome).toBe('accepted');
      expect(v.outcome === 'accepted' && v.waiver).toEqual(dcc.policy.waivers[0]!.id);
      expect(noCellOwners(dcc)).toEqual([party('NO-A').eui, party('NO-A').eui]);
    });

    it('hands control to NO-A: afterwards NO-A is accepted and NO-B refused', () => {
      const dcc = referenceDcc(policy);
      dcc.perform({ request: noKrp('NO-B', 'NO-A', M1, 10n, { floor: 0n }) }, party('NO-B').ds.signer);
      const a = dcc.perform({ request: noKrp('NO-A', 'NO-A', M1, 1n) }, party('NO-A').ds.signer);
      const b = dcc.perform({ request: noKrp('NO-B', 'NO-B', M1, 11n) }, party('NO-B').ds.signer);
      expect(outcome(a)).toBe('accepted');
      expect(b.outcome).toBe('rejected');
    });
  },
);

describe('what each relaxation also allows', () => {
  it.each([
    ['relaxed', 'accepted'],
    ['relaxed-6151', 'accepted'],
    ['corrective', 'gate:GATE_WAIVER_CONDITION:E4'],
  ])("%s: NO-B installing a third NO's certificates -> %s", (policy, expected) => {
    const dcc = referenceDcc(policy);
    const v = dcc.perform({ request: noKrp('NO-B', 'NO-C', M1, 10n) }, party('NO-B').ds.signer);
    expect(outcome(v)).toBe(expected);
  });

  it.each([
    ['relaxed', 'accepted'],
    ['relaxed-6151', 'accepted'],
    ['corrective', 'gate:GATE_WAIVER_CONDITION:E4'],
  ])('%s: NO-B re-installing its own certificates -> %s', (policy, expected) => {
    const dcc = referenceDcc(policy);
    const v = dcc.perform({ request: noKrp('NO-B', 'NO-B', M1, 10n) }, party('NO-B').ds.signer);
    expect(outcome(v)).toBe(expected);
  });

  it.each([
    ['legacy', 'gate:GATE_NOT_REGISTERED:E4'],
    ['relaxed', 'accepted'],
    ['relaxed-6151', 'gate:GATE_NOT_REGISTERED:E4'],
    ['corrective', 'gate:GATE_NOT_REGISTERED:E4'],
  ])(
    '%s: 7.2 Disable Supply from a supplier whose certificate is on a meter it no longer supplies -> %s',
    (policy, expected) => {
      // SUP-2 is not M1's registered supplier, but its certificates are in M1's supplier cells.
      const dcc = referenceDcc(policy, [
        {
          deviceId: '00-DB-12-34-56-78-90-01',
          mpxn: '1200000000011',
          supplier: 'SUP-1',
          noCells: 'NO-B',
          supplierCells: 'SUP-2',
        },
      ]);
      const v = dcc.perform(
        {
          request: supplyRequest({ srv: '7.2', sender: party('SUP-2').eui, device: M1, counter: 5n }),
          userRole: 'IS',
        },
        party('SUP-2').ds.signer,
      );
      expect(outcome(v)).toBe(expected);
      expect(snapshotDevice(dcc.device(M1)!).supply).toBe(expected === 'accepted' ? 'disabled' : 'enabled');
    },
  );

  it('corrective refuses a handover that sets a floor locking the registered NO out', () => {
    const dcc = referenceDcc('corrective');
    const v = dcc.perform(
      { request: noKrp('NO-B', 'NO-A', M1, 10n, { floor: (1n << 64n) - 1n }) },
      party('NO-B').ds.signer,
    );
    expect(outcome(v)).toBe('gate:GATE_WAIVER_CONDITION:E4');
  });
});

describe('performCritical beforeSend (a world change between Transform and Send)', () => {
  it('runs once, after the Transform passed and before the Send', () => {
    const dcc = referenceDcc('legacy');
    const seen: number[] = [];
    const { verdict } = dcc.performCritical(
      { request: noKrp('NO-A', 'NO-A', M1, 10n) },
      party('NO-A').ds.signer,
      () => seen.push(dcc.audit().at(-1)!.commandVariant),
    );
    expect(seen).toEqual([4]);
    expect(dcc.audit().at(-1)!.commandVariant).toBe(5);
    expect(verdict.outcome === 'rejected' && verdict.code).toBe('AUTHORITY_SIGNATURE');
  });

  it('does not run when the Transform is refused', () => {
    const dcc = referenceDcc('legacy');
    let calls = 0;
    const { verdict } = dcc.performCritical(
      { request: noKrp('NO-B', 'NO-A', M1, 10n) },
      party('NO-B').ds.signer,
      () => (calls += 1),
    );
    expect(calls).toBe(0);
    expect(verdict.outcome === 'rejected' && verdict.code).toBe('GATE_NOT_REGISTERED');
  });
});
