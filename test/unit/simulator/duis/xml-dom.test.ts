import { sha256 } from '../../../../certs';
import { canonicalize, canonicalSha256 } from '../../../../simulator/duis/c14n';
import { DuisError } from '../../../../simulator/duis/errors';
import {
  MAX_DEPTH,
  parseDom,
  serializeDocument,
  serializeElement,
  textContent,
} from '../../../../simulator/duis/xml-dom';

const codeOf = (xml: string): string | undefined => {
  try {
    parseDom(xml);
    return undefined;
  } catch (err) {
    if (err instanceof DuisError) return err.code;
    throw err;
  }
};

describe('parseDom: one strict, namespace-aware parse', () => {
  it.each([
    ['a DOCTYPE', '<!DOCTYPE a><a/>', 'ERR_DUIS_XML'],
    ['an entity declaration anywhere', '<a><!-- <!ENTITY x "y"> --></a>', 'ERR_DUIS_XML'],
    ['not well-formed', '<a><b></a>', 'ERR_DUIS_XML'],
    ['two roots', '<a/><b/>', 'ERR_DUIS_XML'],
    ['text outside the root', '<a/>x', 'ERR_DUIS_XML'],
    ['an undefined entity', '<a>&nbsp;</a>', 'ERR_DUIS_XML'],
    ['a character XML does not allow', '<a>\u0001</a>', 'ERR_DUIS_XML'],
    ['a prefix bound nowhere', '<sr:a/>', 'ERR_DUIS_NAMESPACE'],
    [
      'one attribute twice through two prefixes',
      '<a xmlns:p="urn:x" xmlns:q="urn:x" p:k="1" q:k="2"/>',
      'ERR_DUIS_XML',
    ],
    [
      'nesting deeper than the bound',
      `${'<a>'.repeat(MAX_DEPTH + 2)}${'</a>'.repeat(MAX_DEPTH + 2)}`,
      'ERR_DUIS_XML',
    ],
    ['empty text', '', 'ERR_DUIS_XML'],
  ])('refuses %s', (_name, xml, code) => {
    expect(codeOf(xml)).toBe(code);
  });

  it('accepts nesting up to the bound', () => {
    const xml = `${'<a>'.repeat(MAX_DEPTH + 1)}${'</a>'.repeat(MAX_DEPTH + 1)}`;
    expect(codeOf(xml)).toBeUndefined();
  });

  it('reads on after a refusal that stopped the parser mid-document', () => {
    expect(codeOf('<a><b></a>')).toBe('ERR_DUIS_XML');
    const doc = parseDom('<a xmlns="urn:x"><b>1</b></a>');
    expect(doc.root.children[0]!.uri).toBe('urn:x');
    expect(textContent(doc.root)).toBe('1');
  });

  it('resolves names, attributes, declarations and text (entities and CDATA decoded)', () => {
    const doc = parseDom(
      '<?xml version="1.0"?><!--c--><p:a xmlns:p="urn:p" xmlns="urn:d" k="1" p:m="&lt;2"><b> x &amp; <![CDATA[<y>]]> </b><?pi data?></p:a>',
    );
    const root = doc.root;
    expect([root.name, root.prefix, root.local, root.uri]).toEqual(['p:a', 'p', 'a', 'urn:p']);
    expect(root.attrs).toEqual({ 'xmlns:p': 'urn:p', xmlns: 'urn:d', k: '1', 'p:m': '<2' });
    expect(root.attributes.map((a) => [a.name, a.uri, a.value])).toEqual([
      ['k', '', '1'],
      ['p:m', 'urn:p', '<2'],
    ]);
    expect([...root.ns!]).toEqual([
      ['p', 'urn:p'],
      ['', 'urn:d'],
    ]);
    const b = root.children[0]!;
    expect(b.uri).toBe('urn:d');
    expect(textContent(b)).toBe(' x & <y> ');
    expect(b.text).toBe('x &<y>');
    expect(doc.prolog).toEqual([{ type: 'comment', value: 'c' }]);
    expect([doc.commentInside, doc.piInside]).toEqual([false, true]);
  });

  it('flags comments inside the root and inside a ds:Signature', () => {
    const ds = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
    const outside = parseDom(`<a ${ds}><!--x--><ds:Signature/></a>`);
    expect([outside.commentInside, outside.commentInSignature, outside.signatures.length]).toEqual([
      true,
      false,
      1,
    ]);
    const inside = parseDom(`<a ${ds}><ds:Signature><ds:X><!--x--></ds:X></ds:Signature></a>`);
    expect(inside.commentInSignature).toBe(true);
  });

  it('gives the same tree for the same text (remembered), another for other text', () => {
    const xml = '<a><b>remembered</b></a>';
    expect(parseDom(xml)).toBe(parseDom(['<a><b>remember', 'ed</b></a>'].join('')));
    expect(parseDom('<a><b>other</b></a>')).not.toBe(parseDom(xml));
  });
});

describe('serializeElement and serializeDocument', () => {
  it('write what parses back to the same canonical form, compacted when asked', () => {
    const xml =
      '<a xmlns="urn:d" k="&quot;&#9;&#10;&#13;&amp;&lt;">\n  <b>t &gt; &#13; &lt;</b>\n  <!--c--><c/>\n</a>';
    const doc = parseDom(xml);
    const written = serializeDocument(doc);
    expect(written.startsWith('<?xml version="1.0" encoding="UTF-8"?><a xmlns="urn:d"')).toBe(true);
    expect(canonicalize(parseDom(written).root, 'inclusive')).toBe(canonicalize(doc.root, 'inclusive'));
    const compact = serializeElement(doc.root, { compact: true, withoutComments: true });
    expect(compact).toBe(
      '<a xmlns="urn:d" k="&quot;&#x9;&#xA;&#xD;&amp;&lt;"><b>t &gt; &#xD; &lt;</b><c/></a>',
    );
    expect(canonicalize(parseDom(compact).root, 'inclusive')).toBe(
      canonicalize(doc.root, 'inclusive', { compact: true }),
    );
  });

  it('leaves out omitted elements and declares inherited namespaces on a subtree made standalone', () => {
    const doc = parseDom('<p:a xmlns:p="urn:p"><p:b><p:c/></p:b><p:d/></p:a>');
    const [b, d] = doc.root.children as [never, never];
    expect(serializeElement(doc.root, { omit: new Set([d]) })).toBe(
      '<p:a xmlns:p="urn:p"><p:b><p:c/></p:b></p:a>',
    );
    expect(serializeElement(b, { declare: new Map([['p', 'urn:p']]) })).toBe(
      '<p:b xmlns:p="urn:p"><p:c/></p:b>',
    );
  });
});

describe('canonicalSha256', () => {
  it('is the SHA-256 of the canonical text, for a document long enough to be hashed in pieces', () => {
    const doc = parseDom(`<a xmlns="urn:x">${'<b k="é">é&amp;</b>'.repeat(20_000)}</a>`);
    const text = canonicalize(doc.root, 'exclusive');
    expect(Buffer.from(canonicalSha256(doc.root, 'exclusive'))).toEqual(
      Buffer.from(sha256(Buffer.from(text, 'utf8'))),
    );
  });
});
