import { formatEuiHyphenated } from './eui';
import { isRoleCode, roleName } from './roles';
import type { KeyUsage } from './roles';
import type { OrgCertificate } from './types';
import { rawPublicKey } from './crypto';
import { checkCaProfile, checkOrgProfile } from './profile';
import type { ProfileFinding } from './profile';

/** JSON-able metadata of a certificate with its profile findings (no private material). */
export interface CertificateReport {
  fingerprint: string;
  serial: string;
  certificateId: string;
  issuerCn: string | null;
  subjectCn: string | null;
  role: number | null;
  roleName: string | null;
  /** Hyphenated EUI-64, e.g. `90-B3-D5-1F-30-02-00-00`. */
  eui: string | null;
  keyUsage: KeyUsage | null;
  keyUsageBits: string[];
  isCa: boolean;
  pathLen: number | null;
  ski: string | null;
  aki: string | null;
  notBefore: string;
  notAfter: string;
  policyOids: string[];
  /** Uncompressed EC point, hex; null when the key is not P-256. */
  publicKey: string | null;
  findings: ProfileFinding[];
}

/** Describes a certificate as JSON-able data, checked against the CA or organisation profile. */
export function inspectCertificate(cert: OrgCertificate): CertificateReport {
  const role = cert.role ?? null;
  return {
    fingerprint: cert.fingerprint,
    serial: cert.serialHex,
    certificateId: cert.certificateId,
    issuerCn: cert.issuerCn ?? null,
    subjectCn: cert.subjectCn ?? null,
    role,
    roleName: role !== null && isRoleCode(role) ? roleName(role) : null,
    eui: cert.eui ? formatEuiHyphenated(cert.eui) : null,
    keyUsage: cert.keyUsage ?? null,
    keyUsageBits: [...(cert.keyUsageBits ?? [])],
    isCa: cert.isCa,
    pathLen: cert.pathLen ?? null,
    ski: cert.ski ?? null,
    aki: cert.aki ?? null,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    policyOids: [...cert.policyOids],
    publicKey: cert.publicKey ? Buffer.from(rawPublicKey(cert.publicKey)).toString('hex') : null,
    findings: [...(cert.isCa ? checkCaProfile(cert) : checkOrgProfile(cert))],
  };
}
