import { nothingRanError, skipReasons } from '../../../../harness/cli/nothing-ran';
import type { RunReport } from '../../../../harness/report';
import { caseResult, sampleReport } from '../report/sample-report';

const skipped = (id: string, reason?: string) =>
  caseResult(id, 'legacy', 'SKIPPED', reason === undefined ? {} : { reason });
const withCases = (cases: RunReport['cases']): RunReport => ({ ...sampleReport(), cases });

describe('a run that checked nothing', () => {
  it('is ERR_NOTHING_RAN (exit 2) with the skip reasons grouped, most frequent first', () => {
    const report = withCases([
      skipped('A-1', 'no user NO-A'),
      skipped('A-2', 'not the stock world'),
      skipped('A-3', 'no user NO-A'),
      skipped('A-4'),
    ]);
    expect(skipReasons(report)).toEqual([
      { reason: 'no user NO-A', cases: 2 },
      { reason: 'no reason given', cases: 1 },
      { reason: 'not the stock world', cases: 1 },
    ]);
    const err = nothingRanError(report);
    expect(err?.code).toBe('ERR_NOTHING_RAN');
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toBe(
      'nothing ran: all 4 cases were SKIPPED (2 x "no user NO-A"; 1 x "no reason given"; 1 x "not the stock world")',
    );
  });

  it('names three reasons and counts the rest', () => {
    const report = withCases(['r1', 'r2', 'r3', 'r4', 'r5'].map((r, i) => skipped(`B-${i}`, r)));
    expect(nothingRanError(report)?.message).toMatch(/"r3"; and 2 other reasons\)$/);
    expect(nothingRanError(withCases([skipped('C-1', 'why')]))?.message).toBe(
      'nothing ran: the only case was SKIPPED (1 x "why")',
    );
  });

  it('is no error when any case ran, whatever its verdict, or when there is no case', () => {
    for (const verdict of ['PASS', 'FAIL', 'HANG', 'HARNESS_ERROR'] as const)
      expect(
        nothingRanError(withCases([skipped('D-1', 'x'), caseResult('D-2', 'legacy', verdict)])),
      ).toBeUndefined();
    expect(nothingRanError(withCases([]))).toBeUndefined();
    expect(nothingRanError(sampleReport())).toBeUndefined();
  });
});
