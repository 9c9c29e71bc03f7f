import { parseReportJson, ReportError, toJson, validateReport } from '../../../../harness/report';
import { caseResult, sampleReport } from './sample-report';

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ReportError);
    return { code: (err as ReportError).code, message: (err as ReportError).message };
  }
  throw new Error('expected a ReportError');
}

const mutate = (fn: (r: Record<string, unknown>) => void): string => {
  const r = JSON.parse(toJson(sampleReport())) as Record<string, unknown>;
  fn(r);
  return JSON.stringify(r);
};

describe('parseReportJson', () => {
  it('rejects text that is not JSON with ERR_REPORT_JSON', () => {
    expect(codeOf(() => parseReportJson('{"schemaVersion": 1,')).code).toBe('ERR_REPORT_JSON');
  });

  it('rejects an unknown verdict with ERR_REPORT_SCHEMA naming the field', () => {
    const text = mutate((r) => {
      (r.cases as Record<string, unknown>[])[0]!.verdict = 'MAYBE';
    });
    const err = codeOf(() => parseReportJson(text));
    expect(err.code).toBe('ERR_REPORT_SCHEMA');
    expect(err.message).toContain('/cases/0/verdict');
  });

  it('rejects unknown fields', () => {
    const err = codeOf(() => parseReportJson(mutate((r) => void (r.startedAt = '2024-01-01'))));
    expect(err.code).toBe('ERR_REPORT_SCHEMA');
    expect(err.message).toContain('startedAt');
  });

  it('rejects a oneOf alternative without its matched flag', () => {
    const text = mutate((r) => {
      const cases = r.cases as { steps: { alternatives?: Record<string, unknown>[] }[] }[];
      const alt = cases.flatMap((c) => c.steps).find((st) => st.alternatives)!.alternatives!;
      delete alt[0]!.matched;
    });
    expect(codeOf(() => parseReportJson(text)).code).toBe('ERR_REPORT_SCHEMA');
  });

  it('rejects another schema version', () => {
    expect(codeOf(() => parseReportJson(mutate((r) => void (r.schemaVersion = 2)))).code).toBe('ERR_REPORT_SCHEMA');
  });

  it('rejects a missing summary count', () => {
    const text = mutate((r) => {
      delete (r.summary as { total: Record<string, number> }).total.HANG;
    });
    expect(codeOf(() => parseReportJson(text)).message).toContain('/summary/total');
  });

  it('rejects a duplicate (id, policy) case', () => {
    const report = sampleReport();
    const dup = { ...report, cases: [...report.cases, caseResult('KRP-MIS-001', 'legacy', 'FAIL')] };
    const err = codeOf(() => validateReport(JSON.parse(JSON.stringify(dup))));
    expect(err.code).toBe('ERR_REPORT_SCHEMA');
    expect(err.message).toContain('duplicate case KRP-MIS-001');
  });

  it('rejects a case under a policy the report does not list', () => {
    const report = sampleReport();
    const stray = { ...report, cases: [caseResult('X-1', 'smets2', 'PASS')] };
    expect(codeOf(() => validateReport(JSON.parse(JSON.stringify(stray)))).message).toContain('smets2 is not listed');
  });

  it('accepts a report without an estate', () => {
    const text = JSON.stringify({ ...sampleReport(), estate: undefined });
    expect(text).not.toContain('estate');
    expect(parseReportJson(text).estate).toBeUndefined();
  });
});
