import fc from 'fast-check';
import { DuisError, emitDuisRequest, parseDuisRequest, parseDuisResponse } from '../../../simulator/duis';
import { loadTemplate } from '../../support/dcc-material';
import { duisRequestArb } from './duis-arbitraries';

const TEMPLATES = [
  'CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML',
  'CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_REQUEST_DUIS.XML',
  'CS02d_6.15.2_SUCCESS_REQUEST_DUIS.XML',
  'CS02bNOByNOHandover_6.21_SUCCESS_REQUEST_DUIS.XML',
  'ECS42_7.1_REQUEST_DUIS.XML',
].map(loadTemplate);

/** Runs a parser and returns 'ok' or the DuisError code; any other exception fails the property. */
function outcome(parse: (xml: string) => unknown, xml: string): string {
  try {
    parse(xml);
    return 'ok';
  } catch (err) {
    if (err instanceof DuisError && err.code.startsWith('ERR_DUIS_')) return err.code;
    throw err;
  }
}

const documentArb = fc.oneof(fc.constantFrom(...TEMPLATES), duisRequestArb.map(emitDuisRequest));
const SNIPPETS = [
  '<',
  '>',
  '</sr:Body>',
  '<sr:X>',
  '&',
  '&amp;',
  '"',
  'sr:',
  '<!DOCTYPE a>',
  '<![CDATA[x]]>',
  '<!-- c -->',
  '\u0000',
  '=',
  ':',
];

describe('DUIS parsers on hostile input', () => {
  it('random text gives a value or a coded DuisError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        outcome(parseDuisRequest, s);
        outcome(parseDuisResponse, s);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated documents (deletions, insertions, truncations) never crash', () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...SNIPPETS)), {
          minLength: 1,
          maxLength: 4,
        }),
        (xml, edits) => {
          let doc = xml;
          for (const [at, del, ins] of edits) {
            const i = at % (doc.length + 1);
            doc = doc.slice(0, i) + ins + doc.slice(i + del);
          }
          outcome(parseDuisRequest, doc);
          outcome(parseDuisResponse, doc);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every truncation of a valid document is refused with a code', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), (xml, cut) => {
        const end = xml.lastIndexOf('</sr:Request>');
        expect(outcome(parseDuisRequest, xml.slice(0, cut % end))).toMatch(/^ERR_DUIS_/);
      }),
      { numRuns: 150 },
    );
  });

  it('oversize input is refused by the size check, before any parsing', () => {
    const big = '<sr:Request>' + 'x'.repeat(2 * 1024 * 1024) + '</sr:Request>';
    expect(outcome(parseDuisRequest, big)).toBe('ERR_DUIS_TOO_LARGE');
  });
});
