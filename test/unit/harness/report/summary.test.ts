import { hasFailures, summarise, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport } from './sample-report';

describe('summarise', () => {
  it('counts verdicts overall and per policy', () => {
    const report = sampleReport();
    expect(summarise(report.cases)).toEqual(report.summary);
  });

  it('gives all-zero totals and no policies for no cases', () => {
    expect(summarise([])).toEqual({ total: { PASS: 0, FAIL: 0, SKIPPED: 0, HANG: 0, HARNESS_ERROR: 0 }, byPolicy: {} });
  });
});

describe('hasFailures', () => {
  const only = (...cases: RunReport['cases']): RunReport => ({ ...sampleReport(), cases });

  it('is false for passing and skipped cases', () => {
    expect(hasFailures(only(caseResult('A', 'legacy', 'PASS'), caseResult('B', 'legacy', 'SKIPPED')))).toBe(false);
  });

  it.each(['FAIL', 'HANG', 'HARNESS_ERROR'] as const)('is true for %s', (v) => {
    expect(hasFailures(only(caseResult('A', 'legacy', 'PASS'), caseResult('B', 'legacy', v)))).toBe(true);
  });
});
