import type { CredentialPair } from '../../certs';
import { canonicalSha256 } from './c14n';
import { SUG_NAMESPACE as SR_NAMESPACE } from './xml-tree';
import { DuisError } from './errors';
import {
  inheritedNamespaces,
  parseDom,
  serializeDocument,
  serializeElement,
  type XDocument,
  type XElement,
} from './xml-dom';
import {
  checkSigner,
  cryptoCheck,
  documentExpectation,
  findCertificate,
  keyInfoXml,
  type ExpectedSigner,
  type XmlSigTrust,
} from './xmldsig-keys';
import {
  allowedInner,
  DS_NAMESPACE,
  ECDSA_SHA256,
  ENVELOPED,
  EXC_C14N,
  FILTER2,
  isDs,
  OWN_ELEMENT_XPATH,
  readSignature,
  refuse,
  SHA256,
  type XmlSigVerdict,
} from './xmldsig-profile';

// XML-DSig in the DUIS profile (docs/duis-signatures.md): the profile's own canonicaliser (c14n.ts,
// one pass over the DOM) and digest; the ECDSA maths is the project's crypto seam (certs/crypto.ts).
// The profile's shape checks are in xmldsig-profile.ts, key and signer handling in xmldsig-keys.ts.

export {
  DS_NAMESPACE,
  XMLSIG_FAILURE_CODES,
  type XmlSigFailureCode,
  type XmlSigVerdict,
} from './xmldsig-profile';
export { decodeSignatureValue, parseIssuerName, type ExpectedSigner, type XmlSigTrust } from './xmldsig-keys';

/** Options of {@link verifyDuisXml}. */
export interface VerifyOptions {
  readonly expected?: ExpectedSigner;
  /**
   * Local names of elements whose own last-child Signature belongs to an inner signer and is left
   * to a separate check (default: `SMETS1SignedResponse`).
   */
  readonly innerSignatureParents?: readonly string[];
}

/**
 * Signs a DUIS document as the DCC's tooling does: any existing root-level signature dropped,
 * whitespace between elements removed, an enveloped `ds:Signature` appended as the root's last
 * child (Reference URI="", enveloped-signature transform, SHA-256, exc-c14n SignedInfo,
 * ecdsa-sha256 r||s, KeyInfo X509IssuerSerial of `pair`'s certificate). The document is parsed
 * once; the digest is taken over the canonical form of the tree as it is written out (compacted,
 * the old signature left out), so what is digested is what is sent.
 */
export function signDuisXml(xml: string, pair: CredentialPair): string {
  return signDuisDocument(parseDom(xml), pair);
}

/**
 * {@link signDuisXml} of a document already parsed, or built by the codec's writer (xml-emit.ts
 * emittedDocument): what the codec emits is signed without being written and parsed again.
 */
export function signDuisDocument(doc: XDocument, pair: CredentialPair): string {
  const root = doc.root;
  const dropped = new Set(root.children.filter((c) => isDs(c, 'Signature')));
  const kept = doc.signatures.filter((s) => !insideAny(s, dropped));
  if (isOwnElementRoot(root)) return signOwnElement(doc, dropped, kept, pair);
  if (kept.length > 0 && !allowedInner(kept, root))
    throw new DuisError('ERR_DUIS_SCHEMA', 'document holds a Signature that is not the root signature');
  // the Reference: the whole document (the Signature is not in it yet), inclusive C14N, SHA-256
  const digest = Buffer.from(canonicalSha256(root, 'inclusive', { omit: dropped, compact: true })).toString(
    'base64',
  );
  const signature = signatureXml(
    digest,
    (empty) => `<ds:Transform Algorithm="${ENVELOPED}"${empty('ds:Transform')}`,
    pair,
  );
  return serializeDocument(doc, { omit: dropped, compact: true, append: signature });
}

/** How an empty element ends: `/>` as the document writes it, `></name>` in canonical form. */
type EmptyEnd = (name: string) => string;

/**
 * The profile's ds:Signature over `digest`: SignedInfo signed in its exclusive canonical form (the
 * only namespace it uses is ds, declared on it) and written in the document with its empty
 * elements short, as a serialiser does; `transforms` writes the Reference's Transform elements.
 */
function signatureXml(digest: string, transforms: (empty: EmptyEnd) => string, pair: CredentialPair): string {
  const signedInfo = (ns: string, empty: EmptyEnd): string =>
    `<ds:SignedInfo${ns}>` +
    `<ds:CanonicalizationMethod Algorithm="${EXC_C14N}"${empty('ds:CanonicalizationMethod')}` +
    `<ds:SignatureMethod Algorithm="${ECDSA_SHA256}"${empty('ds:SignatureMethod')}` +
    `<ds:Reference URI=""><ds:Transforms>${transforms(empty)}</ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${SHA256}"${empty('ds:DigestMethod')}<ds:DigestValue>${digest}</ds:DigestValue>` +
    `</ds:Reference></ds:SignedInfo>`;
  const canonical = signedInfo(` xmlns:ds="${DS_NAMESPACE}"`, (e) => `></${e}>`);
  const value = Buffer.from(pair.signer.sign(Buffer.from(canonical, 'utf8'))).toString('base64');
  return (
    `<ds:Signature xmlns:ds="${DS_NAMESPACE}">${signedInfo('', () => '/>')}` +
    `<ds:SignatureValue>${value}</ds:SignatureValue>` +
    `<ds:KeyInfo>${keyInfoXml(pair.certificate, 'ds')}</ds:KeyInfo></ds:Signature>`
  );
}

