import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DuisError } from './errors';
import { escapeC14nAttr, escapeC14nText } from './xml-escape';

// One parse per DUIS document (docs/duis-signatures.md): the admission rules (text, size first, no
// DOCTYPE), then one strict, namespace-aware, well-formedness-checking pass (saxes) that builds the
// small tree every reader of the document uses: the canonicaliser (c14n.ts), the signature profile
// checks (xmldsig-profile.ts) and the DUIS body reader (xml-tree.ts). Linear in the document: no
// node is visited more than a bounded number of times, and nesting is bounded during the parse.

/** Largest DUIS document accepted, checked before any parsing. */
export const MAX_DUIS_BYTES = 1024 * 1024;
/** Deepest element nesting accepted below the root of a DUIS document. */
export const MAX_DEPTH = 32;
/** The XML-DSig namespace. */
const DS_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

/** Character data (text or a CDATA section, which XML and c14n treat alike). */
export interface XText {
  readonly type: 'text';
  readonly value: string;
}

/** A comment. */
export interface XComment {
  readonly type: 'comment';
  readonly value: string;
}

/** A processing instruction. */
export interface XPi {
  readonly type: 'pi';
  readonly target: string;
  readonly body: string;
}

/** An attribute other than a namespace declaration, with its namespace resolved. */
export interface XAttr {
  /** Qualified name as written (`p:name` or `name`). */
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** Namespace URI; '' for an unprefixed attribute. */
  readonly uri: string;
  readonly value: string;
}

/** One element: names, attributes, namespace declarations and children, with its parent. */
export interface XElement {
  readonly type: 'element';
  /** Qualified name as written (`sr:Request`). */
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** Namespace URI; '' when none. */
  readonly uri: string;
  /** Every attribute by qualified name, namespace declarations included, in document order. */
  readonly attrs: Readonly<Record<string, string>>;
  /** Attributes other than namespace declarations, in document order. */
  readonly attributes: readonly XAttr[];
  /** The namespace declarations the element carries itself (prefix, '' for the default, to URI). */
  readonly ns: ReadonlyMap<string, string> | undefined;
  /** Child nodes in document order. */
  readonly nodes: readonly XChild[];
  /** Element children in document order. */
  readonly children: readonly XElement[];
  /** The element's own character data, each piece trimmed, joined (a DUIS leaf's value). */
  readonly text: string;
  readonly parent: XElement | undefined;
}

/** A child node of an element. */
export type XChild = XElement | XText | XComment | XPi;

/** A parsed document: its root element and what the signature checks need to know about it. */
export interface XDocument {
  readonly root: XElement;
  /** Comments and processing instructions before the root (the XML declaration excluded). */
  readonly prolog: readonly (XComment | XPi)[];
  /** Comments and processing instructions after the root. */
  readonly epilog: readonly (XComment | XPi)[];
  /** Every element in the XML-DSig namespace named Signature, in document order. */
  readonly signatures: readonly XElement[];
  /** Whether a comment sits anywhere inside the root. */
  readonly commentInside: boolean;
  /** Whether a comment sits inside a ds:Signature. */
  readonly commentInSignature: boolean;
  /** Whether a processing instruction sits anywhere inside the root. */
  readonly piInside: boolean;
}

interface Building {
  type: 'element';
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attrs: Record<string, string>;
  attributes: XAttr[];
  ns: Map<string, string> | undefined;
  nodes: XChild[];
  children: XElement[];
  text: string;
  parent: Building | undefined;
}

/**
 * Documents up to this many characters are remembered (the last {@link RECENT_DOCUMENTS} of them)
 * once parsed: a server reads one request several times (the signature check, the endpoint's
 * command variant, the simulator's own parse), and the same text always gets the same verdict and
 * the same (immutable) tree. Larger documents are read afresh each time, so what is kept stays
 * small (at most 4 x 64 K characters and their trees).
 */
export const MAX_REMEMBERED_CHARS = 64 * 1024;
/** How many parsed documents are remembered. @see MAX_REMEMBERED_CHARS */
export const RECENT_DOCUMENTS = 4;

