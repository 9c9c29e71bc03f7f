/**
 * Every way a 6.15.1 can be wrong is refused with its own code, under every policy, and leaves
 * the device untouched. The sender is the party that holds the authorising cell (NO-B on M2,
 * where NO-B is also the registered NO), so only the defect under test can cause the refusal.
 */
import {
  issueCaCertificate,
  issueLeafCertificate,
  type CertDefect,
  type OrgCertificate,
} from '../../../certs';
import { PRESET_POLICIES, snapshotDevice, type Verdict } from '../../../simulator';
import { decodeGeneralSigning, signKrp } from '../../../simulator/gbcs';
import { M2, noKrp, party, pki, referenceDcc, T0 } from '../../support/reference-dcc';

const policies = PRESET_POLICIES.map((p) => p.name);

function leaf(label: string, opts: Partial<Parameters<typeof issueLeafCertificate>[0]> = {}): OrgCertificate {
  return issueLeafCertificate({
    seed: 'refusals',
    label,
    issuer: pki().ca,
    subjectEui: party('NO-B').eui,
    role: 3,
    keyUsage: 'DS',
    ...opts,
  }).certificate;
}

const code = (v: Verdict) => (v.outcome === 'accepted' ? 'accepted' : v.code);

type Case = [
  name: string,
  expected: string,
  build: () => {
    ds?: OrgCertificate;
    ka?: OrgCertificate;
    path?: OrgCertificate[];
    apply?: boolean;
    signer?: 'KA' | 'NO-A';
  },
];

const ka = () => party('NO-B').ka.certificate;
const defect = (d: CertDefect) => () => ({ ds: leaf(`defect-${d}`, { defects: [d] }), ka: ka() });

const cases: Case[] = [
  ['key usage both', 'REPLACEMENT_PROFILE', defect('keyUsageBoth')],
  ['policy missing', 'REPLACEMENT_PROFILE', defect('policyMissing')],
  ['unknown critical extension', 'REPLACEMENT_PROFILE', defect('unknownCriticalExtension')],
  [
    'wrong role OU (supplier certificate in an NO cell)',
    'REPLACEMENT_ROLE',
    () => ({ ds: leaf('role', { role: 2 }), ka: ka() }),
  ],
  [
    'wrong key usage (KA certificate in the DS cell)',
    'REPLACEMENT_KEY_USAGE',
    () => ({ ds: party('NO-B').ka.certificate, ka: ka() }),
  ],
  [
    'DS and KA of different owners',
    'REPLACEMENT_OWNER_MISMATCH',
    () => ({ ds: party('NO-B').ds.certificate, ka: party('NO-C').ka.certificate }),
  ],
  [
    'expired, time checks on',
    'REPLACEMENT_PATH_EXPIRED',
    () => ({
      ds: leaf('expired', {
        notBefore: new Date('2015-01-01T00:00:00Z'),
        notAfter: new Date('2020-01-01T00:00:00Z'),
      }),
      ka: ka(),
    }),
  ],
  [
    'not yet valid, time checks on',
    'REPLACEMENT_PATH_NOT_YET_VALID',
    () => ({
      ds: leaf('future', {
        notBefore: new Date('2030-01-01T00:00:00Z'),
        notAfter: new Date('2034-01-01T00:00:00Z'),
      }),
      ka: ka(),
    }),
  ],
  [
    'foreign CA',
    'REPLACEMENT_PATH_UNKNOWN_ISSUER',
    () => {
      const foreign = issueCaCertificate({ seed: 'foreign', label: 'ca', name: 'XX', ou: '07' });
      return {
        ds: issueLeafCertificate({
          seed: 'foreign',
          label: 'leaf',
          issuer: foreign,
          subjectEui: party('NO-B').eui,
          role: 3,
          keyUsage: 'DS',
        }).certificate,
        ka: ka(),
      };
    },
  ],
  ['bad certificate signature', 'REPLACEMENT_PATH_BAD_SIGNATURE', defect('badSignature')],
  [
    'forged KRP signature (KA key)',
    'AUTHORITY_SIGNATURE',
    () => ({ ds: party('NO-B').ds.certificate, ka: ka(), signer: 'KA' }),
  ],
  [
    'signed by another NO',
    'AUTHORITY_SIGNATURE',
    () => ({ ds: party('NO-B').ds.certificate, ka: ka(), signer: 'NO-A' }),
  ],
];

