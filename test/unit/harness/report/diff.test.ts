import { diffReports, hasVerdictChanges, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport } from './sample-report';

const withCases = (cases: RunReport['cases'], findings: RunReport['findings'] = []): RunReport => ({ ...sampleReport(), cases, findings });

describe('diffReports', () => {
  it('finds nothing between a report and itself, in any order', () => {
    const a = sampleReport();
    const b = { ...a, cases: [...a.cases].reverse() };
    const d = diffReports(a, b);
    expect(d).toEqual({ changed: [], added: [], removed: [], findings: [] });
    expect(hasVerdictChanges(d)).toBe(false);
  });

  it('lists verdict changes with from and to', () => {
    const a = withCases([caseResult('A', 'legacy', 'PASS'), caseResult('B', 'legacy', 'FAIL')]);
    const b = withCases([caseResult('A', 'legacy', 'FAIL'), caseResult('B', 'legacy', 'PASS')]);
    const d = diffReports(a, b);
    expect(d.changed).toEqual([
      { id: 'A', policy: 'legacy', from: 'PASS', to: 'FAIL' },
      { id: 'B', policy: 'legacy', from: 'FAIL', to: 'PASS' },
    ]);
    expect(hasVerdictChanges(d)).toBe(true);
  });

  it('keys cases by id and policy together', () => {
    const a = withCases([caseResult('A', 'legacy', 'PASS'), caseResult('A', 'relaxed', 'FAIL')]);
    const b = withCases([caseResult('A', 'relaxed', 'FAIL'), caseResult('A', 'legacy', 'PASS')]);
    expect(diffReports(a, b).changed).toEqual([]);
  });

  it('reports added and removed cases without counting them as changes', () => {
    const a = withCases([caseResult('A', 'legacy', 'PASS'), caseResult('GONE', 'legacy', 'FAIL')]);
    const b = withCases([caseResult('A', 'legacy', 'PASS'), caseResult('NEW', 'relaxed', 'SKIPPED')]);
    const d = diffReports(a, b);
    expect(d.added).toEqual([{ id: 'NEW', policy: 'relaxed', verdict: 'SKIPPED' }]);
    expect(d.removed).toEqual([{ id: 'GONE', policy: 'legacy', verdict: 'FAIL' }]);
    expect(hasVerdictChanges(d)).toBe(false);
  });

  it('reports an invariant flipping between kept and broken', () => {
    const f = (kept: boolean): RunReport['findings'] => [{ policy: 'relaxed', invariant: 'INV-AUTH', kept, summary: 's' }];
    const d = diffReports(withCases([], f(true)), withCases([], f(false)));
    expect(d.findings).toEqual([{ policy: 'relaxed', invariant: 'INV-AUTH', from: 'kept', to: 'broken' }]);
    expect(hasVerdictChanges(d)).toBe(true);
  });
});
