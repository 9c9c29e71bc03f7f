import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { DuisError } from './errors';
import { MAX_DUIS_BYTES, parseXmlRoot } from './xml-tree';

// A namespace-aware DOM for XML signatures: the same admission rules as the DUIS codec (size first,
// no DOCTYPE, well-formed), then @xmldom/xmldom, the parser xml-crypto canonicalises with.

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const COMMENT = 8;

/**
 * Parses `xml` into a DOM document after the DUIS admission checks; throws DuisError (ERR_DUIS_XML,
 * ERR_DUIS_TOO_LARGE) for anything not well-formed, oversized or carrying a DOCTYPE.
 */
export function parseDom(xml: string): Document {
  parseXmlRoot(xml);
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (msg: string) => errors.push(msg),
      fatalError: (msg: string) => errors.push(msg),
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement)
    throw new DuisError('ERR_DUIS_XML', `XML parser refused the document: ${errors[0] ?? 'no root'}`);
  return doc;
}

/** Serialises a DOM node (a document or one element) to text. */
export function serializeDom(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

/** The element children of `node`, in document order. */
export function elementChildren(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element);
  return out;
}

/** True when `node` has a child that is neither an element nor whitespace-only text. */
export function hasNonWhitespaceText(node: Node): boolean {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if ((c.nodeType === TEXT || c.nodeType === CDATA) && (c.nodeValue ?? '').trim() !== '') return true;
  }
  return false;
}

/** The first comment or processing instruction anywhere under `node`, if any. */
export function findCommentOrPi(node: Node): Node | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === COMMENT || c.nodeType === PI) return c;
    const inner = findCommentOrPi(c);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Drops whitespace-only text between elements (DUIS elements never hold mixed content), as the
 * DCC's tooling does before it signs or checks a signature; see `docs/duis-signatures.md`.
 */
export function compactDom(node: Node): void {
  const elements = elementChildren(node);
  if (elements.length > 0) {
    for (let c = node.firstChild; c;) {
      const next = c.nextSibling;
      if (c.nodeType === TEXT && (c.nodeValue ?? '').trim() === '') node.removeChild(c);
      c = next;
    }
  }
  for (const e of elements) compactDom(e);
}

/** Re-export of the DUIS size limit, which also bounds signed documents. */
export const MAX_SIGNED_BYTES = MAX_DUIS_BYTES;
