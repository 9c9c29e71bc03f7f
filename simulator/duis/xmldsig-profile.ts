import type { OrgCertificate } from '../../certs';
import { hasNonWhitespaceText, lookupNamespace, textContent, type XDocument, type XElement } from './xml-dom';

// The XML-DSig profile of DUIS (docs/duis-signatures.md): algorithms, the refusal vocabulary, and the
// shape checks of the Signature (placement, SignedInfo, Reference, Transforms, KeyInfo).

/** The XML-DSig namespace. */
export const DS_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
/** Exclusive canonicalisation (SignedInfo and the optional second transform). */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
/** Inclusive canonicalisation without comments (accepted as the second transform). */
export const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/** The enveloped-signature transform. */
export const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
/** XML-Signature XPath Filter 2.0 (https://www.w3.org/TR/xmldsig-filter2/). */
export const FILTER2 = 'http://www.w3.org/2002/06/xmldsig-filter2';
/**
 * The one XPath Filter 2.0 expression the profile accepts: a SMETS1SignedResponse's signature
 * selects its own element, so it verifies in place inside a DUIS Response and on the element alone.
 */
export const OWN_ELEMENT_XPATH = 'here()/ancestor::sr:SMETS1SignedResponse[1]';
/** The DUIS namespace the `sr` prefix of {@link OWN_ELEMENT_XPATH} must name. */
const SR_NAMESPACE = 'http://www.dccinterface.co.uk/ServiceUserGateway';
/** The SHA-256 digest method. */
export const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
/** The ECDSA P-256 SHA-256 signature method. */
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
/** Padded base64 without whitespace. */
export const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

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

/** A check's result: undefined when it passes, else the refusal. */
export type Check = { ok: false; code: XmlSigFailureCode; detail: string } | undefined;

/** A refusal verdict. */
export function refuse(
  code: XmlSigFailureCode,
  detail: string,
): { ok: false; code: XmlSigFailureCode; detail: string } {
  return { ok: false, code, detail };
}

/** True for the XML-DSig element `local`. */
export function isDs(e: XElement, local: string): boolean {
  return e.uri === DS_NAMESPACE && e.local === local;
}

/** True when every Signature but the root's is the last child of an element named in `parents` (an inner signer). */
export function allowedInner(
  signatures: readonly XElement[],
  root: XElement,
  parents: readonly string[] = ['SMETS1SignedResponse'],
): boolean {
  return signatures.every((s) => {
    const parent = s.parent;
    if (!parent || parent === root) return parent === root;
    const siblings = parent.children;
    return parents.includes(parent.local) && siblings[siblings.length - 1] === s;
  });
}

function onlyChildren(parent: XElement, names: readonly string[], where: string): XElement[] | Check {
  const kids = parent.children as XElement[];
  if (hasNonWhitespaceText(parent)) return refuse('XMLDSIG_STRUCTURE', `${where} holds text`);
  if (kids.length !== names.length || kids.some((k, i) => !isDs(k, names[i]!)))
    return refuse(
      'XMLDSIG_STRUCTURE',
      `${where} must hold exactly ${names.join(', ')}; found ${kids.map((k) => k.local).join(', ') || 'nothing'}`,
    );
  return kids;
}

/** The text of an element without child elements, else undefined. */
export function leafValue(e: XElement): string | undefined {
  return e.children.length > 0 ? undefined : textContent(e);
}

/** The value of the attribute written `name` on `e`, or undefined. */
export function attribute(e: XElement, name: string): string | undefined {
  return e.attrs[name];
}

function attributesExactly(e: XElement, allowed: readonly string[]): boolean {
  for (const a of e.attributes) if (!allowed.includes(a.name)) return false;
  return allowed.every((n) => e.attrs[n] !== undefined);
}

function algorithmIs(e: XElement, uri: string, what: string): Check {
  if (!attributesExactly(e, ['Algorithm']) || e.children.length > 0 || hasNonWhitespaceText(e))
    return refuse('XMLDSIG_STRUCTURE', `${what} must carry only an Algorithm attribute`);
  const alg = attribute(e, 'Algorithm');
  return alg === uri ? undefined : refuse('XMLDSIG_ALGORITHM', `${what} ${alg ?? ''} is not ${uri}`);
}

/** The root Signature and the issuer and serial its KeyInfo names. */
export interface SignatureParts {
  signature: XElement;
  issuerName: string;
  serial: string;
}

