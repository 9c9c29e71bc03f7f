import { DuisError } from './errors';
import { XML_DECLARATION, type XAttr, type XChild, type XDocument, type XElement } from './xml-dom';

// The DUIS codec's writer: an element tree (ENode) written as indented XML text, or turned straight
// into the tree xml-dom.ts parses text into, so that what the codec emits can be signed without
// being parsed again (xmldsig.ts signDuisDocument).

/** An element to emit: `sr:`-prefixed name, optional attributes, text or children. */
export interface ENode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: ENode[];
}

const XML_URI = 'http://www.w3.org/XML/1998/namespace';

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
  '\t': '&#x9;',
  '\n': '&#xA;',
};
const escapeText = (t: string): string =>
  /[&<>"'\r]/.test(t) ? t.replace(/[&<>"'\r]/g, (c) => TEXT_ESCAPES[c]!) : t;
// tab, line feed and carriage return as references: a parser turns them into spaces otherwise
const escapeAttr = (t: string): string =>
  /[&<>"'\t\n\r]/.test(t) ? t.replace(/[&<>"'\t\n\r]/g, (c) => TEXT_ESCAPES[c]!) : t;

const INDENTS: string[] = [''];
const indent = (depth: number): string => (INDENTS[depth] ??= '  '.repeat(depth));

function write(node: ENode, depth: number, out: string[]): void {
  out.push(indent(depth), '<', node.name);
  if (node.attrs) for (const k in node.attrs) out.push(' ', k, '="', escapeAttr(node.attrs[k]!), '"');
  if (node.text !== undefined) {
    if (node.text === '') out.push('/>');
    else out.push('>', escapeText(node.text), '</', node.name, '>');
    return;
  }
  const children = node.children ?? [];
  if (children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of children) {
    out.push('\n');
    write(c, depth + 1, out);
  }
  out.push('\n', indent(depth), '</', node.name, '>');
}

/**
 * Writes a document: the XML declaration, then the elements one per line, indented by two spaces,
 * empty ones written short; text and attribute values escaped (`&`, `<`, `>`, quotes, and in
 * attributes tab, line feed and carriage return as references). A node's text, when set, is its
 * content (its children are not written).
 */
export function buildXml(root: ENode): string {
  const out: string[] = [XML_DECLARATION, '\n'];
  write(root, 0, out);
  return out.join('');
}

const splitName = (name: string): [string, string] => {
  const colon = name.indexOf(':');
  return colon < 0 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)];
};

function toElement(node: ENode, scope: ReadonlyMap<string, string>, parent: XElement | undefined): XElement {
  const attrs = Object.create(null) as Record<string, string>;
  const attributes: XAttr[] = [];
  let ns: Map<string, string> | undefined;
  let inScope = scope;
  for (const k in node.attrs ?? {}) {
    const value = node.attrs![k]!;
    attrs[k] = value;
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      const prefix = k === 'xmlns' ? '' : k.slice(6);
      (ns ??= new Map()).set(prefix, value);
    }
  }
  if (ns) inScope = new Map([...scope, ...ns]);
  const resolve = (prefix: string, what: string): string => {
    if (prefix === 'xml') return XML_URI;
    const uri = inScope.get(prefix);
    if (uri === undefined && prefix !== '')
      throw new DuisError('ERR_DUIS_NAMESPACE', `${what}: the prefix ${prefix} is bound nowhere`);
    return uri ?? '';
  };
  for (const k in attrs) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [prefix, local] = splitName(k);
    attributes.push({ name: k, prefix, local, uri: prefix ? resolve(prefix, k) : '', value: attrs[k]! });
  }
  const [prefix, local] = splitName(node.name);
  const nodes: XChild[] = [];
  const children: XElement[] = [];
  const e = {
    type: 'element' as const,
    name: node.name,
    prefix,
    local,
    uri: resolve(prefix, node.name),
    attrs,
    attributes,
    ns,
    nodes,
    children,
    text: node.text?.trim() ?? '',
    parent,
  };
  if (node.text !== undefined) {
    if (node.text !== '') nodes.push({ type: 'text', value: node.text });
  } else
    for (const c of node.children ?? []) {
      const child = toElement(c, inScope, e);
      nodes.push(child);
      children.push(child);
    }
  return e;
}

/**
 * The tree xml-dom.ts would parse from {@link buildXml}'s text, built directly (without the
 * indentation, whitespace a signer drops anyway): what the codec emits, ready to sign. Throws
 * DuisError ERR_DUIS_NAMESPACE for a prefix the tree binds nowhere.
 */
export function emittedDocument(root: ENode): XDocument {
  const rootElement = toElement(root, new Map(), undefined);
  const signatures: XElement[] = [];
  const walk = (e: XElement): void => {
    if (e.local === 'Signature' && e.uri === 'http://www.w3.org/2000/09/xmldsig#') signatures.push(e);
    for (const c of e.children) walk(c);
  };
  walk(rootElement);
  return {
    root: rootElement,
    prolog: [],
    epilog: [],
    signatures,
    commentInside: false,
    commentInSignature: false,
    piInside: false,
  };
}

/** Shorthand for a `sr:` leaf element. */
export function leaf(name: string, text: string): ENode {
  return { name: `sr:${name}`, text };
}

/** Shorthand for a `sr:` element with children. */
export function el(name: string, children: ENode[] = []): ENode {
  return { name: `sr:${name}`, children };
}