describe.each(policies)('under %s', (policy) => {
  it.each(cases)('refuses %s with %s and changes nothing', (_name, expected, build) => {
    const dcc = referenceDcc(policy);
    const before = JSON.stringify(snapshotDevice(dcc.device(M2)!));
    const c = build();
    const signer =
      c.signer === 'KA'
        ? party('NO-B').ka.signer
        : c.signer === 'NO-A'
          ? party('NO-A').ds.signer
          : party('NO-B').ds.signer;
    const v = dcc.perform(
      {
        request: noKrp('NO-B', 'NO-B', M2, 10n, { ds: c.ds, ka: c.ka, ...(c.path ? { path: c.path } : {}) }),
        at: T0,
      },
      signer,
    );
    expect(code(v)).toBe(expected);
    expect(JSON.stringify(snapshotDevice(dcc.device(M2)!))).toBe(before);
  });

  it('refuses a revoked replacement with REPLACEMENT_PATH_REVOKED', () => {
    const dcc = referenceDcc(policy);
    dcc.updateWorld((w) => ({ ...w, revoked: new Set([party('NO-B').ds.certificate.certificateId]) }));
    const v = dcc.perform({ request: noKrp('NO-B', 'NO-B', M2, 10n) }, party('NO-B').ds.signer);
    expect(code(v)).toBe('REPLACEMENT_PATH_REVOKED');
  });

  it('accepts an expired replacement when ApplyTimeBasedCPVChecks is off', () => {
    const dcc = referenceDcc(policy);
    const expired = leaf('expired-off', {
      notBefore: new Date('2015-01-01T00:00:00Z'),
      notAfter: new Date('2020-01-01T00:00:00Z'),
    });
    const v = dcc.perform(
      { request: noKrp('NO-B', 'NO-B', M2, 10n, { ds: expired, ka: ka(), applyTimeBasedCpvChecks: false }) },
      party('NO-B').ds.signer,
    );
    expect(code(v)).toBe('accepted');
  });

  it('refuses a replayed signed pre-command and a counter rollback', () => {
    const dcc = referenceDcc(policy);
    expect(code(dcc.perform({ request: noKrp('NO-B', 'NO-B', M2, 10n) }, party('NO-B').ds.signer))).toBe(
      'accepted',
    );
    expect(code(dcc.perform({ request: noKrp('NO-B', 'NO-B', M2, 10n) }, party('NO-B').ds.signer))).toBe(
      'AUTHORITY_REPLAY',
    );
    expect(code(dcc.perform({ request: noKrp('NO-B', 'NO-B', M2, 9n) }, party('NO-B').ds.signer))).toBe(
      'AUTHORITY_REPLAY',
    );
  });

  it('refuses a signed pre-command that differs from the one transformed', () => {
    const dcc = referenceDcc(policy);
    const request = noKrp('NO-B', 'NO-B', M2, 10n);
    const t = dcc.submit({ request });
    expect(t.outcome).toBe('accepted');
    const other = dcc.submit({ request: noKrp('NO-B', 'NO-A', M2, 11n) });
    const otherPre = other.outcome === 'accepted' ? other.preCommand! : new Uint8Array();
    // Sign the other request's pre-command but send it under the first request's ID.
    const signed = signKrp(decodeGeneralSigning(otherPre), party('NO-B').ds.signer);
    const v = dcc.submit({
      request: { ...request, commandVariant: 5, body: { kind: 'SignedPreCommand', gbcsPayload: signed } },
    });
    expect(code(v)).toBe('SEND_PRECOMMAND_MISMATCH');
  });
});
