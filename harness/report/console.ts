import { canonicalReport } from './canonical';
import { redactPrivateKeys } from './redact';
import { CASE_VERDICTS, displayCounts, FAILING_VERDICTS, isExpectedDeviation, type DisplayCounts } from './summary';
import type { CaseResult, CaseVerdict, RunReport } from './types';

const SHORT: Record<CaseVerdict, string> = { PASS: 'PASS', FAIL: 'FAIL', SKIPPED: 'SKIP', HANG: 'HANG', HARNESS_ERROR: 'ERROR' };
const ANSI: Record<CaseVerdict, string> = { PASS: '32', FAIL: '31', SKIPPED: '33', HANG: '35', HARNESS_ERROR: '31;1' };
const MAX_LISTED = 20;

/** Console summary options: ANSI colours off unless asked for. */
export interface ConsoleSummaryOptions {
  readonly color?: boolean;
  /** Where the rest of a long list is, e.g. `see report/index.html` (default: the HTML report). */
  readonly more?: string;
}

function oneLine(text: string): string {
  return redactPrivateKeys(text).replace(/\s+/g, ' ').trim();
}

/** `target reference` when the target's name is its kind (said once), else `target http http://...`. */
function targetLine(report: RunReport): string {
  const name = oneLine(report.target.name);
  return `${report.tool.name} ${report.tool.version}: target ${report.target.kind}${name === report.target.kind ? '' : ` ${name}`}`;
}

function reasonOf(c: CaseResult): string {
  const bad = c.steps.find((s) => !s.ok);
  return c.reason ?? (bad ? `step ${bad.index}: expected ${bad.expected}, actual ${bad.actual}` : '');
}

/**
 * The failing cases that are not declared deviations, one line each (verdict, id, policy, expected
 * vs actual or the reason), at most 20 then `... and N more`; no lines when none fails.
 */
export function renderFailingCases(report: RunReport, opts: ConsoleSummaryOptions = {}): string[] {
  const paint = (code: string, text: string): string => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { cases } = canonicalReport(report);
  const failing = cases.filter((c) => FAILING_VERDICTS.includes(c.verdict) && !isExpectedDeviation(c));
  if (failing.length === 0) return [];
  const lines = [`Failing cases (${failing.length}):`];
  for (const c of failing.slice(0, MAX_LISTED)) {
    lines.push(`  ${paint(ANSI[c.verdict], SHORT[c.verdict].padEnd(5))} ${c.id} [${c.policy}] ${oneLine(reasonOf(c))}`);
  }
  if (failing.length > MAX_LISTED) lines.push(`  ... and ${failing.length - MAX_LISTED} more (${opts.more ?? 'see the HTML report'})`);
  return lines;
}

/**
 * A short plain-text summary: a verdict table per policy (declared deviations in their own DEV
 * column), the failing, expected-deviation and skipped cases with their reason, undeclared waivers
 * and broken invariants per policy. Colour is opt-in (`color: true`), never on by default.
 */
export function renderConsoleSummary(report: RunReport, opts: ConsoleSummaryOptions = {}): string {
  const paint = (code: string, text: string): string => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const { cases, findings } = canonicalReport(report);
  const policies = [...new Set([...report.policies, ...cases.map((c) => c.policy)])];
  const width = Math.max(8, ...policies.map((p) => p.length));
  const row = (name: string, counts: DisplayCounts): string =>
    `${name.padEnd(width)} ${CASE_VERDICTS.map((v) => {
      const cell = String(counts.verdicts[v]).padStart(SHORT[v].length);
      return counts.verdicts[v] > 0 && v !== 'PASS' ? paint(ANSI[v], cell) : cell;
    }).join(' ')} ${String(counts.deviations).padStart(3)} ${String(counts.total).padStart(5)}`;

  const lines = [targetLine(report), ''];
  lines.push(`${'policy'.padEnd(width)} ${CASE_VERDICTS.map((v) => SHORT[v]).join(' ')} DEV ${'total'.padStart(5)}`);
  for (const policy of policies) lines.push(row(policy, displayCounts(cases.filter((c) => c.policy === policy))));
  lines.push(row('total', displayCounts(cases)));

  const why = reasonOf;
  const failing = renderFailingCases(report, opts);
  if (failing.length > 0) lines.push('', ...failing);
  const deviations = cases.filter(isExpectedDeviation);
  if (deviations.length > 0) {
    lines.push('', `${deviations.length} expected deviation${deviations.length === 1 ? '' : 's'} (declared in the manifest; not failures):`);
    for (const c of deviations.slice(0, MAX_LISTED)) {
      lines.push(`  ${paint('36', 'DEV'.padEnd(5))} ${c.id} [${c.policy}] ${oneLine(c.deviation?.reason ?? '')} (actual: ${c.verdict})`);
    }
    if (deviations.length > MAX_LISTED) lines.push(`  ... and ${deviations.length - MAX_LISTED} more (${opts.more ?? 'see the HTML report'})`);
  }
  const skipped = cases.filter((c) => c.verdict === 'SKIPPED');
  if (skipped.length > 0) {
    lines.push('', `Skipped cases (${skipped.length}):`);
    for (const c of skipped.slice(0, MAX_LISTED)) lines.push(`  ${paint(ANSI.SKIPPED, 'SKIP'.padEnd(5))} ${c.id} [${c.policy}] ${oneLine(why(c))}`);
    if (skipped.length > MAX_LISTED) lines.push(`  ... and ${skipped.length - MAX_LISTED} more (${opts.more ?? 'see the HTML report'})`);
  }
  const undeclared = report.waivers.filter((w) => w.declared === false && w.uses > 0);
  if (undeclared.length > 0) {
    lines.push('', `Waivers used but not declared by the policy (${undeclared.length}):`);
    for (const w of undeclared) lines.push(`  ${paint('33', 'UNDECL')} ${w.waiver} [${w.policy}] used ${w.uses} time${w.uses === 1 ? '' : 's'}`);
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
