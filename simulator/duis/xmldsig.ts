import { SignedXml } from 'xml-crypto';
import type { CredentialPair } from '../../certs';
import { DuisError } from './errors';
import { compactDom, elementChildren, findCommentOrPi, parseDom, serializeDom } from './xml-dom';
import {
  checkSigner,
  cryptoCheck,
  documentExpectation,
  findCertificate,
  keyInfoXml,
  seamAlgorithm,
  type ExpectedSigner,
  type XmlSigTrust,
} from './xmldsig-keys';
import {
  allowedInner,
  DS_NAMESPACE,
  ECDSA_SHA256,
  ENVELOPED,
  EXC_C14N,
  isDs,
  readSignature,
  refuse,
  SHA256,
  type XmlSigVerdict,
} from './xmldsig-profile';

// XML-DSig in the DUIS profile (docs/duis-signatures.md): xml-crypto canonicalises and digests;
// the ECDSA maths is the project's crypto seam (certs/crypto.ts), plugged in as a signature algorithm.
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
