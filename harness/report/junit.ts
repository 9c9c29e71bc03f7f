import { canonicalReport } from './canonical';
import { escapeMarkup as x } from './escape';
import { isExpectedDeviation } from './summary';
import type { CaseResult, CaseVerdict, RunReport, StepResult } from './types';

function describeStep(s: StepResult): string {
  const mark = s.ok ? 'ok' : 'MISMATCH';
  const detail = s.detail ? `\n      detail:   ${s.detail}` : '';
  const alternatives = (s.alternatives ?? [])
    .map((a, i) => `\n      alternative ${i + 1}: ${a.expected}: ${a.matched ? 'matched' : `no (${a.why ?? '?'})`}`)
    .join('');
  return `[${mark}] step ${s.index}: ${s.label}\n      expected: ${s.expected}\n      actual:   ${s.actual}${detail}${alternatives}`;
}

/** Body text of a failure or error element: the reason, then expected vs actual for every step. */
function caseText(c: CaseResult): string {
  const head = [c.reason, c.deviation ? `expected deviation: ${c.deviation.reason}` : undefined].filter(Boolean);
  return [...head, ...c.steps.map(describeStep)].join('\n');
}

/** The one-line message attribute: the reason, or the first mismatching step. */
function caseMessage(c: CaseResult): string {
  if (c.reason) return c.reason;
  const bad = c.steps.find((s) => !s.ok);
  return bad ? `step ${bad.index}: expected ${bad.expected}, actual ${bad.actual}` : c.verdict;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute has it. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function timeOf(cases: readonly CaseResult[]): string {
  return seconds(cases.reduce((s, c) => s + (c.durationMs ?? 0), 0));
}

/**
 * A declared deviation is a passed testcase carrying properties (`smets1.expected-deviation` with the
 * manifest's reason, `smets1.verdict` with the actual verdict) and the step detail in system-out:
 * CI publishers show it green and count it among tests, while the reason stays one click away.
 * @see docs/ci.md (Expected deviations)
 */
function deviationBody(c: CaseResult): string {
  return [
    '      <properties>',
    `        <property name="smets1.expected-deviation" value="${x(c.deviation?.reason ?? '')}"/>`,
    `        <property name="smets1.verdict" value="${x(c.verdict)}"/>`,
    '      </properties>',
    `      <system-out>${x(caseText(c))}</system-out>`,
  ].join('\n');
}

function testcase(c: CaseResult): string {
  const time = c.durationMs === undefined ? '0.000' : seconds(c.durationMs);
  const open = `    <testcase classname="${x(c.policy)}" name="${x(`${c.id} ${c.title}`.trim())}" time="${time}"`;
  if (isExpectedDeviation(c)) return `${open}>\n${deviationBody(c)}\n    </testcase>`;
  const body: Record<CaseVerdict, string | undefined> = {
    PASS: undefined,
    SKIPPED: `      <skipped message="${x(c.reason ?? 'skipped')}"/>`,
    FAIL: `      <failure type="FAIL" message="${x(caseMessage(c))}">${x(caseText(c))}</failure>`,
    HANG: `      <error type="HANG" message="${x(caseMessage(c))}">${x(caseText(c))}</error>`,
    HARNESS_ERROR: `      <error type="HARNESS_ERROR" message="${x(caseMessage(c))}">${x(caseText(c))}</error>`,
  };
  const inner = body[c.verdict];
  return inner === undefined ? `${open}/>` : `${open}>\n${inner}\n    </testcase>`;
}

function counts(cases: readonly CaseResult[]): { tests: number; failures: number; errors: number; skipped: number } {
  const n = { PASS: 0, FAIL: 0, SKIPPED: 0, HANG: 0, HARNESS_ERROR: 0 };
  for (const c of cases) if (!isExpectedDeviation(c)) n[c.verdict] += 1;
  return { tests: cases.length, failures: n.FAIL, errors: n.HANG + n.HARNESS_ERROR, skipped: n.SKIPPED };
}

function countAttrs(cases: readonly CaseResult[]): string {
  const k = counts(cases);
  return `tests="${k.tests}" failures="${k.failures}" errors="${k.errors}" skipped="${k.skipped}" time="${timeOf(cases)}"`;
}

/**
 * JUnit XML for CI: one testsuite per policy, one testcase per case (classname = policy, name = id + title);
 * FAIL is a failure, HANG and HARNESS_ERROR are errors, SKIPPED is skipped, a declared deviation passes with
 * properties; bodies list expected vs actual per step; `time` per case and per suite in seconds.
 */
export function toJUnit(report: RunReport): string {
  const { cases } = canonicalReport(report);
  const policies = [...report.policies, ...new Set(cases.map((c) => c.policy).filter((p) => !report.policies.includes(p)))];
  const suites = policies.map((policy) => {
    const own = cases.filter((c) => c.policy === policy);
    const props = [
      `      <property name="target" value="${x(`${report.target.kind}:${report.target.name}`)}"/>`,
      `      <property name="tool" value="${x(`${report.tool.name} ${report.tool.version}`)}"/>`,
      `      <property name="expected-deviations" value="${own.filter(isExpectedDeviation).length}"/>`,
    ];
    return [
      `  <testsuite name="${x(policy)}" ${countAttrs(own)}>`,
      '    <properties>',
      ...props,
      '    </properties>',
      ...own.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(report.tool.name)}" ${countAttrs(cases)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

