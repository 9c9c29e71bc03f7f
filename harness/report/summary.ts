import type { CaseResult, CaseVerdict, RunReport, VerdictCounts } from './types';

/** Every case verdict in display order (also the key order of VerdictCounts in canonical JSON). */
export const CASE_VERDICTS: readonly CaseVerdict[] = ['PASS', 'FAIL', 'SKIPPED', 'HANG', 'HARNESS_ERROR'];

/** Verdicts that make a run fail (exit code 1). */
export const FAILING_VERDICTS: readonly CaseVerdict[] = ['FAIL', 'HANG', 'HARNESS_ERROR'];

/** A VerdictCounts with every verdict at zero. */
export function emptyCounts(): Record<CaseVerdict, number> {
  return { PASS: 0, FAIL: 0, SKIPPED: 0, HANG: 0, HARNESS_ERROR: 0 };
}

/** Counts verdicts overall and per policy; the runner reuses it to fill RunReport.summary. */
export function summarise(cases: readonly CaseResult[]): RunReport['summary'] {
  const total = emptyCounts();
  const byPolicy: Record<string, Record<CaseVerdict, number>> = {};
  for (const c of cases) {
    total[c.verdict] += 1;
    const counts = (byPolicy[c.policy] ??= emptyCounts());
    counts[c.verdict] += 1;
  }
  return { total, byPolicy };
}

/** Number of cases counted in a VerdictCounts. */
export function countAll(counts: VerdictCounts): number {
  return CASE_VERDICTS.reduce((n, v) => n + counts[v], 0);
}

/** True when the report has any FAIL, HANG or HARNESS_ERROR case. */
export function hasFailures(report: RunReport): boolean {
  return report.cases.some((c) => FAILING_VERDICTS.includes(c.verdict));
}

/** A failing case the deviation manifest declares: expected, so it fails neither the run nor CI. */
export function isExpectedDeviation(c: CaseResult): boolean {
  return c.deviation !== undefined && FAILING_VERDICTS.includes(c.verdict);
}

/** Counts as reports show them: expected deviations apart (not under their FAIL/HANG/HARNESS_ERROR verdict). */
export interface DisplayCounts {
  readonly verdicts: Readonly<Record<CaseVerdict, number>>;
  readonly deviations: number;
  readonly total: number;
}

/** Verdict counts with declared deviations counted apart. */
export function displayCounts(cases: readonly CaseResult[]): DisplayCounts {
  const verdicts = emptyCounts();
  let deviations = 0;
  for (const c of cases) {
    if (isExpectedDeviation(c)) deviations += 1;
    else verdicts[c.verdict] += 1;
  }
  return { verdicts, deviations, total: cases.length };
}
