import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { DuisError } from './errors';
import { admitXml, MAX_DEPTH, MAX_DUIS_BYTES } from './xml-tree';

// A namespace-aware DOM for XML signatures: the same admission rules as the DUIS codec (size first,
// no DOCTYPE, well-formed), then @xmldom/xmldom.

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
  admitXml(xml);
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
  if (depthOver(doc.documentElement, MAX_DEPTH))
    throw new DuisError('ERR_DUIS_SCHEMA', `elements nested deeper than ${MAX_DEPTH}`);
  return doc;
}

/**
 * True when an element sits `max` or more levels below `root`, the bound parseXmlRoot applies (an
 * iterative walk, linear in the tree).
 */
function depthOver(root: Element, max: number): boolean {
  let depth = 0;
  let node: Node | null = root;
  while (node) {
    const child: Node | null = firstElementChild(node);
    if (child) {
      depth += 1;
      if (depth >= max) return true;
      node = child;
      continue;
    }
    while (node && node !== root && !nextElementSibling(node)) {
      node = node.parentNode;
      depth -= 1;
    }
    if (!node || node === root) return false;
    node = nextElementSibling(node);
  }
  return false;
}

function firstElementChild(node: Node): Node | null {
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT) return c;
  return null;
}

function nextElementSibling(node: Node): Node | null {
  for (let c = node.nextSibling; c; c = c.nextSibling) if (c.nodeType === ELEMENT) return c;
  return null;
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

/** The first comment anywhere under `node`, if any. */
export function findComment(node: Node): Node | undefined {
  return findNode(node, COMMENT);
}

/** The first processing instruction anywhere under `node`, if any. */
export function findPi(node: Node): Node | undefined {
  return findNode(node, PI);
}

function findNode(node: Node, type: number): Node | undefined {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === type) return c;
    const inner = findNode(c, type);
    if (inner) return inner;
  }
  return undefined;
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