/** The last documents parsed, a ring of (text, tree) slots. */
const recentTexts: (string | undefined)[] = [];
const recentDocs: (XDocument | undefined)[] = [];
let nextSlot = 0;

/**
 * Parses `xml` after the DUIS admission checks: text, at most {@link MAX_DUIS_BYTES} bytes (checked
 * first), no DOCTYPE or entity declaration (so no entity expansion, refused before anything is
 * built), well-formed and namespace-well-formed XML 1.0, elements nested at most {@link MAX_DEPTH}
 * deep below the root. Throws DuisError: ERR_DUIS_TOO_LARGE, ERR_DUIS_XML, or ERR_DUIS_NAMESPACE
 * for a prefix bound nowhere. Text parsed lately is not parsed again (strings are immutable: the
 * same text, the same tree).
 */
export function parseDom(xml: string): XDocument {
  if (typeof xml !== 'string') throw new DuisError('ERR_DUIS_XML', 'input is not text');
  for (let i = 0; i < recentTexts.length; i++) if (recentTexts[i] === xml) return recentDocs[i]!;
  const doc = parseFresh(xml);
  if (xml.length <= MAX_REMEMBERED_CHARS) {
    recentTexts[nextSlot] = xml;
    recentDocs[nextSlot] = doc;
    nextSlot = (nextSlot + 1) % RECENT_DOCUMENTS;
  }
  return doc;
}

/** What one parse is building; the handlers of the shared parser add to the current one. */
interface Build {
  readonly stack: Building[];
  readonly signatures: XElement[];
  readonly prolog: (XComment | XPi)[];
  readonly epilog: (XComment | XPi)[];
  /** One set of name strings per distinct qualified name (new ones per element would stay alive with it). */
  readonly names: Map<string, { readonly name: string; readonly prefix: string; readonly local: string }>;
  root: XElement | undefined;
  openSignatures: number;
  commentInside: boolean;
  commentInSignature: boolean;
  piInside: boolean;
}

let current: Build | undefined;
let shared: SaxesParser | undefined;

/**
 * The parser, made once and reused (saxes resets itself at the end of each document; a parser a
 * refusal interrupted is dropped): a parser made afresh per document with its handlers set runs
 * several times slower in V8.
 */
function sharedParser(): SaxesParser {
  if (shared) return shared;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag: SaxesTagNS) => openTag(current!, tag));
  parser.on('closetag', () => {
    const b = current!;
    const e = b.stack.pop()!;
    if (e.uri === DS_NAMESPACE && e.local === 'Signature') b.openSignatures--;
  });
  parser.on('text', (value: string) => addText(current!, value));
  parser.on('cdata', (value: string) => addText(current!, value));
  parser.on('comment', (value: string) => {
    const b = current!;
    const top = b.stack[b.stack.length - 1];
    if (!top) return void (b.root ? b.epilog : b.prolog).push({ type: 'comment', value });
    addNode(top, { type: 'comment', value });
    b.commentInside = true;
    if (b.openSignatures > 0) b.commentInSignature = true;
  });
  parser.on('processinginstruction', (pi: { target: string; body: string }) => {
    const b = current!;
    const node: XPi = { type: 'pi', target: pi.target, body: pi.body };
    const top = b.stack[b.stack.length - 1];
    if (!top) return void (b.root ? b.epilog : b.prolog).push(node);
    addNode(top, node);
    b.piInside = true;
  });
  return (shared = parser);
}

// Shared empty values: most DUIS elements carry no attribute and many no child, and a 1 MiB
// document of empty elements keeps every element alive until the end of the parse (less memory per
// element, less for the collector to copy)
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze(
  Object.create(null) as Record<string, string>,
);
const NO_ATTRIBUTES: readonly XAttr[] = Object.freeze([]);
const NO_NODES: readonly XChild[] = Object.freeze([]);
const NO_ELEMENTS: readonly XElement[] = Object.freeze([]);

