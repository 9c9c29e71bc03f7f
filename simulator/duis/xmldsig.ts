import { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import {
  RemotePartyRole,
  validatePath,
  verifyP1363,
  type CredentialPair,
  type Eui,
  type OrgCertificate,
  type RevocationList,
  type Signer,
} from '../../certs';
import {
  isXmlSigningRole,
  serialDecimal,
  x509IssuerName,
  type XmlSigningRole,
} from '../../certs/xml-signing';
import { DuisError } from './errors';
import { parseRequestId } from './request-id';
import {
  compactDom,
  elementChildren,
  findCommentOrPi,
  hasNonWhitespaceText,
  parseDom,
  serializeDom,
} from './xml-dom';

// XML-DSig in the DUIS profile (docs/duis-signatures.md): xml-crypto canonicalises and digests;
// the ECDSA maths is the project's crypto seam (certs/crypto.ts), plugged in as a signature algorithm.

/** The XML-DSig namespace. */
export const DS_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Why a DUIS XML signature was refused. */
export type XmlSigFailureCode =
  | 'XMLDSIG_MISSING'
  | 'XMLDSIG_WRAPPING'
  | 'XMLDSIG_STRUCTURE'
  | 'XMLDSIG_ALGORITHM'
  | 'XMLDSIG_REFERENCE'
  | 'XMLDSIG_COMMENT'
  | 'XMLDSIG_KEYINFO'
  | 'XMLDSIG_UNKNOWN_SIGNER'
  | 'XMLDSIG_NOT_XML_SIGNING'
  | 'XMLDSIG_WRONG_SIGNER'
  | 'XMLDSIG_CERT_PATH'
  | 'XMLDSIG_SIGNATURE_VALUE'
  | 'XMLDSIG_DIGEST'
  | 'XMLDSIG_SIGNATURE';

/** Every XML-DSig failure code, in a stable order. */
export const XMLSIG_FAILURE_CODES: readonly XmlSigFailureCode[] = [
  'XMLDSIG_MISSING',
  'XMLDSIG_WRAPPING',
  'XMLDSIG_STRUCTURE',
  'XMLDSIG_ALGORITHM',
  'XMLDSIG_REFERENCE',
  'XMLDSIG_COMMENT',
  'XMLDSIG_KEYINFO',
  'XMLDSIG_UNKNOWN_SIGNER',
  'XMLDSIG_NOT_XML_SIGNING',
  'XMLDSIG_WRONG_SIGNER',
  'XMLDSIG_CERT_PATH',
  'XMLDSIG_SIGNATURE_VALUE',
  'XMLDSIG_DIGEST',
  'XMLDSIG_SIGNATURE',
];

/** The outcome of verifying a signed DUIS document: refusals are data. */
export type XmlSigVerdict =
  | { readonly ok: true; readonly signer: OrgCertificate }
  | { readonly ok: false; readonly code: XmlSigFailureCode; readonly detail: string };

/** What a verifier trusts: the XML-signing certificates it can look signers up in, and the anchor. */
export interface XmlSigTrust {
  /** Candidate signer certificates, found by issuer name + serial. */
  readonly certificates: readonly OrgCertificate[];
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

/** Options of {@link verifyDuisXml}. */
export interface VerifyOptions {
  readonly expected?: ExpectedSigner;
  /**
   * Local names of elements whose own last-child Signature belongs to an inner signer and is left
   * to a separate check (default: `SMETS1SignedResponse`).
   */
  readonly innerSignatureParents?: readonly string[];
}

type Check = { ok: false; code: XmlSigFailureCode; detail: string } | undefined;

function refuse(
  code: XmlSigFailureCode,
  detail: string,
): { ok: false; code: XmlSigFailureCode; detail: string } {
  return { ok: false, code, detail };
}

function isDs(e: Element, local: string): boolean {
  return e.namespaceURI === DS_NAMESPACE && e.localName === local;
}

/** Decodes a SignatureValue: whitespace (including `&#13;` line breaks) dropped, exactly 64 bytes. */
export function decodeSignatureValue(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\s\r\n]+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== compact) return undefined;
  return Uint8Array.from(bytes);
}

