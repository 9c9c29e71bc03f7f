import { fc, test } from '@fast-check/jest';
import {
  httpValidators,
  MAX_XML_CHARS,
  requestBodyProblem,
  schemaProblem,
} from '../../../../harness/dut/http-schemas';

const full = (v: unknown) => schemaProblem(httpValidators().request, v);
const body = (xml: unknown) => ({ xml, at: '2024-06-01T12:00:00Z' });

describe('requestBodyProblem: the request schema without counting code points on every request', () => {
  test.prop([
    fc.oneof(
      fc.record(
        {
          xml: fc.oneof(fc.string({ unit: 'binary' }), fc.string(), fc.integer()),
          at: fc.oneof(fc.constant('2024-06-01T12:00:00Z'), fc.string()),
          userRole: fc.constantFrom('ED', 'IS', 'XX'),
          extra: fc.string(),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
  ])('finds what the whole schema finds', (value) => {
    expect(requestBodyProblem(value)).toBe(full(value));
  });

  it('agrees at the length limit, in UTF-16 units and in code points', () => {
    const cases = [
      'a'.repeat(MAX_XML_CHARS),
      'a'.repeat(MAX_XML_CHARS + 1),
      '\u{1F600}'.repeat(MAX_XML_CHARS / 2 + 1), // longer than the limit in units, within it in code points
      '\u{1F600}'.repeat(MAX_XML_CHARS + 1),
      '',
    ];
    const verdicts = cases.map((xml) => requestBodyProblem(body(xml)));
    expect(verdicts).toEqual(cases.map((xml) => full(body(xml))));
    expect(verdicts.map((v) => v === undefined)).toEqual([true, false, true, false, false]);
  });
});
