import type { CaseResult, CaseVerdict, RunReport, VerdictCounts } from '../report';
import { mutationSection } from './render';
import type { MutationReport } from './score';

const VERDICTS: readonly CaseVerdict[] = ['PASS', 'FAIL', 'SKIPPED', 'HANG', 'HARNESS_ERROR'];

function count(cases: readonly CaseResult[]): VerdictCounts {
  const c = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<CaseVerdict, number>;
  for (const x of cases) c[x.verdict] += 1;
  return c;
}

/**
 * A run report of the reference's own run of the catalogue (the baseline every mutant is compared
 * with) carrying the mutation section, for the report writers (report.json, junit.xml, index.html).
 */
export function mutationRunReport(mutation: MutationReport, baseline: readonly CaseResult[]): RunReport {
  const names = mutation.policies;
  return {
    schemaVersion: 1,
    tool: mutation.tool,
    target: { kind: 'reference', name: 'reference (mutation baseline)' },
    policies: names,
    summary: {
      total: count(baseline),
      byPolicy: Object.fromEntries(names.map((n) => [n, count(baseline.filter((c) => c.policy === n))])),
    },
    cases: baseline,
    findings: [],
    waivers: [],
    mutation: mutationSection(mutation),
  };
}
