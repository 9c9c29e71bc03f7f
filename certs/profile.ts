import { ExtensionOid } from './decode-extensions';
import { publicKeyLoads } from './decode';
import { isRoleCode } from './roles';
import type { OrgCertificate } from './types';

/** Stable codes of SMKI certificate profile findings. */
export type ProfileFindingCode =
  | 'PROFILE_KEY_USAGE_NONE'
  | 'PROFILE_KEY_USAGE_BOTH'
  | 'PROFILE_KEY_USAGE_OTHER'
  | 'PROFILE_KEY_USAGE_NOT_CRITICAL'
  | 'PROFILE_POLICY_MISSING'
  | 'PROFILE_POLICY_NOT_CRITICAL'
  | 'PROFILE_POLICY_COUNT'
  | 'PROFILE_UNKNOWN_CRITICAL_EXTENSION'
  | 'PROFILE_SKI_MISSING'
  | 'PROFILE_SKI_LENGTH'
  | 'PROFILE_AKI_MISSING'
  | 'PROFILE_AKI_LENGTH'
  | 'PROFILE_OU_MALFORMED'
  | 'PROFILE_ROLE_UNKNOWN'
  | 'PROFILE_EUI_MISSING'
  | 'PROFILE_EUI_LENGTH'
  | 'PROFILE_KEY_NOT_P256'
  | 'PROFILE_SIGNATURE_ALGORITHM'
  | 'PROFILE_SERIAL_NOT_POSITIVE'
  | 'PROFILE_SERIAL_LENGTH'
  | 'PROFILE_VERSION'
  | 'PROFILE_CA_CONSTRAINTS'
  | 'PROFILE_ISSUER_NAME';

/** One departure from the SMKI profile. */
export interface ProfileFinding {
  code: ProfileFindingCode;
  detail: string;
}

const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const P256_OID = '1.2.840.10045.3.1.7';
/** Extensions the profile allows to be critical (everything else critical is refused). */
export const UNDERSTOOD_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  ExtensionOid.keyUsage,
  ExtensionOid.basicConstraints,
  ExtensionOid.certificatePolicies,
]);

type Push = (code: ProfileFindingCode, detail: string) => void;

function extensionHeader(cert: OrgCertificate, oid: string): { critical: boolean } | undefined {
  return cert.extensions.find((e) => e.oid === oid);
}

function checkCommon(cert: OrgCertificate, push: Push): void {
  if (cert.version !== 3) push('PROFILE_VERSION', `X.509 v${cert.version}, expected v3`);
  const serial = cert.serialBytes;
  if (serial[0]! & 0x80 || serial.every((b) => b === 0)) {
    push('PROFILE_SERIAL_NOT_POSITIVE', 'serialNumber must be a positive integer');
  } else {
    const significant = serial[0] === 0 ? serial.length - 1 : serial.length;
    if (significant !== 16)
      push('PROFILE_SERIAL_LENGTH', `serialNumber has ${significant} bytes, expected 16`);
  }
  if (cert.signatureAlgorithmOid !== ECDSA_WITH_SHA256 || !cert.signatureAlgorithmsMatch) {
    push(
      'PROFILE_SIGNATURE_ALGORITHM',
      `signature algorithm ${cert.signatureAlgorithmOid}, expected ecdsa-with-SHA256`,
    );
  }
  if (cert.publicKeyCurveOid !== P256_OID || !publicKeyLoads(cert)) {
    push('PROFILE_KEY_NOT_P256', `public key curve ${cert.publicKeyCurveOid ?? 'none'}, expected P-256`);
  }
  for (const ext of cert.extensions) {
    if (ext.critical && !UNDERSTOOD_CRITICAL_EXTENSIONS.has(ext.oid)) {
      push('PROFILE_UNKNOWN_CRITICAL_EXTENSION', `unknown critical extension ${ext.oid}`);
    }
  }
  if (cert.ski === undefined) push('PROFILE_SKI_MISSING', 'subjectKeyIdentifier absent');
  else if (cert.ski.length !== 16)
    push('PROFILE_SKI_LENGTH', `subjectKeyIdentifier has ${cert.ski.length / 2} bytes, expected 8`);
  const policy = extensionHeader(cert, ExtensionOid.certificatePolicies);
  if (!policy) {
    push('PROFILE_POLICY_MISSING', 'certificatePolicies absent');
  } else {
    if (!policy.critical) push('PROFILE_POLICY_NOT_CRITICAL', 'certificatePolicies must be critical');
    if (cert.policyOids.length !== 1)
      push('PROFILE_POLICY_COUNT', `${cert.policyOids.length} policies, expected exactly one`);
  }
}