function openTag(b: Build, tag: SaxesTagNS): void {
  if (b.stack.length > MAX_DEPTH)
    throw new DuisError('ERR_DUIS_XML', `elements nested deeper than ${MAX_DEPTH}`);
  const parent = b.stack[b.stack.length - 1];
  let attrs = NO_ATTRS as Record<string, string>;
  let attributes = NO_ATTRIBUTES as XAttr[];
  for (const qname in tag.attributes) {
    const a = tag.attributes[qname]!;
    if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
    attrs[qname] = a.value;
    if (a.uri === XMLNS_URI || qname === 'xmlns') continue;
    if (attributes === NO_ATTRIBUTES) attributes = [];
    attributes.push({ name: a.name, prefix: a.prefix, local: a.local, uri: a.uri, value: a.value });
  }
  let ns: Map<string, string> | undefined;
  for (const prefix in tag.ns) (ns ??= new Map()).set(prefix, tag.ns[prefix]!);
  let qname = b.names.get(tag.name);
  if (!qname) b.names.set(tag.name, (qname = { name: tag.name, prefix: tag.prefix, local: tag.local }));
  const e: Building = {
    type: 'element',
    name: qname.name,
    prefix: qname.prefix,
    local: qname.local,
    uri: tag.uri,
    attrs,
    attributes,
    ns,
    nodes: NO_NODES as XChild[],
    children: NO_ELEMENTS as XElement[],
    text: '',
    parent,
  };
  if (parent) {
    addNode(parent, e);
    if (parent.children === NO_ELEMENTS) parent.children = [];
    parent.children.push(e);
  } else b.root = e;
  if (e.uri === DS_NAMESPACE && e.local === 'Signature') {
    b.signatures.push(e);
    b.openSignatures++;
  }
  b.stack.push(e);
}

function addNode(e: Building, node: XChild): void {
  if (e.nodes === NO_NODES) e.nodes = [];
  e.nodes.push(node);
}

function addText(b: Build, value: string): void {
  const top = b.stack[b.stack.length - 1];
  if (!top) return; // whitespace outside the root (saxes refuses anything else there)
  addNode(top, { type: 'text', value });
  const trimmed = value.trim();
  if (trimmed) top.text += trimmed;
}

function parseFresh(xml: string): XDocument {
  if (xml.length > MAX_DUIS_BYTES || Buffer.byteLength(xml, 'utf8') > MAX_DUIS_BYTES)
    throw new DuisError('ERR_DUIS_TOO_LARGE', `document exceeds ${MAX_DUIS_BYTES} bytes`);
  // refused before anything is built: saxes would read a DOCTYPE's internal subset (not expand it)
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml))
    throw new DuisError('ERR_DUIS_XML', 'DOCTYPE and entity declarations are refused');
  const b: Build = (current = {
    stack: [],
    signatures: [],
    prolog: [],
    epilog: [],
    names: new Map(),
    root: undefined,
    openSignatures: 0,
    commentInside: false,
    commentInSignature: false,
    piInside: false,
  });
  try {
    sharedParser().write(xml).close();
  } catch (err) {
    shared = undefined; // interrupted mid-document: a fresh parser for the next one
    if (err instanceof DuisError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/unbound namespace prefix/.test(message))
      throw new DuisError('ERR_DUIS_NAMESPACE', `XML namespace error: ${message}`, { cause: err });
    throw new DuisError('ERR_DUIS_XML', `XML parser refused the document: ${message}`, { cause: err });
  } finally {
    current = undefined;
  }
  if (!b.root) throw new DuisError('ERR_DUIS_XML', 'the document has no root element');
  const { root, prolog, epilog, signatures, commentInside, commentInSignature, piInside } = b;
  return { root, prolog, epilog, signatures, commentInside, commentInSignature, piInside };
}

/** The text content of `e`: its descendant character data in document order (no comments or PIs). */
export function textContent(e: XElement): string {
  let out = '';
  for (const c of e.nodes) {
    if (c.type === 'text') out += c.value;
    else if (c.type === 'element') out += textContent(c);
  }
  return out;
}

/** True when `e` has character data that is not whitespace only. */
export function hasNonWhitespaceText(e: XElement): boolean {
  return e.nodes.some((c) => c.type === 'text' && c.value.trim() !== '');
}

