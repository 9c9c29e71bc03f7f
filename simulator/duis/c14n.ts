import { sha256Utf8 } from '../../certs/crypto';
import { inheritedNamespaces, type XAttr, type XElement } from './xml-dom';
import { escapeC14nAttr, escapeC14nText } from './xml-escape';

// Canonical XML for the DUIS signature profile (docs/duis-signatures.md): Canonical XML 1.0 and
// Exclusive XML Canonicalization 1.0, both without comments, over the tree of xml-dom.ts, in one
// pass over the tree (linear in the document). Only what the profile needs: a whole document or one
// element subtree (SignedInfo), with one subtree left out (the enveloped Signature); no XPath
// node-sets and no InclusiveNamespaces PrefixList (the profile refuses both). The rules are those of
// https://www.w3.org/TR/xml-c14n (sections 2.3, 4.x) and https://www.w3.org/TR/xml-exc-c14n (section 3).

/** Canonical XML 1.0 (`inclusive`) or Exclusive XML Canonicalization 1.0 (`exclusive`), without comments. */
export type C14nMode = 'inclusive' | 'exclusive';

/**
 * Namespace bindings as a chain of frames, one per element that declares or renders any, the
 * nearest first: a child adds a frame instead of copying its parent's bindings, so an element
 * under thousands of declarations costs what its own declarations cost (copying them per element
 * made a document of 40,000 declarations and 10,000 declaring children take minutes). Lookups walk
 * at most the nesting depth (bounded by xml-dom.ts MAX_DEPTH) plus one frame.
 */
interface Scope {
  readonly frame: ReadonlyMap<string, string>;
  readonly parent: Scope | undefined;
}
const EMPTY: Scope = { frame: new Map(), parent: undefined };

function lookup(scope: Scope, prefix: string): string | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const uri = s.frame.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

/** Every binding in scope, nearest declaration winning (the apex of an inclusive form only). */
function flatten(scope: Scope): Map<string, string> {
  const frames: ReadonlyMap<string, string>[] = [];
  for (let s: Scope | undefined = scope; s; s = s.parent) frames.push(s.frame);
  const out = new Map<string, string>();
  for (let i = frames.length - 1; i >= 0; i--) for (const [k, v] of frames[i]!) out.set(k, v);
  return out;
}

/** Attributes other than namespace declarations, in c14n order: namespace URI, then local name. */
function sortedAttributes(e: XElement): readonly XAttr[] {
  const attrs = e.attributes;
  if (attrs.length < 2) return attrs;
  return [...attrs].sort((x, y) => {
    if (x.uri !== y.uri) return x.uri < y.uri ? -1 : 1;
    return x.local < y.local ? -1 : x.local > y.local ? 1 : 0;
  });
}

/** Whether the namespace node `prefix` = `uri` is output, given what the output ancestors rendered. */
function needed(prefix: string, uri: string, rendered: Scope): boolean {
  if (prefix === 'xml') return false;
  // an empty default namespace is output only to undo a non-empty one rendered above (c14n 4.7)
  if (prefix === '') return (lookup(rendered, '') ?? '') !== uri;
  return uri !== '' && lookup(rendered, prefix) !== uri;
}

interface Walk {
  readonly mode: C14nMode;
  readonly omit: ReadonlySet<XElement> | undefined;
  readonly compact: boolean;
  readonly out: string[];
  /** Takes the text written so far (then dropped) once it is long; undefined = keep it all. */
  readonly flush: ((text: string) => void) | undefined;
}

/** Pieces kept before a flush (about 10-40 KB of text for DUIS elements). */
const FLUSH_PIECES = 4096;