function seamAlgorithm(signer: Signer | undefined): new () => {
  getAlgorithmName(): string;
  getSignature(signedInfo: unknown): string;
  verifySignature(material: string, key: unknown, signatureValue: string): boolean;
} {
  return class SeamEcdsaSha256 {
    getAlgorithmName(): string {
      return ECDSA_SHA256;
    }
    getSignature(signedInfo: unknown): string {
      if (!signer) throw new DuisError('ERR_DUIS_FIELD', 'no signer for XML signature');
      const bytes = typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : (signedInfo as Buffer);
      return Buffer.from(signer.sign(Uint8Array.from(bytes))).toString('base64');
    }
    verifySignature(material: string, key: unknown, signatureValue: string): boolean {
      const sig = decodeSignatureValue(signatureValue);
      if (!sig || !(key instanceof KeyObject)) return false;
      return verifyP1363(key, Buffer.from(material, 'utf8'), sig);
    }
  };
}

function keyInfoXml(cert: OrgCertificate, prefix: string): string {
  const p = prefix ? `${prefix}:` : '';
  return (
    `<${p}X509Data><${p}X509IssuerSerial><${p}X509IssuerName>${x509IssuerName(cert)}</${p}X509IssuerName>` +
    `<${p}X509SerialNumber>${serialDecimal(cert)}</${p}X509SerialNumber></${p}X509IssuerSerial></${p}X509Data>`
  );
}

/**
 * Signs a DUIS document as the DCC's tooling does: any existing root-level signature dropped,
 * whitespace between elements removed, an enveloped `ds:Signature` appended as the root's last
 * child (Reference URI="", enveloped-signature transform, SHA-256, exc-c14n SignedInfo,
 * ecdsa-sha256 r||s, KeyInfo X509IssuerSerial of `pair`'s certificate).
 */
