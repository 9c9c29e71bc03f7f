import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import fc from 'fast-check';
import { issueXmlSigningPairs, REFERENCE_DCC_EUI } from '../../../certs/xml-signing';
import { DuisError, emitDuisRequest } from '../../../simulator/duis';
import {
  DS_NAMESPACE,
  signDuisXml,
  verifyDuisXml,
  withoutComments,
  type XmlSigTrust,
} from '../../../simulator/duis/xmldsig';
import { krpRequest } from '../../../simulator/requests';
import { M1, party, pki } from '../../support/reference-dcc';

// Mutated signed documents: the verifier never crashes or hangs, and never accepts a document whose
// signed content differs from what was signed.

const keys = issueXmlSigningPairs(pki());
const noA = party('NO-A');
const trust: XmlSigTrust = {
  certificates: [...keys.users.values(), keys.dcc].map((p) => p.certificate),
  anchor: pki().root.certificate,
  intermediates: [pki().ca.certificate],
  dccEui: REFERENCE_DCC_EUI,
};
const SIGNED = signDuisXml(
  emitDuisRequest(
    krpRequest({
      sender: noA.eui,
      device: M1,
      counter: 42n,
      remotePartyRole: 'NetworkOperator',
      ds: noA.ds.certificate,
      ka: noA.ka.certificate,
      path: [pki().ca.certificate],
    }),
  ),
  keys.users.get(noA.eui)!,
);

/**
 * The signed content, as an independent parser (@xmldom/xmldom) reads it: the document without its
 * root Signature and its comments (c14n without comments leaves them out; the server reads the
 * document without them), whitespace between elements dropped.
 */
function signedContent(xml: string): string {
  const doc = new DOMParser().parseFromString(withoutComments(xml), 'text/xml');
  const root = doc.documentElement;
  const compact = (node: Node): void => {
    const kids = Array.from(node.childNodes);
    const hasElements = kids.some((c) => c.nodeType === 1);
    for (const c of kids) {
      if (
        c.nodeType === 1 &&
        node === root &&
        (c as Element).namespaceURI === DS_NAMESPACE &&
        (c as Element).localName === 'Signature'
      )
        node.removeChild(c);
      else if (c.nodeType === 3 && hasElements && (c.nodeValue ?? '').trim() === '') node.removeChild(c);
      else if (c.nodeType === 1) compact(c);
    }
  };
  compact(root);
  return new XMLSerializer().serializeToString(root);
}

const ORIGINAL = signedContent(SIGNED);
const SNIPPETS = [
  '<',
  '>',
  '"',
  ' ',
  '/',
  '=',
  '&',
  '&#13;',
  '\n',
  '0',
  'A',
  '<!-- c -->',
  '</sr:Body>',
  '<ds:Signature/>',
  'URI="#x"',
];

const mutationArb = fc.record({
  at: fc.nat({ max: SIGNED.length - 1 }),
  drop: fc.nat({ max: 3 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 3 })),
});

describe('XML-DSig verifier under mutation', () => {
  it('never crashes, never accepts changed signed content', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (edits) => {
        let xml = SIGNED;
        for (const e of edits) {
          const at = Math.min(e.at, xml.length);
          xml = xml.slice(0, at) + e.insert + xml.slice(at + e.drop);
        }
        let verdict;
        try {
          verdict = verifyDuisXml(xml, trust);
        } catch (err) {
          if (err instanceof DuisError) return;
          throw err;
        }
        if (verdict.ok) expect(signedContent(xml)).toBe(ORIGINAL);
      }),
    );
  });
});
