import {
  RemotePartyRole,
  validatePath,
  verifyP1363,
  type Eui,
  type OrgCertificate,
  type RevocationList,
} from '../../certs';
import {
  isXmlSigningRole,
  serialDecimal,
  x509IssuerName,
  type XmlSigningRole,
} from '../../certs/xml-signing';
import { canonicalize, canonicalSha256 } from './c14n';
import { parseRequestId } from './request-id';
import { textContent, type XDocument, type XElement } from './xml-dom';
import { attribute, BASE64, EXC_C14N, FILTER2, leafValue, refuse, type Check } from './xmldsig-profile';

// Keys and signature values of DUIS XML-DSig: the SignatureValue, KeyInfo, the signer's certificate
// (lookup, expected party, trust) and the digest and signature checks through the crypto seam.

/** What a verifier trusts: the XML-signing certificates it can look signers up in, and the anchor. */
export interface XmlSigTrust {
  /** Candidate signer certificates, found by issuer name + serial; the signer's OU must be its role's. */
  readonly certificates: readonly OrgCertificate[];
  /**
   * Certificates the user named one by one (`duis verify --cert`, a target profile's DCC
   * certificates), found like `certificates` but accepted as signer whatever their OU: the user
   * vouches for them (the DCC's tool checks against the certificate it is given, whatever its OU;
   * DCC Boxed signs some responses with the ACB's digital-signing certificate, OU 04, and the
   * pre-1.4.1 DSP XML-signing profile wrote OU "137"). A Response signed by one of them counts as
   * the DCC's; a Request's signer must still be its sender.
   */
  readonly pinned?: readonly OrgCertificate[];
  /**
   * The trust anchor the signer must chain to; absent = the key store's certificates are pinned
   * (trusted as they are, as the DCC's own tool does), so only their validity time and revocation count.
   */
  readonly anchor?: OrgCertificate;
  readonly intermediates?: readonly OrgCertificate[];
  readonly revoked?: RevocationList;
  /** Validation time for the signer's path; undefined = no time checks. */
  readonly at?: Date;
  /** The DCC's EUI: a Response must be signed by this EUI's DCC XML-signing certificate. */
  readonly dccEui?: Eui;
}

/** Who must have signed; by default derived from the document (see {@link verifyDuisXml}). */
export interface ExpectedSigner {
  readonly eui?: Eui;
  readonly role: XmlSigningRole;
}

/** Decodes a SignatureValue: whitespace (including `&#13;` line breaks) dropped, exactly 64 bytes. */
export function decodeSignatureValue(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\s\r\n]+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== compact) return undefined;
  return new Uint8Array(bytes);
}

/** The KeyInfo content naming `cert` by X509IssuerSerial. */
export function keyInfoXml(cert: OrgCertificate, prefix: string): string {
  const p = prefix ? `${prefix}:` : '';
  return (
    `<${p}X509Data><${p}X509IssuerSerial><${p}X509IssuerName>${x509IssuerName(cert)}</${p}X509IssuerName>` +
    `<${p}X509SerialNumber>${serialDecimal(cert)}</${p}X509SerialNumber></${p}X509IssuerSerial></${p}X509Data>`
  );
}

/** Parses `CN=Z1,OU=07` (either order, no escapes) into its CN and OU; undefined when malformed. */
export function parseIssuerName(text: string): { cn: string; ou?: string } | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const m = /^\s*(CN|OU)=([^=+"\\<>;#]+?)\s*$/i.exec(part);
    if (!m) return undefined;
    const key = m[1]!.toUpperCase();
    if (out[key] !== undefined) return undefined;
    out[key] = m[2]!;
  }
  return out.CN === undefined ? undefined : { cn: out.CN, ...(out.OU !== undefined ? { ou: out.OU } : {}) };
}

/**
 * The signer certificate named by issuer and serial (canonical decimal, as readSignature admits it)
 * in the key store, pinned certificates first, or a refusal.
 */
export function findCertificate(
  trust: XmlSigTrust,
  issuerName: string,
  serial: string,
): OrgCertificate | Check {
  const issuer = parseIssuerName(issuerName);
  if (!issuer)
    return refuse('XMLDSIG_KEYINFO', `X509IssuerName ${JSON.stringify(issuerName.slice(0, 60))} malformed`);
  // `serial` is canonical decimal (xmldsig-profile.ts readSignature), compared as text with each
  // candidate's decimal serial, written once per certificate
  const matches = (c: OrgCertificate): boolean =>
    c.issuerCn === issuer.cn &&
    (issuer.ou === undefined || c.issuerOu === issuer.ou) &&
    decimalSerialOf(c) === serial;
  const found = trust.pinned?.find(matches) ?? trust.certificates.find(matches);
  return (
    found ??
    refuse('XMLDSIG_UNKNOWN_SIGNER', `no certificate ${serial} issued by ${issuerName} in the key store`)
  );
}

/** Each certificate's serial in decimal, kept as long as the certificate is. */
const decimalSerials = new WeakMap<OrgCertificate, string>();

function decimalSerialOf(cert: OrgCertificate): string {
  let text = decimalSerials.get(cert);
  if (text === undefined) {
    text = serialDecimal(cert);
    decimalSerials.set(cert, text);
  }
  return text;
}