function renderElement(w: Walk, e: XElement, inScope: Scope, rendered: Scope, apex: boolean): void {
  const own = e.ns;
  const scope: Scope = own ? { frame: own, parent: inScope } : inScope;
  const attrs = sortedAttributes(e);
  const candidates: Iterable<[string, string]> =
    w.mode === 'inclusive'
      ? // inclusive: at the apex every namespace in scope, below it what the element changes
        apex
        ? flatten(scope)
        : (own ?? [])
      : // exclusive: the namespaces the element and its attributes visibly use (exc-c14n 3)
        visiblyUsed(e, attrs, scope);
  let ns: [string, string][] | undefined;
  for (const [prefix, uri] of candidates) if (needed(prefix, uri, rendered)) (ns ??= []).push([prefix, uri]);
  let childRendered = rendered;
  const out = w.out;
  out.push('<', e.name);
  if (ns) {
    ns.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const frame = new Map<string, string>();
    for (const [prefix, uri] of ns) {
      out.push(prefix === '' ? ' xmlns="' : ` xmlns:${prefix}="`, escapeC14nAttr(uri), '"');
      frame.set(prefix, uri);
    }
    childRendered = { frame, parent: rendered };
  }
  for (const a of attrs) out.push(' ', a.name, '="', escapeC14nAttr(a.value), '"');
  out.push('>');
  // compact: whitespace-only text between elements is dropped, as xml-dom.ts serializeElement does
  const dropSpace = w.compact && e.children.some((c) => !w.omit?.has(c));
  for (const c of e.nodes) {
    switch (c.type) {
      case 'element':
        if (!w.omit?.has(c)) renderElement(w, c, scope, childRendered, false);
        break;
      case 'text':
        if (!(dropSpace && c.value.trim() === '')) out.push(escapeC14nText(c.value));
        break;
      case 'pi':
        out.push('<?', c.target, c.body ? ` ${c.body}` : '', '?>');
        break;
      case 'comment':
        // the without-comments forms leave comments out
        break;
      default: {
        const never: never = c;
        throw new Error(`unknown node ${String(never)}`);
      }
    }
  }
  out.push('</', e.name, '>');
  if (w.flush && out.length >= FLUSH_PIECES) {
    w.flush(out.join(''));
    out.length = 0;
  }
}

function visiblyUsed(e: XElement, attrs: readonly XAttr[], scope: Scope): [string, string][] {
  const prefixes = new Set<string>([e.prefix]);
  for (const a of attrs) if (a.prefix && a.prefix !== 'xml') prefixes.add(a.prefix);
  return [...prefixes].map((p) => [p, lookup(scope, p) ?? '']);
}

/** Options of {@link canonicalize}. */
export interface C14nOptions {
  /** Elements left out with their subtrees (the enveloped-signature transform). */
  readonly omit?: XElement | ReadonlySet<XElement>;
  /**
   * Canonicalise the document as if whitespace-only text between elements had been removed first
   * (what the signer writes, xml-dom.ts serializeElement with `compact`).
   */
  readonly compact?: boolean;
}

/**
 * The canonical form of `apex` and its subtree (UTF-8 text to digest or sign), leaving out `omit`
 * and its subtree (the enveloped-signature transform). For a whole document pass its root element:
 * with comments and processing instructions outside the root dropped, which is what c14n outputs
 * for a document with none there (the DUIS admission refuses a DOCTYPE). Namespaces in scope from
 * the apex's ancestors are taken into account (SignedInfo inside its Signature); inherited `xml:`
 * attributes are not (inclusive c14n of a subtree below the root is not used by the profile).
 */
export function canonicalize(apex: XElement, mode: C14nMode, options: C14nOptions = {}): string {
  const w = walk(mode, options, undefined);
  renderApex(w, apex);
  return w.out.join('');
}

/**
 * SHA-256 of {@link canonicalize}'s text (UTF-8), hashed as it is written: the canonical form of a
 * large document is never held whole.
 */
export function canonicalSha256(apex: XElement, mode: C14nMode, options: C14nOptions = {}): Uint8Array {
  return sha256Utf8((update) => {
    const w = walk(mode, options, update);
    renderApex(w, apex);
    update(w.out.join(''));
  });
}

/** Renders the apex element, with the namespaces its ancestors put in scope when it has any. */
function renderApex(w: Walk, apex: XElement): void {
  renderElement(
    w,
    apex,
    apex.parent ? { frame: inheritedNamespaces(apex), parent: undefined } : EMPTY,
    EMPTY,
    true,
  );
}

function walk(mode: C14nMode, options: C14nOptions, flush: Walk['flush']): Walk {
  const omit =
    options.omit === undefined || options.omit instanceof Set
      ? (options.omit as ReadonlySet<XElement> | undefined)
      : new Set([options.omit as XElement]);
  return { mode, omit, compact: options.compact === true, out: [], flush };
}
