import { signerFromPrivateKeyPem } from './crypto';
import { CertsError } from './errors';
import { parseEui, type Eui } from './eui';
import { issueLeafCertificate } from './issue';
import { RemotePartyRole } from './roles';
import type { TestPki } from './test-pki';
import type { CredentialPair, OrgCertificate } from './types';

/** Role codes of XML-signing organisation certificates: a DCC user's (OU 87) or the DCC's own (OU 89). */
export type XmlSigningRole = typeof RemotePartyRole.xmlSign | typeof RemotePartyRole.dspXmlSign;

/** The EUI the reference world gives its DCC (the signer of every DUIS response it emits). */
export const REFERENCE_DCC_EUI: Eui = parseEui('90B3D51F30000002');

/** True when `role` is one of the two XML-signing role codes. */
export function isXmlSigningRole(role: number | undefined): role is XmlSigningRole {
  return role === RemotePartyRole.xmlSign || role === RemotePartyRole.dspXmlSign;
}

/**
 * Issues the XML-signing organisation certificate of `eui` under the test PKI's organisation CA,
 * deterministically from the PKI's seed (role 135 for a user, 137 for the DCC; digitalSignature).
 */
export function issueXmlSigningPair(pki: TestPki, eui: Eui, role: XmlSigningRole): CredentialPair {
  if (!isXmlSigningRole(role))
    throw new CertsError('ERR_PKI_OPTIONS', `role ${String(role)} is not an XML-signing role`);
  return issueLeafCertificate({
    seed: pki.seed,
    label: `xml-sign/${eui}/${role}`,
    issuer: pki.ca,
    subjectEui: eui,
    subjectCn: role === RemotePartyRole.dspXmlSign ? 'DCC-XML' : `XML-${eui}`,
    role,
    keyUsage: 'DS',
    notBefore: pki.ca.certificate.notBefore,
    notAfter: pki.ca.certificate.notAfter,
    policyOid: pki.ca.certificate.policyOids[0],
  });
}

/**
 * The same key signing through node:crypto (randomised ECDSA, several times faster than the
 * deterministic derivation's signer, certs/crypto.ts); what it signs verifies with the same certificate.
 */
export function withNodeSigner(pair: CredentialPair): CredentialPair {
  return {
    certificate: pair.certificate,
    signer: signerFromPrivateKeyPem(pair.signer.exportPrivateKeyPem()),
  };
}

/** XML-signing pairs for every party of a test PKI plus the DCC (`dccEui`, role 137). */
export function issueXmlSigningPairs(
  pki: TestPki,
  dccEui: Eui = REFERENCE_DCC_EUI,
): { users: ReadonlyMap<Eui, CredentialPair>; dcc: CredentialPair } {
  const users = new Map<Eui, CredentialPair>();
  for (const party of pki.parties) {
    if (!users.has(party.eui))
      users.set(party.eui, issueXmlSigningPair(pki, party.eui, RemotePartyRole.xmlSign));
  }
  return { users, dcc: issueXmlSigningPair(pki, dccEui, RemotePartyRole.dspXmlSign) };
}

/** The X509IssuerName of a certificate in the DCC's form, e.g. `CN=Z1,OU=07`. */
export function x509IssuerName(cert: OrgCertificate): string {
  if (cert.issuerCn === undefined)
    throw new CertsError('ERR_CERT_DECODE', `certificate ${cert.certificateId} has no issuer CN`);
  return cert.issuerOu === undefined ? `CN=${cert.issuerCn}` : `CN=${cert.issuerCn},OU=${cert.issuerOu}`;
}

/** The certificate serial number in decimal (X509SerialNumber). */
export function serialDecimal(cert: OrgCertificate): string {
  return BigInt(`0x${cert.serialHex || '0'}`).toString(10);
}
