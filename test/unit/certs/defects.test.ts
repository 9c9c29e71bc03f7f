import { checkOrgProfile, issueLeafCertificate, issueTestPki, parseEui, validatePath } from '../../../certs';
import type { CertDefect, LeafOptions } from '../../../certs';

const pki = issueTestPki({ seed: 'defects', parties: [] });
const base: LeafOptions = {
  seed: 'defects',
  label: 'leaf',
  issuer: pki.ca,
  subjectEui: parseEui('90B3D51F30030001'),
  role: 3,
  keyUsage: 'DS',
};
const anchor = pki.ca.certificate;

describe('deliberate certificate defects', () => {
  it('a defect-free leaf has no findings and validates', () => {
    const leaf = issueLeafCertificate(base).certificate;
    expect(checkOrgProfile(leaf)).toEqual([]);
    expect(validatePath(leaf, { anchor }).ok).toBe(true);
  });

  const profileCases: [CertDefect, string][] = [
    ['keyUsageBoth', 'PROFILE_KEY_USAGE_BOTH'],
    ['keyUsageNone', 'PROFILE_KEY_USAGE_NONE'],
    ['keyUsageNotCritical', 'PROFILE_KEY_USAGE_NOT_CRITICAL'],
    ['policyMissing', 'PROFILE_POLICY_MISSING'],
    ['policyNotCritical', 'PROFILE_POLICY_NOT_CRITICAL'],
    ['unknownCriticalExtension', 'PROFILE_UNKNOWN_CRITICAL_EXTENSION'],
    ['skiLength4', 'PROFILE_SKI_LENGTH'],
    ['akiMissing', 'PROFILE_AKI_MISSING'],
    ['ouMalformed', 'PROFILE_OU_MALFORMED'],
    ['serialNegative', 'PROFILE_SERIAL_NOT_POSITIVE'],
    ['wrongSignatureAlgorithm', 'PROFILE_SIGNATURE_ALGORITHM'],
  ];
  it.each(profileCases)('%s is caught as exactly %s', (defect, code) => {
    const cert = issueLeafCertificate({ ...base, defects: [defect] }).certificate;
    expect(checkOrgProfile(cert).map((f) => f.code)).toEqual([code]);
  });

  const pathCases: [CertDefect, string][] = [
    ['badSignature', 'PATH_BAD_SIGNATURE'],
    ['unknownCriticalExtension', 'PATH_UNKNOWN_CRITICAL_EXTENSION'],
    ['wrongSignatureAlgorithm', 'PATH_BAD_SIGNATURE'],
  ];
  it.each(pathCases)('%s is refused by path validation as %s', (defect, code) => {
    const cert = issueLeafCertificate({ ...base, defects: [defect] }).certificate;
    expect(validatePath(cert, { anchor })).toMatchObject({ ok: false, code, link: 0 });
  });

  it('badSignature keeps a conformant profile (only the path check sees it)', () => {
    expect(checkOrgProfile(issueLeafCertificate({ ...base, defects: ['badSignature'] }).certificate)).toEqual(
      [],
    );
  });

  it('a 7-byte EUI and an unknown role are caught', () => {
    const shortEui = issueLeafCertificate({ ...base, subjectEui: new Uint8Array(7) }).certificate;
    expect(checkOrgProfile(shortEui).map((f) => f.code)).toEqual(['PROFILE_EUI_LENGTH']);
    expect(shortEui.eui).toBeUndefined();
    const role = issueLeafCertificate({ ...base, role: 0x42 }).certificate;
    expect(checkOrgProfile(role).map((f) => f.code)).toEqual(['PROFILE_ROLE_UNKNOWN']);
  });

  it('reuses a given subject key for DS and KA of the same owner', () => {
    const key = issueLeafCertificate(base).signer;
    const ka = issueLeafCertificate({ ...base, label: 'leaf-ka', keyUsage: 'KA', subjectKey: key });
    expect(ka.signer).toBe(key);
    expect(ka.certificate.publicKey!.equals(key.publicKey)).toBe(true);
  });
});
