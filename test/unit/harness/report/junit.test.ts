import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toJUnit, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport, step } from './sample-report';

interface XmlCase {
  '@_classname': string;
  '@_name': string;
  failure?: { '#text': string; '@_message': string; '@_type': string };
  error?: { '#text': string; '@_type': string };
  skipped?: { '@_message': string };
}
interface XmlSuite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_errors': string;
  '@_skipped': string;
  testcase: XmlCase[];
}

function parse(xml: string): { testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; testsuite: XmlSuite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
    alwaysCreateTextNode: true,
  });
  return parser.parse(xml) as ReturnType<typeof parse>;
}

describe('toJUnit', () => {
  const xml = toJUnit(sampleReport());
  const doc = parse(xml);
  const suites = doc.testsuites.testsuite;

  it('is well-formed XML with an XML declaration', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  });

  it('has one testsuite per policy, in the declared policy order', () => {
    expect(suites.map((s) => s['@_name'])).toEqual(['legacy', 'relaxed', 'corrective']);
  });

  it('has one testcase per case with classname = policy', () => {
    expect(suites.map((s) => s.testcase.length)).toEqual([4, 3, 3]);
    for (const s of suites) for (const c of s.testcase) expect(c['@_classname']).toBe(s['@_name']);
  });

  it('states counts that match the elements', () => {
    for (const s of suites) {
      expect(Number(s['@_tests'])).toBe(s.testcase.length);
      expect(Number(s['@_failures'])).toBe(s.testcase.filter((c) => c.failure).length);
      expect(Number(s['@_errors'])).toBe(s.testcase.filter((c) => c.error).length);
      expect(Number(s['@_skipped'])).toBe(s.testcase.filter((c) => c.skipped).length);
    }
    expect(doc.testsuites['@_tests']).toBe('10');
    expect(doc.testsuites['@_failures']).toBe('2');
    expect(doc.testsuites['@_errors']).toBe('2');
  });

  it('names each testcase by id and title, markup in titles surviving as escaped text', () => {
    const legacy = suites[0]!.testcase.map((c) => c['@_name']);
    expect(legacy).toContain('KRP-MIS-002 <script>alert("x")</script> wrong NO');
    expect(xml).not.toContain('<script>');
  });

  it('reports expected vs actual per step in a failure', () => {
    const failed = suites[0]!.testcase.find((c) => c.failure)!;
    expect(failed.failure!['@_type']).toBe('FAIL');
    expect(failed.failure!['#text']).toContain('expected: rejected E4 GATE_NOT_REGISTERED');
    expect(failed.failure!['#text']).toContain('actual:   accepted');
  });

  it('lists every alternative of a oneOf step with why it did not match', () => {
    const failed = suites.find((s) => s['@_name'] === 'corrective')!.testcase.find((c) => c.failure)!;
    expect(failed.failure!['#text']).toContain(
      'alternative 2: rejected E061507 <sig>: no (DUIS code E4, expected E061507)',
    );
  });

  it('maps HANG and HARNESS_ERROR to error elements and SKIPPED to skipped', () => {
    const types = suites.flatMap((s) => s.testcase.flatMap((c) => (c.error ? [c.error['@_type']] : [])));
    expect(types.sort()).toEqual(['HANG', 'HARNESS_ERROR']);
    expect(suites[1]!.testcase.find((c) => c.skipped)?.skipped?.['@_message']).toBe('no gas support');
  });

  it('stays well-formed with control characters, ampersands and quotes in any field', () => {
    const nasty = 'a\u0000b\u001b[31m & <x y="1"> \' ]]> \uD800';
    const report: RunReport = {
      ...sampleReport(),
      cases: [caseResult(nasty, 'legacy', 'FAIL', { title: nasty, reason: nasty, steps: [step(1, nasty, 'accepted', nasty)] })],
    };
    expect(XMLValidator.validate(toJUnit(report))).toBe(true);
  });
});
