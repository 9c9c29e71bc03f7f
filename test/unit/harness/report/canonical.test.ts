import { deriveSigner } from '../../../../certs';
import fc from 'fast-check';
import { parseReportJson, summarise, toJson, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport, step } from './sample-report';

const idPolicy = (c: { id: string; policy: string }): string => `${c.id} ${c.policy}`;

describe('toJson', () => {
  it('sorts cases by id then policy and steps by index', () => {
    const parsed = JSON.parse(toJson(sampleReport())) as RunReport;
    expect(parsed.cases.map(idPolicy)).toEqual([
      'KRP-GAS-001 corrective',
      'KRP-GAS-001 legacy',
      'KRP-GAS-001 relaxed',
      'KRP-MIS-001 corrective',
      'KRP-MIS-001 legacy',
      'KRP-MIS-001 relaxed',
      'KRP-MIS-002 corrective',
      'KRP-MIS-002 legacy',
      'KRP-MIS-002 relaxed',
      'KRP-SUP-001 legacy',
    ]);
    const failing = parsed.cases.find((c) => c.id === 'KRP-MIS-002' && c.policy === 'legacy');
    expect(failing?.steps.map((s) => s.index)).toEqual([1, 2]);
  });

  it('puts schemaVersion first and ends with one newline', () => {
    const text = toJson(sampleReport());
    expect(text.startsWith('{\n  "schemaVersion": 1,\n  "tool": {')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'schemaVersion',
      'tool',
      'target',
      'policies',
      'summary',
      'cases',
      'findings',
      'waivers',
      'estate',
    ]);
  });

  it('keeps policies in the order the run declared them', () => {
    expect((JSON.parse(toJson(sampleReport())) as RunReport).policies).toEqual(['legacy', 'relaxed', 'corrective']);
  });

  it('does not depend on array order or object key insertion order', () => {
    const base = sampleReport();
    fc.assert(
      fc.property(fc.shuffledSubarray([...base.cases], { minLength: base.cases.length }), fc.boolean(), (cases, reverseKeys) => {
        const reordered = cases.map((c) =>
          reverseKeys ? (Object.fromEntries(Object.entries(c).reverse()) as typeof c) : c,
        );
        const shuffled: RunReport = { ...base, cases: reordered, findings: [...base.findings].reverse() };
        expect(toJson(shuffled)).toBe(toJson(base));
      }),
      { numRuns: 50 },
    );
  });

  it('drops undefined optional fields', () => {
    const report: RunReport = { ...sampleReport(), cases: [caseResult('A', 'legacy', 'PASS', { reason: undefined })] };
    expect(toJson(report)).not.toContain('"reason"');
  });

  it('round-trips through parseReportJson', () => {
    const text = toJson(sampleReport());
    const back = parseReportJson(text);
    expect(toJson(back)).toBe(text);
    expect(back.summary).toEqual(sampleReport().summary);
  });

  it('round-trips random reports', () => {
    const verdict = fc.constantFrom('PASS', 'FAIL', 'SKIPPED', 'HANG', 'HARNESS_ERROR' as const);
    const policy = fc.constantFrom('legacy', 'relaxed', 'smets2');
    const oneCase = fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), policy, verdict, title: fc.string(), label: fc.string() });
    fc.assert(
      fc.property(fc.uniqueArray(oneCase, { selector: (c) => `${c.id}\u0000${c.policy}`, maxLength: 12 }), (raw) => {
        const cases = raw.map((r) => caseResult(r.id, r.policy, r.verdict, { title: r.title, steps: [step(1, 'accepted', 'accepted', r.label)] }));
        const report: RunReport = { ...sampleReport(), policies: ['legacy', 'relaxed', 'smets2'], cases, summary: summarise(cases) };
        const text = toJson(report);
        expect(toJson(parseReportJson(text))).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it('never writes a PEM private key', () => {
    // A real (generated) test key, so the redaction is checked against the PEM form keys really take.
    const pem = deriveSigner('report-test', 'leak').exportPrivateKeyPem().trim();
    const body = pem.split('\n')[1]!;
    const report: RunReport = { ...sampleReport(), cases: [caseResult('A', 'legacy', 'HARNESS_ERROR', { reason: `leaked ${pem} here` })] };
    const text = toJson(report);
    expect(text).not.toContain(body);
    expect(text).toContain('leaked [private key redacted] here');
  });
});