/** True for the Transform selecting the signature's own SMETS1SignedResponse (XPath Filter 2.0, intersect). */
export function isOwnElementFilter(t: XElement): boolean {
  if (attribute(t, 'Algorithm') !== FILTER2 || hasNonWhitespaceText(t)) return false;
  const kids = t.children;
  const x = kids[0];
  return (
    kids.length === 1 &&
    x !== undefined &&
    x.uri === FILTER2 &&
    x.local === 'XPath' &&
    attributesExactly(x, ['Filter']) &&
    attribute(x, 'Filter') === 'intersect' &&
    x.children.length === 0 &&
    textContent(x).trim() === OWN_ELEMENT_XPATH &&
    lookupNamespace(x, 'sr') === SR_NAMESPACE
  );
}

function checkSignedInfo(signedInfo: XElement, ownElement: boolean): Check {
  const kids = onlyChildren(
    signedInfo,
    ['CanonicalizationMethod', 'SignatureMethod', 'Reference'],
    'SignedInfo',
  );
  if (!Array.isArray(kids)) return kids;
  const [c14n, method, reference] = kids as [XElement, XElement, XElement];
  const bad =
    algorithmIs(c14n, EXC_C14N, 'CanonicalizationMethod') ??
    algorithmIs(method, ECDSA_SHA256, 'SignatureMethod');
  if (bad) return bad;
  if (!attributesExactly(reference, ['URI']) || attribute(reference, 'URI') !== '')
    return refuse('XMLDSIG_REFERENCE', 'the one Reference must be URI="" and carry nothing else');
  const parts = onlyChildren(reference, ['Transforms', 'DigestMethod', 'DigestValue'], 'Reference');
  if (!Array.isArray(parts)) return parts;
  const [transforms, digestMethod, digestValue] = parts as [XElement, XElement, XElement];
  const all = transforms.children;
  if (hasNonWhitespaceText(transforms) || all.some((t) => !isDs(t, 'Transform')))
    return refuse('XMLDSIG_STRUCTURE', 'Transforms must hold only Transform elements');
  // a SMETS1SignedResponse's own signature may select its element first (XPath Filter 2.0); it is
  // then followed by the enveloped-signature transform and exclusive c14n
  const filtered = all.length === 3 && attribute(all[0]!, 'Algorithm') === FILTER2;
  if (filtered) {
    if (!ownElement || !isOwnElementFilter(all[0]!))
      return refuse(
        'XMLDSIG_ALGORITHM',
        `an XPath filter is accepted only as ${OWN_ELEMENT_XPATH} on a SMETS1SignedResponse's signature`,
      );
    const rest =
      algorithmIs(all[1]!, ENVELOPED, 'second Transform') ??
      algorithmIs(all[2]!, EXC_C14N, 'third Transform');
    if (rest) return rest;
  }
  const list = filtered ? [] : all;
  if (!filtered && (list.length < 1 || list.length > 2))
    return refuse(
      'XMLDSIG_STRUCTURE',
      'Transforms must hold the enveloped-signature transform (and at most a canonicalisation)',
    );
  const first = list[0] ? algorithmIs(list[0], ENVELOPED, 'first Transform') : undefined;
  if (first) return first;
  if (list[1]) {
    const alg = attribute(list[1], 'Algorithm');
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

/** Checks the DUIS profile shape of the document's signature (placement, SignedInfo, KeyInfo) and returns its parts. */
export function readSignature(doc: XDocument, parents: readonly string[]): SignatureParts | Check {
  const root = doc.root;
  const all = doc.signatures;
  const rootKids = root.children;
  const last = rootKids[rootKids.length - 1];
  const own = all.filter((s) => s.parent === root);
  if (all.length === 0) return refuse('XMLDSIG_MISSING', 'the document is not signed');
  if (own.length !== 1) return refuse('XMLDSIG_WRAPPING', `expected one root Signature, found ${own.length}`);
  if (!last || own[0] !== last)
    return refuse('XMLDSIG_WRAPPING', 'the Signature is not the last child of the root');
  if (!allowedInner(all, root, parents))
    return refuse('XMLDSIG_WRAPPING', 'a second Signature sits where no inner signer is expected');
  for (let i = root.nodes.indexOf(last) + 1; i < root.nodes.length; i++) {
    const n = root.nodes[i]!;
    const value = n.type === 'pi' ? n.body : n.type === 'element' ? '' : n.value;
    if (value.trim() !== '') return refuse('XMLDSIG_WRAPPING', 'content after the Signature');
  }
  const signature = last;
  if (!attributesExactly(signature, [])) return refuse('XMLDSIG_STRUCTURE', 'Signature carries attributes');
  const kids = onlyChildren(signature, ['SignedInfo', 'SignatureValue', 'KeyInfo'], 'Signature');
  if (!Array.isArray(kids)) return kids;
  const [signedInfo, , keyInfo] = kids as [XElement, XElement, XElement];
  const parent = signature.parent!;
  const bad = checkSignedInfo(
    signedInfo,
    parent.local === 'SMETS1SignedResponse' && parent.uri === SR_NAMESPACE,
  );
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
