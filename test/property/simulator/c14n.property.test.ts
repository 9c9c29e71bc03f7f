import { DOMParser } from '@xmldom/xmldom';
import fc from 'fast-check';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { sha256 } from '../../../certs';
import { canonicalize, canonicalSha256 } from '../../../simulator/duis/c14n';
import { parseDom, type XElement } from '../../../simulator/duis/xml-dom';

// The DUIS profile's canonicaliser (over the one-parse tree of xml-dom.ts) against xml-crypto's
// (over @xmldom/xmldom's DOM; both devDependencies here, the libraries the project used before):
// the same text for random documents with namespaces (prefixed, default,
// undeclared, redeclared), attributes in and out of namespaces, characters c14n escapes, comments
// and CDATA. The DCC's tool and xmlsec1 are the oracles of the signed forms
// (test/integration/duis-xmldsig-interop.test.ts).

const PREFIXES = ['', 'a', 'b', 'sr'] as const;
// No '&' in a namespace URI: c14n 2.3 escapes namespace values as attribute values (canonicalize
// does), xml-crypto writes them as they are; DUIS namespaces hold none.
const URIS = ['urn:one', 'urn:two', 'http://example.com/x?a=1;b=2'] as const;

const escapeAttr = (s: string): string =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');

const text = fc.string({
  unit: fc.constantFrom('a', ' ', '&', '<', '>', '"', '\t', '\n', '\r', 'é', '€'),
  maxLength: 6,
});

interface Gen {
  readonly prefix: (typeof PREFIXES)[number];
  readonly name: string;
  readonly declare: readonly { prefix: (typeof PREFIXES)[number]; uri: string }[];
  readonly attrs: readonly { prefix: '' | 'a' | 'b'; name: string; value: string }[];
  readonly children: readonly (Gen | { text: string } | { comment: string } | { cdata: string })[];
}

const element: fc.Memo<Gen> = fc.memo((depth) =>
  fc.record({
    prefix: fc.constantFrom(...PREFIXES),
    name: fc.constantFrom('x', 'y', 'Zed'),
    declare: fc.array(
      fc.record({ prefix: fc.constantFrom(...PREFIXES), uri: fc.constantFrom('', ...URIS) }),
      { maxLength: 3 },
    ),
    attrs: fc.uniqueArray(
      fc.record({
        prefix: fc.constantFrom('' as const, 'a' as const, 'b' as const),
        name: fc.constantFrom('k', 'm', 'Id'),
        value: text,
      }),
      { maxLength: 3, selector: (a) => `${a.prefix}:${a.name}` },
    ),
    children:
      depth <= 1
        ? fc.array(fc.oneof(text.map((t) => ({ text: t }))), { maxLength: 2 })
        : fc.array(
            fc.oneof(
              { weight: 3, arbitrary: element(depth - 1) },
              { weight: 2, arbitrary: text.map((t) => ({ text: t })) },
              { weight: 1, arbitrary: fc.constantFrom('c', ' d ').map((c) => ({ comment: c })) },
              { weight: 1, arbitrary: fc.constantFrom('x<&y', ']').map((c) => ({ cdata: c })) },
            ),
            { maxLength: 4 },
          ),
  }),
);

/** Writes a generated element, declaring any prefix it uses that is not in scope (namespace well-formed). */
function write(g: Gen, scope: ReadonlyMap<string, string>): string {
  const decl = new Map<string, string>();
  for (const d of g.declare) if (d.prefix === '' || d.uri !== '') decl.set(d.prefix, d.uri);
  const inScope = new Map([...scope, ...decl]);
  const need = [g.prefix, ...g.attrs.map((a) => a.prefix)].filter((p) => p !== '');
  for (const p of need)
    if (!inScope.get(p)) {
      const uri = URIS[p.length % URIS.length]!;
      decl.set(p, uri);
      inScope.set(p, uri);
    }
  const qn = g.prefix ? `${g.prefix}:${g.name}` : g.name;
  const ns = [...decl]
    .map(([p, u]) => (p ? ` xmlns:${p}="${escapeAttr(u)}"` : ` xmlns="${escapeAttr(u)}"`))
    .join('');
  // two attributes of one namespace URI and local name are one attribute twice (Namespaces in XML
  // 6.3): not namespace-well-formed, refused by the parser; the generator writes the first only
  const seen = new Set<string>();
  const attrs = g.attrs
    .filter((a) => {
      const key = `${a.prefix ? inScope.get(a.prefix) : ''}|${a.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((a) => ` ${a.prefix ? `${a.prefix}:` : ''}${a.name}="${escapeAttr(a.value)}"`)
    .join('');
  const inner = g.children
    .map((c) =>
      'text' in c
        ? escapeText(c.text)
        : 'comment' in c
          ? `<!--${c.comment}-->`
          : 'cdata' in c
            ? `<![CDATA[${c.cdata}]]>`
            : write(c, inScope),
    )
    .join('');
  return `<${qn}${ns}${attrs}>${inner}</${qn}>`;
}

/** Every element below the root in document order: apexes for a subtree canonicalisation. */
function descendants(root: Element): Element[] {
  const out: Element[] = [];
  const walk = (e: Element): void => {
    for (let c = e.firstChild; c; c = c.nextSibling)
      if (c.nodeType === 1) {
        out.push(c as Element);
        walk(c as Element);
      }
  };
  walk(root);
  return out;
}

/** The same, in the tree of xml-dom.ts. */
function treeDescendants(root: XElement): XElement[] {
  const out: XElement[] = [];
  const walk = (e: XElement): void => {
    for (const c of e.children) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The oracle's DOM of `xml` (@xmldom/xmldom, as xml-crypto reads documents). */
function oracleDom(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

describe('canonicalize (DUIS profile) against xml-crypto', () => {
  it('gives the same inclusive and exclusive forms of a whole document', () => {
    fc.assert(
      fc.property(element(4), (g) => {
        const xml = write(g, new Map());
        const root = parseDom(xml).root;
        const dom = oracleDom(xml).documentElement;
        expect(canonicalize(root, 'inclusive')).toBe(new C14nCanonicalization().process(dom, {}));
        expect(canonicalize(root, 'exclusive')).toBe(new ExclusiveCanonicalization().process(dom, {}));
        // the streamed digest is the digest of the text
        const text = Buffer.from(canonicalize(root, 'inclusive'), 'utf8');
        expect(Buffer.from(canonicalSha256(root, 'inclusive')).equals(Buffer.from(sha256(text)))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same exclusive form of a subtree, and of the document with a subtree left out', () => {
    fc.assert(
      fc.property(element(4), fc.nat(), (g, pick) => {
        const xml = write(g, new Map());
        const root = parseDom(xml).root;
        const doc = oracleDom(xml);
        const below = descendants(doc.documentElement);
        const mine = treeDescendants(root);
        expect(mine.map((e) => e.name)).toEqual(below.map((e) => e.nodeName));
        fc.pre(below.length > 0);
        const apex = below[pick % below.length]!;
        const myApex = mine[pick % mine.length]!;
        expect(canonicalize(myApex, 'exclusive')).toBe(new ExclusiveCanonicalization().process(apex, {}));
        const omitted = canonicalize(root, 'inclusive', { omit: myApex });
        apex.parentNode!.removeChild(apex);
        expect(omitted).toBe(new C14nCanonicalization().process(doc.documentElement, {}));
      }),
      { numRuns: 400 },
    );
  });
});
