import fc from 'fast-check';
import { XMLBuilder } from 'fast-xml-parser';
import { issueXmlSigningPairs, REFERENCE_DCC_EUI } from '../../../certs/xml-signing';
import { emitDuisRequest, emitDuisResponse, parseDuisRequest } from '../../../simulator/duis';
import { canonicalize } from '../../../simulator/duis/c14n';
import { duisRequestNode } from '../../../simulator/duis/request';
import { duisResponseNode } from '../../../simulator/duis/response';
import { parseDom, type XElement } from '../../../simulator/duis/xml-dom';
import { buildXml, emittedDocument, type ENode } from '../../../simulator/duis/xml-emit';
import { signDuisDocument, signDuisXml, verifyDuisXml } from '../../../simulator/duis/xmldsig';
import { pki } from '../../support/reference-dcc';
import { duisRequestArb, duisResponseArb } from './duis-arbitraries';

// The codec's writer (simulator/duis/xml-emit.ts) against fast-xml-parser's XMLBuilder (a
// devDependency here, the writer the codec used before): the same text; and the tree it builds
// directly equals, canonically, the tree parsed from its text, so a document signed from the tree is
// the document signed from the text.

const ordered = (node: ENode): Record<string, unknown> => {
  const inner = node.text !== undefined ? [{ '#text': node.text }] : (node.children ?? []).map(ordered);
  return { [node.name]: inner, ...(node.attrs ? { ':@': node.attrs } : {}) };
};
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  processEntities: true,
});
const builderXml = (root: ENode): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([ordered(root)]).trimStart()}`;

/** Random text: `plain` keeps to what XMLBuilder writes losslessly (no tab, line feed or CR). */
const text = (plain: boolean): fc.Arbitrary<string> =>
  fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      '&',
      '<',
      '>',
      '"',
      "'",
      'é',
      '€',
      ...(plain ? [] : ['\t', '\n', '\r']),
    ),
    maxLength: 6,
  });

const nodeArb = (plain: boolean): fc.Arbitrary<ENode> => {
  const node: fc.Memo<ENode> = fc.memo(
    (depth) =>
      fc.record(
        {
          name: fc.constantFrom('sr:A', 'sr:Bee', 'ra:C', 'D'),
          attrs: fc.dictionary(fc.constantFrom('k', 'm', 'ra:n'), text(plain), { maxKeys: 2 }),
          text: depth <= 1 ? text(plain) : fc.option(text(plain), { nil: undefined }),
          children: depth <= 1 ? fc.constant([]) : fc.array(node(depth - 1), { maxLength: 3 }),
        },
        { requiredKeys: ['name'] },
      ) as fc.Arbitrary<ENode>,
  );
  return node(3).map((root) => ({
    ...root,
    name: 'sr:Root',
    attrs: { 'xmlns:sr': 'urn:sr', 'xmlns:ra': 'urn:ra', ...(root.attrs ?? {}) },
  }));
};

/** The canonical form with whitespace between elements dropped, and every element's DUIS text. */
const shape = (root: XElement): [string, string[]] => {
  const texts: string[] = [];
  const walk = (e: XElement): void => {
    texts.push(`${e.name}=${e.text}`);
    e.children.forEach(walk);
  };
  walk(root);
  return [canonicalize(root, 'inclusive', { compact: true }), texts];
};

describe('buildXml and emittedDocument', () => {
  it('buildXml writes what XMLBuilder wrote', () => {
    fc.assert(fc.property(nodeArb(true), (root) => expect(buildXml(root)).toBe(builderXml(root))));
  });

  it('the tree built directly is, canonically, the tree parsed from the text', () => {
    fc.assert(
      fc.property(nodeArb(false), (root) => {
        expect(shape(emittedDocument(root).root)).toEqual(shape(parseDom(buildXml(root)).root));
      }),
    );
  });

  it('a DUIS Response signed from its tree is the one signed from its text, and verifies', () => {
    const keys = issueXmlSigningPairs(pki(), REFERENCE_DCC_EUI);
    const trust = { certificates: [keys.dcc.certificate], dccEui: REFERENCE_DCC_EUI };
    const unsigned = (xml: string): string =>
      xml.replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue><');
    fc.assert(
      fc.property(duisResponseArb, (r) => {
        const fromTree = signDuisDocument(emittedDocument(duisResponseNode(r)), keys.dcc);
        expect(unsigned(fromTree)).toBe(unsigned(signDuisXml(emitDuisResponse(r), keys.dcc)));
        expect(verifyDuisXml(fromTree, trust)).toMatchObject({ ok: true });
      }),
      { numRuns: 40 },
    );
  });

  it('a DUIS Request signed from its tree is the one signed from its text, and reads back', () => {
    const keys = issueXmlSigningPairs(pki(), REFERENCE_DCC_EUI);
    const pair = [...keys.users.values()][0]!;
    const unsigned = (xml: string): string =>
      xml.replace(/<ds:SignatureValue>[^<]*</, '<ds:SignatureValue><');
    fc.assert(
      fc.property(duisRequestArb, (r) => {
        const fromTree = signDuisDocument(emittedDocument(duisRequestNode(r)), pair);
        expect(unsigned(fromTree)).toBe(unsigned(signDuisXml(emitDuisRequest(r), pair)));
        expect(buildXml(duisRequestNode(r))).toBe(emitDuisRequest(r));
        // read twice (the second reading is the first one's, remembered with the tree): equal values
        expect(parseDuisRequest(fromTree)).toEqual(r);
        expect(parseDuisRequest(fromTree)).toEqual(r);
      }),
      { numRuns: 40 },
    );
  });
});