/** True when `e` is one of `set` or sits below one of them. */
function insideAny(e: XElement, set: ReadonlySet<XElement>): boolean {
  for (let p: XElement | undefined = e; p; p = p.parent) if (set.has(p)) return true;
  return false;
}

function isOwnElementRoot(root: XElement): boolean {
  return root.local === 'SMETS1SignedResponse' && root.uri === SR_NAMESPACE;
}

/**
 * Signs a standalone SMETS1SignedResponse so that its signature verifies both on the element alone
 * and in place inside the DUIS Response that carries it (plain `xmlsec1 --verify` takes it first
 * there): the Reference selects the signature's own element with an XPath Filter 2.0 transform
 * (`here()/ancestor::sr:SMETS1SignedResponse[1]`, intersect), then the enveloped-signature
 * transform and exclusive c14n, whose output does not depend on the ancestors (the element declares
 * every namespace it uses). DUIS gives the element its own ds:Signature (the XSD) but not its
 * Reference; this is the project's choice (docs/dcc-boxed.md).
 */
function signOwnElement(
  doc: XDocument,
  dropped: ReadonlySet<XElement>,
  kept: readonly XElement[],
  pair: CredentialPair,
): string {
  if (kept.length > 0)
    throw new DuisError('ERR_DUIS_SCHEMA', 'a SMETS1SignedResponse holds a Signature below its own');
  const root = doc.root;
  const digest = Buffer.from(canonicalSha256(root, 'exclusive', { omit: dropped, compact: true })).toString(
    'base64',
  );
  // the XPath element declares its own namespace, so ds stays the one SignedInfo visibly uses
  const signature = signatureXml(
    digest,
    (empty) =>
      `<ds:Transform Algorithm="${FILTER2}"><dsig-xpath:XPath xmlns:dsig-xpath="${FILTER2}" Filter="intersect">${OWN_ELEMENT_XPATH}</dsig-xpath:XPath></ds:Transform>` +
      `<ds:Transform Algorithm="${ENVELOPED}"${empty('ds:Transform')}<ds:Transform Algorithm="${EXC_C14N}"${empty('ds:Transform')}`,
    pair,
  );
  return serializeDocument(doc, { omit: dropped, compact: true, append: signature });
}

/**
 * Verifies a signed DUIS document: the DUIS profile shape (one root-level enveloped Signature, last
 * child, no wrapping), the signer found by issuer + serial in `trust.certificates`, that it is an
 * XML-signing certificate of the expected party (a Request: the EUI leading the RequestID, role 135;
 * a Response: the DCC, role 137), its path to the anchor, then digest and ECDSA signature.
 * Throws DuisError only when the text is not admissible XML.
 */
export function verifyDuisXml(xml: string, trust: XmlSigTrust, options: VerifyOptions = {}): XmlSigVerdict {
  return verifyDuisDocument(parseDom(xml), trust, options);
}

/** {@link verifyDuisXml} over a parsed document (or a subtree made one, see {@link verifySmets1Inner}). */
export function verifyDuisDocument(
  doc: XDocument,
  trust: XmlSigTrust,
  options: VerifyOptions = {},
): XmlSigVerdict {
  if (doc.piInside) return refuse('XMLDSIG_COMMENT', 'processing instructions are refused in signed DUIS');
  const parts = readSignature(doc, options.innerSignatureParents ?? ['SMETS1SignedResponse']);
  if (!parts || !('signature' in parts)) return parts!;
  // comments in the content are left out by the canonicalisation (c14n without comments), as by the
  // DCC's tool and xmlsec1; inside the Signature, where values are read, none is accepted
  if (doc.commentInSignature) return refuse('XMLDSIG_COMMENT', 'comments are refused inside a Signature');
  const expected = options.expected ?? documentExpectation(doc, trust);
  if (!expected || !('role' in expected)) return expected!;
  const cert = findCertificate(trust, parts.issuerName, parts.serial);
  if (!cert || !('fingerprint' in cert)) return cert!;
  const bad = checkSigner(cert, expected, trust) ?? cryptoCheck(doc, parts.signature, cert);
  return bad ?? { ok: true, signer: cert };
}

/**
 * The document without its comments, as text: what was signed (c14n without comments leaves them
 * out), so a reader that treats comments differently from the canonicaliser cannot be given another
 * value than the one signed. Unchanged text when it holds no comment.
 */
export function withoutComments(xml: string): string {
  if (!xml.includes('<!--')) return xml;
  const doc = parseDom(xml);
  if (!doc.commentInside && doc.prolog.length + doc.epilog.length === 0) return xml;
  return serializeDocument(doc, { withoutComments: true });
}

/** The first element named `local` (any namespace) when there is exactly one, else undefined. */
export function findOnly(root: XElement, local: string): XElement | undefined {
  let found: XElement | undefined;
  let count = 0;
  const walk = (e: XElement): void => {
    if (e.local === local && count++ === 0) found = e;
    for (const c of e.children) walk(c);
  };
  walk(root);
  return count === 1 ? found : undefined;
}

/**
 * The text of the first element named `local` (any namespace) as a standalone document, or
 * undefined when there is not exactly one. Namespaces declared above it are declared on it.
 */
export function extractElement(xml: string, local: string): string | undefined {
  const e = findOnly(parseDom(xml).root, local);
  return e && serializeElement(e, { declare: inheritedNamespaces(e) });
}
