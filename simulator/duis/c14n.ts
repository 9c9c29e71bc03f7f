// Canonical XML for the DUIS signature profile (docs/duis-signatures.md): Canonical XML 1.0 and
// Exclusive XML Canonicalization 1.0, both without comments, over a DOM from xml-dom.ts, in one
// pass over the tree (linear in the document). Only what the profile needs: a whole document or one
// element subtree (SignedInfo), with one subtree left out (the enveloped Signature); no XPath
// node-sets and no InclusiveNamespaces PrefixList (the profile refuses both). The rules are those of
// https://www.w3.org/TR/xml-c14n (sections 2.3, 4.x) and https://www.w3.org/TR/xml-exc-c14n (section 3).

/** Canonical XML 1.0 (`inclusive`) or Exclusive XML Canonicalization 1.0 (`exclusive`), without comments. */
export type C14nMode = 'inclusive' | 'exclusive';

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;
const PI = 7;
const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

type Scope = ReadonlyMap<string, string>;
const EMPTY: Scope = new Map();

/** Text content escaped as c14n section 2.3 says: & < > and carriage return. */
function escapeText(text: string): string {
  return /[&<>\r]/.test(text)
    ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;')
    : text;
}

/** An attribute value escaped as c14n section 2.3 says: & < " and tab, line feed, carriage return. */
function escapeAttr(text: string): string {
  return /[&<"\t\n\r]/.test(text)
    ? text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/"/g, '&quot;')
        .replace(/\t/g, '&#x9;')
        .replace(/\n/g, '&#xA;')
        .replace(/\r/g, '&#xD;')
    : text;
}

/** The namespace declarations an element carries itself (prefix, '' for the default, to URI). */
function declarations(e: Element): Map<string, string> | undefined {
  let own: Map<string, string> | undefined;
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    if (a.name === 'xmlns') (own ??= new Map()).set('', a.value);
    else if (a.prefix === 'xmlns' || a.namespaceURI === XMLNS_URI)
      (own ??= new Map()).set(a.localName ?? '', a.value);
  }
  return own;
}

/** The namespaces in scope at `e` from its ancestors (nearest declaration wins), excluding `e`'s own. */
function inheritedScope(e: Element): Scope {
  const chain: Element[] = [];
  for (let p = e.parentNode; p && p.nodeType === ELEMENT; p = p.parentNode) chain.push(p as Element);
  if (chain.length === 0) return EMPTY;
  const scope = new Map<string, string>();
  for (let i = chain.length - 1; i >= 0; i--)
    for (const [k, v] of declarations(chain[i]!) ?? []) scope.set(k, v);
  return scope;
}

/** Attributes other than namespace declarations, in c14n order: namespace URI, then local name. */
function sortedAttributes(e: Element): Attr[] {
  const out: Attr[] = [];
  const attrs = e.attributes;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs.item(i)!;
    if (a.name === 'xmlns' || a.prefix === 'xmlns' || a.namespaceURI === XMLNS_URI) continue;
    out.push(a);
  }
  if (out.length > 1)
    out.sort((x, y) => {
      const nx = x.namespaceURI ?? '';
      const ny = y.namespaceURI ?? '';
      if (nx !== ny) return nx < ny ? -1 : 1;
      const lx = x.localName ?? x.name;
      const ly = y.localName ?? y.name;
      return lx < ly ? -1 : lx > ly ? 1 : 0;
    });
  return out;
}

/** Whether the namespace node `prefix` = `uri` is output, given what the output ancestors rendered. */
function needed(prefix: string, uri: string, rendered: Scope): boolean {
  if (prefix === 'xml') return false;
  // an empty default namespace is output only to undo a non-empty one rendered above (c14n 4.7)
  if (prefix === '') return (rendered.get('') ?? '') !== uri;
  return uri !== '' && rendered.get(prefix) !== uri;
}

interface Walk {
  readonly mode: C14nMode;
  readonly omit: Node | undefined;
  readonly out: string[];
}

function renderElement(w: Walk, e: Element, inScope: Scope, rendered: Scope, apex: boolean): void {
  const own = declarations(e);
  let scope = inScope;
  if (own) {
    const merged = new Map(inScope);
    for (const [k, v] of own) merged.set(k, v);
    scope = merged;
  }
  const attrs = sortedAttributes(e);
  const candidates: Iterable<[string, string]> =
    w.mode === 'inclusive'
      ? // inclusive: at the apex every namespace in scope, below it what the element changes
        apex
        ? scope
        : (own ?? [])
      : // exclusive: the namespaces the element and its attributes visibly use (exc-c14n 3)
        visiblyUsed(e, attrs, scope);
  let ns: [string, string][] | undefined;
  for (const [prefix, uri] of candidates) if (needed(prefix, uri, rendered)) (ns ??= []).push([prefix, uri]);
  let childRendered = rendered;
  const out = w.out;
  out.push('<', e.nodeName);
  if (ns) {
    ns.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const next = new Map(rendered);
    for (const [prefix, uri] of ns) {
      out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeAttr(uri), '"');
      next.set(prefix, uri);
    }
    childRendered = next;
  }
  for (const a of attrs) out.push(' ', a.name, '="', escapeAttr(a.value), '"');
  out.push('>');
  for (let c = e.firstChild; c; c = c.nextSibling) {
    if (c === w.omit) continue;
    switch (c.nodeType) {
      case ELEMENT:
        renderElement(w, c as Element, scope, childRendered, false);
        break;
      case TEXT:
      case CDATA:
        out.push(escapeText(c.nodeValue ?? ''));
        break;
      case PI: {
        const data = c.nodeValue ?? '';
        out.push('<?', c.nodeName, data ? ` ${data}` : '', '?>');
        break;
      }
      default:
        // comments (without-comments forms) and anything else a DOM may hold are not output
        break;
    }
  }
  out.push('</', e.nodeName, '>');
}

function visiblyUsed(e: Element, attrs: readonly Attr[], scope: Scope): [string, string][] {
  const prefixes = new Set<string>([e.prefix ?? '']);
  for (const a of attrs) if (a.prefix && a.prefix !== 'xml') prefixes.add(a.prefix);
  return [...prefixes].map((p) => [p, scope.get(p) ?? '']);
}

/**
 * The canonical form of `apex` and its subtree (UTF-8 text to digest or sign), leaving out `omit`
 * and its subtree (the enveloped-signature transform). For a whole document pass its root element:
 * with comments and processing instructions outside the root dropped, which is what c14n outputs
 * for a document with none there (the DUIS admission refuses a DOCTYPE). Namespaces in scope from
 * the apex's ancestors are taken into account (SignedInfo inside its Signature); inherited `xml:`
 * attributes are not (inclusive c14n of a subtree below the root is not used by the profile).
 */
export function canonicalize(apex: Element, mode: C14nMode, omit?: Node): string {
  const w: Walk = { mode, omit, out: [] };
  renderElement(w, apex, inheritedScope(apex), EMPTY, true);
  return w.out.join('');
}