function checkKeyUsage(cert: OrgCertificate, allowed: readonly (readonly string[])[], push: Push): void {
  const header = extensionHeader(cert, ExtensionOid.keyUsage);
  const bits = cert.keyUsageBits ?? [];
  if (!header || bits.length === 0) {
    push('PROFILE_KEY_USAGE_NONE', 'keyUsage absent or empty');
    return;
  }
  if (!header.critical) push('PROFILE_KEY_USAGE_NOT_CRITICAL', 'keyUsage must be critical');
  const matches = allowed.some((set) => set.length === bits.length && set.every((b) => bits.includes(b)));
  if (matches) return;
  if (bits.includes('digitalSignature') && bits.includes('keyAgreement')) {
    push('PROFILE_KEY_USAGE_BOTH', 'keyUsage has both digitalSignature and keyAgreement');
  } else {
    push('PROFILE_KEY_USAGE_OTHER', `keyUsage ${bits.join('+')} not allowed here`);
  }
}

/** Profile findings per decoded certificate: the check is pure, and decoded certificates are shared. */
const orgProfileCache = new WeakMap<OrgCertificate, readonly ProfileFinding[]>();

/**
 * Checks an organisation (leaf) certificate against the SMKI organisation certificate profile;
 * an empty list means conformant. Results are cached per certificate (the hot path checks the
 * same replacement certificates again and again). @see SMKI Organisation Certificate Policy, Appendix (profile)
 */
export function checkOrgProfile(cert: OrgCertificate): readonly ProfileFinding[] {
  const cached = orgProfileCache.get(cert);
  if (cached) return cached;
  const findings = Object.freeze(computeOrgProfile(cert));
  orgProfileCache.set(cert, findings);
  return findings;
}

function computeOrgProfile(cert: OrgCertificate): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  const push: Push = (code, detail) => findings.push({ code, detail });
  checkCommon(cert, push);
  checkKeyUsage(cert, [['digitalSignature'], ['keyAgreement']], push);
  if (cert.aki === undefined) push('PROFILE_AKI_MISSING', 'authorityKeyIdentifier keyIdentifier absent');
  else if (cert.aki.length !== 16)
    push('PROFILE_AKI_LENGTH', `authorityKeyIdentifier has ${cert.aki.length / 2} bytes, expected 8`);
  if (cert.role === undefined)
    push(
      'PROFILE_OU_MALFORMED',
      `subject OU ${JSON.stringify(cert.subjectOu ?? null)} is not two hex digits`,
    );
  else if (!isRoleCode(cert.role))
    push('PROFILE_ROLE_UNKNOWN', `subject OU role ${cert.subjectOu} is not a known remote party role`);
  if (cert.uniqueIdentifierBits === undefined)
    push('PROFILE_EUI_MISSING', 'subject x500UniqueIdentifier absent');
  else if (cert.uniqueIdentifierBits !== 64)
    push('PROFILE_EUI_LENGTH', `x500UniqueIdentifier has ${cert.uniqueIdentifierBits} bits, expected 64`);
  if (cert.isCa) push('PROFILE_CA_CONSTRAINTS', 'an organisation certificate must not be a CA');
  if (cert.issuerOu !== '07' || cert.issuerCn === undefined) {
    push(
      'PROFILE_ISSUER_NAME',
      `issuer must be OU=07 with a CN, got OU=${cert.issuerOu ?? 'none'} CN=${cert.issuerCn ?? 'none'}`,
    );
  }
  return findings;
}

/** Checks a root (OU 00) or organisation CA (OU 07) certificate against the SMKI CA profile. */
export function checkCaProfile(cert: OrgCertificate): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  const push: Push = (code, detail) => findings.push({ code, detail });
  checkCommon(cert, push);
  checkKeyUsage(cert, [['keyCertSign', 'cRLSign']], push);
  const constraints = extensionHeader(cert, ExtensionOid.basicConstraints);
  if (!constraints?.critical || !cert.isCa)
    push('PROFILE_CA_CONSTRAINTS', 'basicConstraints must be critical with CA:TRUE');
  else if (cert.subjectOu === '07' && cert.pathLen !== 0)
    push('PROFILE_CA_CONSTRAINTS', `organisation CA pathLen ${cert.pathLen ?? 'none'}, expected 0`);
  if (cert.subjectOu !== '00' && cert.subjectOu !== '07')
    push('PROFILE_OU_MALFORMED', `CA subject OU ${cert.subjectOu ?? 'none'}, expected 00 or 07`);
  if (cert.aki !== undefined && cert.aki.length !== 16)
    push('PROFILE_AKI_LENGTH', `authorityKeyIdentifier has ${cert.aki.length / 2} bytes, expected 8`);
  return findings;
}
