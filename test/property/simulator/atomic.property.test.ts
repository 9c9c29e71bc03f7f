/**
 * INV-ATOMIC over random requests: a refusal leaves the device state byte-identical; an acceptance
 * installs every replacement of the request together. fast-check prints seed and path on failure.
 */
import fc from 'fast-check';
import { issueLeafCertificate, type OrgCertificate } from '../../../certs';
import { PRESET_POLICIES, snapshotDevice, supplyRequest } from '../../../simulator';
import { G1, M1, M2, noKrp, party, pki, referenceDcc } from '../../support/reference-dcc';

const NOS = ['NO-A', 'NO-B', 'NO-C', 'GT-G'];
const SENDERS = [...NOS, 'SUP-1', 'SUP-2'];
const DEVICES = [M1, M2, G1];

let pool: OrgCertificate[] | undefined;
/** Index of NO-B's genuine DS certificate in the pool (NOS order). */
const NO_B_DS = 1;
/** Replacement DS certificates: good ones and defective ones. */
function dsPool(): OrgCertificate[] {
  pool ??= [
    ...NOS.map((n) => party(n).ds.certificate),
    party('NO-A').ka.certificate,
    party('SUP-1').ds.certificate,
    ...(['keyUsageBoth', 'badSignature', 'policyMissing'] as const).map(
      (d) =>
        issueLeafCertificate({
          seed: 'atomic',
          label: d,
          issuer: pki().ca,
          subjectEui: party('NO-A').eui,
          role: 3,
          keyUsage: 'DS',
          defects: [d],
        }).certificate,
    ),
  ];
  return pool;
}

const request = fc.record({
  // 'honest' is M2's registered NO rotating its own certificates: accepted unless earlier requests
  // changed M2, so every run also exercises the acceptance branch.
  kind: fc.constantFrom('krp', 'krp', 'krp', 'supply', 'honest'),
  sender: fc.constantFrom(...SENDERS),
  signer: fc.constantFrom(...SENDERS),
  owner: fc.constantFrom(...NOS),
  ds: fc.nat({ max: 100 }),
  device: fc.constantFrom(...DEVICES),
  counter: fc.bigInt({ min: 0n, max: 40n }),
  floor: fc.option(fc.bigInt({ min: 0n, max: 50n }), { nil: undefined }),
  applyTime: fc.boolean(),
});

describe('INV-ATOMIC', () => {
  it.each(PRESET_POLICIES.map((p) => p.name))('holds for random request sequences under %s', (policy) => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
        const dcc = referenceDcc(policy);
        for (const [i, raw] of requests.entries()) {
          const r =
            raw.kind === 'honest'
              ? {
                  ...raw,
                  kind: 'krp',
                  sender: 'NO-B',
                  signer: 'NO-B',
                  owner: 'NO-B',
                  device: M2,
                  counter: 1000n + BigInt(i),
                  ds: NO_B_DS,
                  floor: undefined,
                }
              : raw;
          const before = JSON.stringify(snapshotDevice(dcc.device(r.device)!));
          const ds = dsPool()[r.ds % dsPool().length]!;
          const duis =
            r.kind === 'supply'
              ? supplyRequest({
                  srv: '7.2',
                  sender: party(r.sender).eui,
                  device: r.device,
                  counter: r.counter,
                })
              : noKrp(r.sender, r.owner, r.device, r.counter, {
                  ds,
                  ...(r.floor === undefined ? {} : { floor: r.floor }),
                  applyTimeBasedCpvChecks: r.applyTime,
                });
          const v = dcc.perform({ request: duis }, party(r.signer).ds.signer);
          const after = snapshotDevice(dcc.device(r.device)!);
          seen[v.outcome] += 1;
          if (v.outcome === 'rejected') {
            expect(JSON.stringify(after)).toBe(before);
          } else if (r.kind === 'krp') {
            const installed = new Map(after.cells.map((c) => [c.cell, c.fingerprint]));
            expect(installed.get('3/DS/management')).toBe(ds.fingerprint);
            expect(installed.get('3/KA/management')).toBe(party(r.owner).ka.certificate.fingerprint);
          }
        }
      }),
      { numRuns: 40 },
    );
    // The generator must exercise both branches, or the property says nothing.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.rejected).toBeGreaterThan(0);
  });
});