/** Who must have signed the document: the DCC for a Response, the RequestID's originator for a Request. */
export function documentExpectation(doc: XDocument, trust: XmlSigTrust): ExpectedSigner | Check {
  const root = doc.root;
  if (root.local === 'Response') {
    return { role: RemotePartyRole.dspXmlSign, ...(trust.dccEui ? { eui: trust.dccEui } : {}) };
  }
  if (root.local !== 'Request')
    return refuse('XMLDSIG_WRONG_SIGNER', `no signer is expected for a ${root.local} document`);
  const header = root.children.find((e) => e.local === 'Header');
  const idNode = header?.children.find((e) => e.local === 'RequestID');
  try {
    const id = parseRequestId(idNode ? textContent(idNode) : '');
    return { role: RemotePartyRole.xmlSign, eui: id.originator };
  } catch {
    return refuse('XMLDSIG_WRONG_SIGNER', 'the RequestID does not name a sender');
  }
}

/**
 * Checks the signer certificate: XML-signing role (not for a pinned one), the expected party, its
 * path (or pinned validity).
 */
export function checkSigner(cert: OrgCertificate, expected: ExpectedSigner, trust: XmlSigTrust): Check {
  const pinned = trust.pinned?.includes(cert) ?? false;
  if (cert.keyUsage !== 'DS' || cert.publicKey === undefined)
    return refuse(
      'XMLDSIG_NOT_XML_SIGNING',
      `certificate ${cert.certificateId} is not a digital-signing certificate`,
    );
  if (!pinned && !isXmlSigningRole(cert.role))
    return refuse(
      'XMLDSIG_NOT_XML_SIGNING',
      `certificate ${cert.certificateId} is not an XML-signing certificate`,
    );
  if (!pinned && cert.role !== expected.role)
    return refuse(
      'XMLDSIG_NOT_XML_SIGNING',
      `certificate role ${(cert.role ?? 0).toString(16)} where ${expected.role.toString(16)} is required`,
    );
  const responseByPinned = pinned && expected.role === RemotePartyRole.dspXmlSign;
  if (expected.eui !== undefined && cert.eui !== expected.eui && !responseByPinned)
    return refuse('XMLDSIG_WRONG_SIGNER', `signed by ${cert.eui ?? '?'}, expected ${expected.eui}`);
  if (!trust.anchor) return pinnedCheck(cert, trust);
  const path = validatePath(cert, {
    anchor: trust.anchor,
    ...(trust.intermediates ? { intermediates: trust.intermediates } : {}),
    ...(trust.revoked ? { revoked: trust.revoked } : {}),
    ...(trust.at ? { at: trust.at } : {}),
  });
  return path.ok ? undefined : refuse('XMLDSIG_CERT_PATH', `${path.code}: ${path.detail}`);
}

function pinnedCheck(cert: OrgCertificate, trust: XmlSigTrust): Check {
  if (trust.revoked?.has(cert.certificateId))
    return refuse('XMLDSIG_CERT_PATH', `PATH_REVOKED: certificate ${cert.certificateId} is revoked`);
  if (trust.at && trust.at < cert.notBefore)
    return refuse(
      'XMLDSIG_CERT_PATH',
      `PATH_NOT_YET_VALID: not valid before ${cert.notBefore.toISOString()}`,
    );
  if (trust.at && trust.at > cert.notAfter)
    return refuse('XMLDSIG_CERT_PATH', `PATH_EXPIRED: expired at ${cert.notAfter.toISOString()}`);
  return undefined;
}

/**
 * Checks the SignatureValue shape, the reference digest (the document without the enveloped
 * `signature`, canonicalised as its Transforms say) and the ECDSA signature over the exclusive
 * canonical SignedInfo with `cert`'s key, through the crypto seam. The profile's shape checks
 * (xmldsig-profile.ts) have passed, so the elements read here are where the profile puts them.
 */
export function cryptoCheck(doc: XDocument, signature: XElement, cert: OrgCertificate): Check {
  const [signedInfo, value] = signature.children as [XElement, XElement];
  const text = leafValue(value);
  const sig = text === undefined ? undefined : decodeSignatureValue(text);
  if (!sig) return refuse('XMLDSIG_SIGNATURE_VALUE', 'SignatureValue is not the base64 of 64 bytes (r||s)');
  if (!cert.publicKey) return refuse('XMLDSIG_NOT_XML_SIGNING', 'the certificate carries no usable key');
  const reference = signedInfo.children[2]!;
  const [transforms, , digestValue] = reference.children as [XElement, XElement, XElement];
  const list = transforms.children;
  // the own-element filter (xmldsig-profile.ts) selects the signature's parent, a SMETS1SignedResponse,
  // then exclusive c14n; otherwise the whole document, canonicalised as the second transform says
  const own = list[0] !== undefined && attribute(list[0], 'Algorithm') === FILTER2;
  const apex = own ? signature.parent! : doc.root;
  const mode = own || (list[1] && attribute(list[1], 'Algorithm') === EXC_C14N) ? 'exclusive' : 'inclusive';
  const digest = canonicalSha256(apex, mode, { omit: signature });
  const expected = Buffer.from(textContent(digestValue).trim(), 'base64');
  if (!Buffer.from(digest).equals(expected))
    return refuse('XMLDSIG_DIGEST', 'the document does not match the signed digest');
  const material = Buffer.from(canonicalize(signedInfo, 'exclusive'), 'utf8');
  return verifyP1363(cert.publicKey, material, sig)
    ? undefined
    : refuse('XMLDSIG_SIGNATURE', 'SignatureValue does not verify with the signer certificate');
}