export function signDuisXml(xml: string, pair: CredentialPair): string {
  const doc = parseDom(xml);
  const root = doc.documentElement;
  for (const child of elementChildren(root)) if (isDs(child, 'Signature')) root.removeChild(child);
  if (doc.getElementsByTagNameNS(DS_NAMESPACE, 'Signature').length > 0 && !allowedInner(doc, root)) {
    throw new DuisError('ERR_DUIS_SCHEMA', 'document holds a Signature that is not the root signature');
  }
  compactDom(doc);
  const compact = serializeDom(doc);
  const sig = new SignedXml({
    // xml-crypto only checks that some key is set; the seam signer captured below does the signing.
    privateKey: pair.signer.publicKey,
    signatureAlgorithm: ECDSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: (args) => keyInfoXml(pair.certificate, args?.prefix ?? 'ds'),
  });
  sig.SignatureAlgorithms[ECDSA_SHA256] = seamAlgorithm(pair.signer);
  sig.addReference({
    xpath: '/*',
    uri: '',
    isEmptyUri: true,
    transforms: [ENVELOPED],
    digestAlgorithm: SHA256,
  });
  try {
    sig.computeSignature(compact, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  } catch (cause) {
    if (cause instanceof DuisError) throw cause;
    throw new DuisError('ERR_DUIS_XML', 'XML signature could not be computed', { cause });
  }
  const out = sig.getSignedXml();
  return out.startsWith('<?xml') ? out : `<?xml version="1.0" encoding="UTF-8"?>${out}`;
}

function allowedInner(
  doc: Document,
  root: Element,
  parents: readonly string[] = ['SMETS1SignedResponse'],
): boolean {
  const all = Array.from(doc.getElementsByTagNameNS(DS_NAMESPACE, 'Signature'));
  return all.every((s) => {
    const parent = s.parentNode as Element | null;
    if (!parent || parent === root) return parent === root;
    const siblings = elementChildren(parent);
    return parents.includes(parent.localName ?? '') && siblings[siblings.length - 1] === s;
  });
}

function onlyChildren(parent: Element, names: readonly string[], where: string): Element[] | Check {
  const kids = elementChildren(parent);
  if (hasNonWhitespaceText(parent)) return refuse('XMLDSIG_STRUCTURE', `${where} holds text`);
  if (kids.length !== names.length || kids.some((k, i) => !isDs(k, names[i]!)))
    return refuse(
      'XMLDSIG_STRUCTURE',
      `${where} must hold exactly ${names.join(', ')}; found ${kids.map((k) => k.localName).join(', ') || 'nothing'}`,
    );
  return kids;
}

function leafValue(e: Element): string | undefined {
  return elementChildren(e).length > 0 ? undefined : (e.textContent ?? '');
}

function attributesExactly(e: Element, allowed: readonly string[]): boolean {
  for (let i = 0; i < e.attributes.length; i++) {
    const a = e.attributes.item(i)!;
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    if (!allowed.includes(a.name)) return false;
  }
  return allowed.every((n) => e.hasAttribute(n));
}

function algorithmIs(e: Element, uri: string, what: string): Check {
  if (!attributesExactly(e, ['Algorithm']) || elementChildren(e).length > 0 || hasNonWhitespaceText(e))
    return refuse('XMLDSIG_STRUCTURE', `${what} must carry only an Algorithm attribute`);
  const alg = e.getAttribute('Algorithm');
  return alg === uri ? undefined : refuse('XMLDSIG_ALGORITHM', `${what} ${alg ?? ''} is not ${uri}`);
}

interface SignatureParts {
  signature: Element;
  issuerName: string;
  serial: string;
}

function checkSignedInfo(signedInfo: Element): Check {
  const kids = onlyChildren(
    signedInfo,
    ['CanonicalizationMethod', 'SignatureMethod', 'Reference'],
    'SignedInfo',
  );
  if (!Array.isArray(kids)) return kids;
  const [c14n, method, reference] = kids as [Element, Element, Element];
  const bad =
    algorithmIs(c14n, EXC_C14N, 'CanonicalizationMethod') ??
    algorithmIs(method, ECDSA_SHA256, 'SignatureMethod');
  if (bad) return bad;
  if (!attributesExactly(reference, ['URI']) || reference.getAttribute('URI') !== '')
    return refuse('XMLDSIG_REFERENCE', 'the one Reference must be URI="" and carry nothing else');
  const parts = onlyChildren(reference, ['Transforms', 'DigestMethod', 'DigestValue'], 'Reference');
  if (!Array.isArray(parts)) return parts;
  const [transforms, digestMethod, digestValue] = parts as [Element, Element, Element];
  const list = elementChildren(transforms);
  if (
    hasNonWhitespaceText(transforms) ||
    list.length < 1 ||
    list.length > 2 ||
    list.some((t) => !isDs(t, 'Transform'))
  )
    return refuse(
      'XMLDSIG_STRUCTURE',
      'Transforms must hold the enveloped-signature transform (and at most a canonicalisation)',
    );
  const first = algorithmIs(list[0]!, ENVELOPED, 'first Transform');
  if (first) return first;
  if (list[1]) {
    const alg = list[1].getAttribute('Algorithm');
    if (alg !== EXC_C14N && alg !== C14N)
      return refuse(
        'XMLDSIG_ALGORITHM',
        `second Transform ${alg ?? ''} is not a canonicalisation without comments`,
      );
    const shape = algorithmIs(list[1], alg, 'second Transform');
    if (shape) return shape;
  }
  const digest = algorithmIs(digestMethod, SHA256, 'DigestMethod');
  if (digest) return digest;
  const value = leafValue(digestValue);
  if (value === undefined || !BASE64.test(value.trim()) || Buffer.from(value.trim(), 'base64').length !== 32)
    return refuse('XMLDSIG_STRUCTURE', 'DigestValue is not the base64 of 32 bytes');
  return undefined;
}

function readSignature(doc: Document, parents: readonly string[]): SignatureParts | Check {
  const root = doc.documentElement;
  const all = Array.from(doc.getElementsByTagNameNS(DS_NAMESPACE, 'Signature'));
  const rootKids = elementChildren(root);
  const last = rootKids[rootKids.length - 1];
  const own = all.filter((s) => s.parentNode === root);
  if (all.length === 0) return refuse('XMLDSIG_MISSING', 'the document is not signed');
  if (own.length !== 1) return refuse('XMLDSIG_WRAPPING', `expected one root Signature, found ${own.length}`);
  if (!last || own[0] !== last)
    return refuse('XMLDSIG_WRAPPING', 'the Signature is not the last child of the root');
  if (!allowedInner(doc, root, parents))
    return refuse('XMLDSIG_WRAPPING', 'a second Signature sits where no inner signer is expected');
  for (let n = last.nextSibling; n; n = n.nextSibling)
    if ((n.nodeValue ?? '').trim() !== '') return refuse('XMLDSIG_WRAPPING', 'content after the Signature');
  const signature = last;
  if (!attributesExactly(signature, [])) return refuse('XMLDSIG_STRUCTURE', 'Signature carries attributes');
  const kids = onlyChildren(signature, ['SignedInfo', 'SignatureValue', 'KeyInfo'], 'Signature');
  if (!Array.isArray(kids)) return kids;
  const [signedInfo, , keyInfo] = kids as [Element, Element, Element];
  const bad = checkSignedInfo(signedInfo);
  if (bad) return bad;
  const data = onlyChildren(keyInfo, ['X509Data'], 'KeyInfo');
  if (!Array.isArray(data)) return refuse('XMLDSIG_KEYINFO', data!.detail);
  const issuerSerial = onlyChildren(data[0]!, ['X509IssuerSerial'], 'X509Data');
  if (!Array.isArray(issuerSerial)) return refuse('XMLDSIG_KEYINFO', issuerSerial!.detail);
  const fields = onlyChildren(issuerSerial[0]!, ['X509IssuerName', 'X509SerialNumber'], 'X509IssuerSerial');
  if (!Array.isArray(fields)) return refuse('XMLDSIG_KEYINFO', fields!.detail);
  const issuerName = leafValue(fields[0]!)?.trim();
  const serial = leafValue(fields[1]!)?.trim();
  if (!issuerName || !serial || !/^(0|[1-9][0-9]{0,48})$/.test(serial))
    return refuse('XMLDSIG_KEYINFO', 'X509IssuerName or X509SerialNumber (decimal) malformed');
  return { signature, issuerName, serial };
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

function findCertificate(trust: XmlSigTrust, issuerName: string, serial: string): OrgCertificate | Check {
  const issuer = parseIssuerName(issuerName);
  if (!issuer)
    return refuse('XMLDSIG_KEYINFO', `X509IssuerName ${JSON.stringify(issuerName.slice(0, 60))} malformed`);
  const wanted = BigInt(serial);
  const found = trust.certificates.find(
    (c) =>
      c.issuerCn === issuer.cn &&
      (issuer.ou === undefined || c.issuerOu === issuer.ou) &&
      BigInt(`0x${c.serialHex || '0'}`) === wanted,
  );
  return (
    found ??
    refuse('XMLDSIG_UNKNOWN_SIGNER', `no certificate ${serial} issued by ${issuerName} in the key store`)
  );
}

function documentExpectation(doc: Document, trust: XmlSigTrust): ExpectedSigner | Check {
  const root = doc.documentElement;
  if (root.localName === 'Response') {
    return { role: RemotePartyRole.dspXmlSign, ...(trust.dccEui ? { eui: trust.dccEui } : {}) };
  }
  if (root.localName !== 'Request')
    return refuse('XMLDSIG_WRONG_SIGNER', `no signer is expected for a ${root.localName ?? '?'} document`);
  const header = elementChildren(root).find((e) => e.localName === 'Header');
  const idNode = header && elementChildren(header).find((e) => e.localName === 'RequestID');
  try {
    const id = parseRequestId(idNode?.textContent ?? '');
    return { role: RemotePartyRole.xmlSign, eui: id.originator };
  } catch {
    return refuse('XMLDSIG_WRONG_SIGNER', 'the RequestID does not name a sender');
  }
}

function checkSigner(cert: OrgCertificate, expected: ExpectedSigner, trust: XmlSigTrust): Check {
  if (!isXmlSigningRole(cert.role) || cert.keyUsage !== 'DS' || cert.publicKey === undefined)
    return refuse(
      'XMLDSIG_NOT_XML_SIGNING',
      `certificate ${cert.certificateId} is not an XML-signing certificate`,
    );
  if (cert.role !== expected.role)
    return refuse(
      'XMLDSIG_NOT_XML_SIGNING',
      `certificate role ${cert.role.toString(16)} where ${expected.role.toString(16)} is required`,
    );
  if (expected.eui !== undefined && cert.eui !== expected.eui)
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

function cryptoCheck(xml: string, signature: Element, cert: OrgCertificate): Check {
  const value = elementChildren(signature)[1]!;
  if (leafValue(value) === undefined || !decodeSignatureValue(value.textContent ?? ''))
    return refuse('XMLDSIG_SIGNATURE_VALUE', 'SignatureValue is not the base64 of 64 bytes (r||s)');
  const sig = new SignedXml({ publicCert: cert.publicKey, getCertFromKeyInfo: () => null });
  sig.SignatureAlgorithms[ECDSA_SHA256] = seamAlgorithm(undefined);
  try {
    sig.loadSignature(signature);
    return sig.checkSignature(xml)
      ? undefined
      : refuse('XMLDSIG_DIGEST', 'the document does not match the signed digest');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return /signature value/i.test(message)
      ? refuse('XMLDSIG_SIGNATURE', 'SignatureValue does not verify with the signer certificate')
      : refuse('XMLDSIG_STRUCTURE', `XML-DSig check refused: ${message.slice(0, 120)}`);
  }
}

/**
 * Verifies a signed DUIS document: the DUIS profile shape (one root-level enveloped Signature, last
 * child, no wrapping), the signer found by issuer + serial in `trust.certificates`, that it is an
 * XML-signing certificate of the expected party (a Request: the EUI leading the RequestID, role 135;
 * a Response: the DCC, role 137), its path to the anchor, then digest and ECDSA signature.
 * Throws DuisError only when the text is not admissible XML.
 */
export function verifyDuisXml(xml: string, trust: XmlSigTrust, options: VerifyOptions = {}): XmlSigVerdict {
  const doc = parseDom(xml);
  const comment = findCommentOrPi(doc.documentElement);
  if (comment)
    return refuse('XMLDSIG_COMMENT', 'comments and processing instructions are refused in signed DUIS');
  const parts = readSignature(doc, options.innerSignatureParents ?? ['SMETS1SignedResponse']);
  if (!parts || !('signature' in parts)) return parts!;
  const expected = options.expected ?? documentExpectation(doc, trust);
  if (!expected || !('role' in expected)) return expected!;
  const cert = findCertificate(trust, parts.issuerName, parts.serial);
  if (!cert || !('fingerprint' in cert)) return cert!;
  const bad = checkSigner(cert, expected, trust) ?? cryptoCheck(xml, parts.signature, cert);
  return bad ?? { ok: true, signer: cert };
}

/** The text of the first element named `local` (any namespace) as a standalone document, or undefined. */
export function extractElement(xml: string, local: string): string | undefined {
  const doc = parseDom(xml);
  const all = Array.from(doc.getElementsByTagName('*')).filter((e) => e.localName === local);
  return all.length === 1 ? serializeDom(all[0]!) : undefined;
}
