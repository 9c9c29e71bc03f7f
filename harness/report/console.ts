import { canonicalReport } from './canonical';
import { redactPrivateKeys } from './redact';
import { CASE_VERDICTS, countAll, emptyCounts, FAILING_VERDICTS } from './summary';
import type { CaseVerdict, RunReport } from './types';

const SHORT: Record<CaseVerdict, string> = { PASS: 'PASS', FAIL: 'FAIL', SKIPPED: 'SKIP', HANG: 'HANG', HARNESS_ERROR: 'ERROR' };
const ANSI: Record<CaseVerdict, string> = { PASS: '32', FAIL: '31', SKIPPED: '33', HANG: '35', HARNESS_ERROR: '31;1' };
const MAX_LISTED = 20;

/** Console summary options: ANSI colours off unless asked for. */
export interface ConsoleSummaryOptions {
  readonly color?: boolean;
}

function oneLine(text: string): string {
  return redactPrivateKeys(text).replace(/\s+/g, ' ').trim();
}

/**
 * A short plain-text summary: a verdict table per policy, the failing cases with their reason,
 * and broken invariants per policy. Colour is opt-in (`color: true`), never on by default.
 */
export function renderConsoleSummary(report: RunReport, opts: ConsoleSummaryOptions = {}): string {
  const paint = (code: string, text: string): string => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { cases, findings } = canonicalReport(report);
  const policies = [...new Set([...report.policies, ...cases.map((c) => c.policy)])];
  const width = Math.max(8, ...policies.map((p) => p.length));
  const row = (name: string, counts: Readonly<Record<CaseVerdict, number>>): string =>
    `${name.padEnd(width)} ${CASE_VERDICTS.map((v) => {
      const cell = String(counts[v]).padStart(SHORT[v].length);
      return counts[v] > 0 && v !== 'PASS' ? paint(ANSI[v], cell) : cell;
    }).join(' ')} ${String(countAll(counts)).padStart(5)}`;

  const lines = [`${report.tool.name} ${report.tool.version}: target ${report.target.kind} ${oneLine(report.target.name)}`, ''];
  lines.push(`${'policy'.padEnd(width)} ${CASE_VERDICTS.map((v) => SHORT[v]).join(' ')} ${'total'.padStart(5)}`);
  const total = emptyCounts();
  for (const policy of policies) {
    const counts = emptyCounts();
    for (const c of cases) if (c.policy === policy) counts[c.verdict] += 1;
    for (const v of CASE_VERDICTS) total[v] += counts[v];
    lines.push(row(policy, counts));
  }
  lines.push(row('total', total));

  const failing = cases.filter((c) => FAILING_VERDICTS.includes(c.verdict));
  if (failing.length > 0) {
    lines.push('', `Failing cases (${failing.length}):`);
    for (const c of failing.slice(0, MAX_LISTED)) {
      const bad = c.steps.find((s) => !s.ok);
      const why = c.reason ?? (bad ? `step ${bad.index}: expected ${bad.expected}, actual ${bad.actual}` : '');
      lines.push(`  ${paint(ANSI[c.verdict], SHORT[c.verdict].padEnd(5))} ${c.id} [${c.policy}] ${oneLine(why)}`);
    }
    if (failing.length > MAX_LISTED) lines.push(`  ... and ${failing.length - MAX_LISTED} more (see the HTML report)`);
  }

  if (findings.length > 0) {
    lines.push('', 'Invariants per policy:');
    for (const policy of [...new Set(findings.map((f) => f.policy))]) {
      const own = findings.filter((f) => f.policy === policy);
      const broken = own.filter((f) => !f.kept);
      const status = broken.length === 0 ? paint('32', 'all kept') : paint('31', `broken: ${broken.map((f) => f.invariant).join(', ')}`);
      lines.push(`  ${policy.padEnd(width)} ${own.length - broken.length}/${own.length} kept; ${status}`);
      for (const f of broken) lines.push(`    ${f.invariant}: ${oneLine(f.summary)}`);
    }
  }
  if (report.estate && report.estate.length > 0) {
    lines.push('', 'Estate campaign:');
    for (const e of report.estate) {
      lines.push(`  ${e.policy.padEnd(width)} ${e.repaired}/${e.misplaced} repaired, ${e.stuck} stuck, ${e.requests} requests`);
    }
  }
  return `${lines.join('\n')}\n`;
}