/** The namespace URI `prefix` names at `e` (nearest declaration wins), or undefined when unbound. */
export function lookupNamespace(e: XElement, prefix: string): string | undefined {
  for (let p: XElement | undefined = e; p; p = p.parent) {
    const uri = p.ns?.get(prefix);
    if (uri !== undefined) return uri;
  }
  return prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : undefined;
}

/** The namespaces in scope at `e` from its ancestors (nearest declaration wins), excluding `e`'s own. */
export function inheritedNamespaces(e: XElement): Map<string, string> {
  const chain: XElement[] = [];
  for (let p = e.parent; p; p = p.parent) chain.push(p);
  const scope = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--) for (const [k, v] of chain[i]!.ns ?? []) scope.set(k, v);
  return scope;
}

/** Options of {@link serializeElement}. */
export interface SerializeOptions {
  /** Elements left out with their subtrees. */
  readonly omit?: ReadonlySet<XElement>;
  /** Drop whitespace-only text in elements that hold elements (see {@link serializeElement}). */
  readonly compact?: boolean;
  /** Leave comments out. */
  readonly withoutComments?: boolean;
  /** Text written just before the end tag of `e` itself (an appended child, already serialised). */
  readonly append?: string;
  /** Namespace declarations written on `e` before its own attributes (a subtree made standalone). */
  readonly declare?: ReadonlyMap<string, string>;
}

/**
 * Writes `e` and its subtree as XML text: attributes (namespace declarations included) as written,
 * in document order, double-quoted; empty elements written short; comments and processing
 * instructions kept unless asked otherwise. With `compact`, whitespace-only text is dropped from
 * elements that hold elements (DUIS elements never hold mixed content), as the DCC's tooling does
 * before it signs; see `docs/duis-signatures.md`.
 */
export function serializeElement(e: XElement, options: SerializeOptions = {}): string {
  const out: string[] = [];
  writeElement(e, options, out, true);
  return out.join('');
}

function writeElement(e: XElement, o: SerializeOptions, out: string[], top: boolean): void {
  out.push('<', e.name);
  if (top && o.declare)
    for (const [p, uri] of o.declare)
      if (e.ns?.has(p) !== true) out.push(p === '' ? ' xmlns="' : ` xmlns:${p}="`, escapeC14nAttr(uri), '"');
  for (const name in e.attrs) out.push(' ', name, '="', escapeC14nAttr(e.attrs[name]!), '"');
  const start = out.length;
  out.push('>');
  const dropSpace = o.compact === true && e.children.some((c) => !o.omit?.has(c));
  for (const c of e.nodes) {
    switch (c.type) {
      case 'element':
        if (!o.omit?.has(c)) writeElement(c, o, out, false);
        break;
      case 'text':
        if (!(dropSpace && c.value.trim() === '')) out.push(escapeC14nText(c.value));
        break;
      case 'comment':
        if (!o.withoutComments) out.push('<!--', c.value, '-->');
        break;
      case 'pi':
        out.push('<?', c.target, c.body ? ` ${c.body}` : '', '?>');
        break;
      default: {
        const never: never = c;
        throw new Error(`unknown node ${String(never)}`);
      }
    }
  }
  if (top && o.append) out.push(o.append);
  if (out.length === start + 1) out[start] = '/>';
  else out.push('</', e.name, '>');
}

/** The XML declaration every document the DUIS codec writes starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Writes a whole document: the XML declaration, comments and processing instructions around the
 * root (unless `withoutComments`), and the root as {@link serializeElement} writes it.
 */
export function serializeDocument(doc: XDocument, options: SerializeOptions = {}): string {
  // one array joined: a flat string, which the parser (saxes, char by char) reads fastest
  const out: string[] = [XML_DECLARATION];
  const misc = (list: readonly (XComment | XPi)[]): void => {
    for (const n of list)
      if (n.type === 'pi') out.push('<?', n.target, n.body ? ` ${n.body}` : '', '?>');
      else if (!options.withoutComments) out.push('<!--', n.value, '-->');
  };
  misc(doc.prolog);
  writeElement(doc.root, options, out, true);
  misc(doc.epilog);
  return out.join('');
}
