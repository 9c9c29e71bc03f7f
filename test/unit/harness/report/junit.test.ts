import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { toJUnit, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport, step } from './sample-report';

const FAILING: readonly string[] = ['FAIL', 'HANG', 'HARNESS_ERROR'];

interface XmlCase {
  '@_classname': string;
  '@_name': string;
  '@_time': string;
  properties?: { property: { '@_name': string; '@_value': string }[] };
  'system-out'?: { '#text': string };
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
  '@_time': string;
  testcase: XmlCase[];
}

function parse(xml: string): { testsuites: { '@_tests': string; '@_failures': string; '@_errors': string; testsuite: XmlSuite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
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

  it('gives every testcase and suite a time in seconds, the suite the sum of its cases', () => {
    const report: RunReport = {
      ...sampleReport(),
      cases: sampleReport().cases.map((c, i) => ({ ...c, durationMs: 1000 * i + 12.5 })),
    };
    const timed = parse(toJUnit(report)).testsuites.testsuite;
    for (const suite of timed) {
      for (const c of suite.testcase) expect(c['@_time']).toMatch(/^[0-9]+\.[0-9]{3}$/);
      const sum = report.cases.filter((c) => c.policy === suite['@_name']).reduce((n, c) => n + c.durationMs!, 0);
      expect(Number(suite['@_time'])).toBeCloseTo(sum / 1000, 3);
    }
    // A report without durations (older runs) still carries time="0.000".
    for (const c of suites.flatMap((s) => s.testcase)) expect(c['@_time']).toBe('0.000');
  });

  it('makes a declared deviation a passed testcase with the reason as a property, counted in no failure', () => {
    const report: RunReport = {
      ...sampleReport(),
      cases: sampleReport().cases.map((c) =>
        FAILING.includes(c.verdict) ? { ...c, deviation: { reason: `known gap in ${c.id}` } } : c,
      ),
    };
    const out = toJUnit(report);
    expect(out).not.toContain('<failure');
    expect(out).not.toContain('<error');
    const d = parse(out);
    expect(d.testsuites['@_failures']).toBe('0');
    expect(d.testsuites['@_errors']).toBe('0');
    expect(d.testsuites['@_tests']).toBe('10');
    const legacy = d.testsuites.testsuite[0]!.testcase.find((c) => c['@_name'].startsWith('KRP-MIS-002'))!;
    const props = Object.fromEntries(legacy.properties!.property.map((p) => [p['@_name'], p['@_value']]));
    expect(props).toEqual({ 'smets1.expected-deviation': 'known gap in KRP-MIS-002', 'smets1.verdict': 'FAIL' });
    expect(legacy['system-out']!['#text']).toContain('expected: rejected E4 GATE_NOT_REGISTERED');
  });

  it('keeps a deviation on a passing case (an unexpected pass turned FAIL by the runner) a failure', () => {
    const report: RunReport = {
      ...sampleReport(),
      cases: [caseResult('X', 'legacy', 'FAIL', { reason: 'unexpected pass' })],
    };
    expect(parse(toJUnit(report)).testsuites['@_failures']).toBe('1');
  });
});
