import { escapeMarkup as e } from './escape';
import type { CaseResult, CaseVerdict, StepResult } from './types';

/** The HTML anchor of a case: `case-<id>-<policy>`, with characters unsafe in ids replaced by `_`. */
export function caseAnchor(id: string, policy: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_.:-]/g, '_');
  return `case-${safe(id)}-${safe(policy)}`;
}

/** CSS class of a verdict, e.g. `v-harness-error`. */
export function verdictClass(v: CaseVerdict): string {
  return `v-${v.toLowerCase().replace(/_/g, '-')}`;
}

/** A verdict badge. */
export function verdictBadge(v: CaseVerdict): string {
  return `<span class="badge ${verdictClass(v)}">${e(v)}</span>`;
}

/** The alternatives of a `oneOf` step: which matched, and why each other did not. */
function alternativesList(s: StepResult): string {
  if (!s.alternatives) return '';
  const items = s.alternatives.map(
    (a) => `<li>${e(a.expected)}: ${a.matched ? '<strong>matched</strong>' : `no (${e(a.why ?? '?')})`}</li>`,
  );
  return `<ol class="alternatives">${items.join('')}</ol>`;
}

/** One policy's step: the actual outcome; a mismatch also shows what was expected and every alternative. */
function stepCell(s: StepResult | undefined): string {
  if (!s) return '<td class="mono none">–</td>';
  const detail = s.detail ? ` title="${e(s.detail)}"` : '';
  if (s.ok) return `<td class="mono"${detail}>${e(s.actual)}</td>`;
  return (
    `<td class="mono mismatch"${detail}><span class="ok-no">✗</span> ${e(s.actual)}<span class="detail">expected ${e(s.expected)}</span>` +
    `${s.detail ? `<span class="detail">${e(s.detail)}</span>` : ''}${alternativesList(s)}</td>`
  );
}

function scenarioFacts(first: CaseResult, own: readonly CaseResult[]): string {
  const facts: [string, string][] = [];
  for (const c of own) {
    if (c.reason) facts.push([`Reason (${e(c.policy)})`, e(c.reason)]);
    if (c.deviation) facts.push([`Expected deviation (${e(c.policy)})`, e(c.deviation.reason)]);
  }
  if (first.tags.length > 0) facts.push(['Tags', first.tags.map((t) => `<code>${e(t)}</code>`).join(' ')]);
  if (first.specRefs.length > 0) facts.push(['Spec references', first.specRefs.map(e).join('; ')]);
  if (facts.length === 0) return '';
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

const WORST: readonly CaseVerdict[] = ['HARNESS_ERROR', 'HANG', 'FAIL', 'SKIPPED', 'PASS'];

/**
 * One collapsible scenario: its cases under every policy side by side, one column per policy (whose
 * header is the case's anchor, `case-<id>-<policy>`), one row per step with the actual outcome; a
 * mismatch shows the expectation too. Labels, tags and spec references are written once.
 */
export function renderScenario(own: readonly CaseResult[], policies: readonly string[]): string {
  const first = own[0]!;
  const byPolicy = new Map(own.map((c) => [c.policy, c] as const));
  const cols = policies.filter((p) => byPolicy.has(p));
  const worst = WORST.find((v) => own.some((c) => c.verdict === v && !(c.deviation && v !== 'PASS' && v !== 'SKIPPED'))) ?? 'PASS';
  const indices = [...new Set(own.flatMap((c) => c.steps.map((s) => s.index)))].sort((a, b) => a - b);
  const head = cols
    .map((p) => {
      const c = byPolicy.get(p)!;
      return `<th scope="col" id="${e(caseAnchor(c.id, p))}" class="pol">${e(p)} ${verdictBadge(c.verdict)}${c.deviation ? ' <span class="dev" title="expected deviation">†</span>' : ''}</th>`;
    })
    .join('');
  const body = indices
    .map((i) => {
      const steps = cols.map((p) => byPolicy.get(p)!.steps.find((s) => s.index === i));
      const label = steps.find((s) => s !== undefined)?.label ?? '';
      const bad = steps.some((s) => s && !s.ok);
      const same = steps.length > 1 && steps.every((s) => s && s.ok && s.actual === steps[0]!.actual && s.detail === steps[0]!.detail);
      // The same outcome under every policy is written once across the columns.
      const cells = same ? stepCell(steps[0]).replace('<td ', `<td colspan="${steps.length}" `) : steps.map(stepCell).join('');
      return `<tr class="${bad ? 'mismatch' : same ? 'match same' : 'match'}"><td class="num">${i}</td><td>${e(label)}</td>${cells}</tr>`;
    })
    .join('');
  const table =
    indices.length === 0
      ? '<p class="empty">No steps were run.</p>'
      : `<div class="scroll"><table class="steps"><thead><tr><th class="num">#</th><th>Step</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  const badges = cols.map((p) => verdictBadge(byPolicy.get(p)!.verdict)).join('');
  return (
    `<details class="case ${verdictClass(worst)}" id="scn-${e(first.id.replace(/[^A-Za-z0-9_.:-]/g, '_'))}" data-verdict="${e(worst)}">` +
    `<summary><span class="sid">${e(first.id)}</span><span>${e([...new Set(own.map((c) => c.title))].join(' / '))}</span><span class="badges">${badges}</span></summary>` +
    `<div class="case-body">${scenarioFacts(first, own)}${table}</div></details>`
  );
}

/** Every scenario, in canonical order, its cases side by side; expand/collapse/filter tools revealed by the inline script. */
export function renderCases(cases: readonly CaseResult[], policies: readonly string[]): string {
  if (cases.length === 0) return '<p class="empty">No cases.</p>';
  const tools =
    '<div class="toolbar" id="case-tools" hidden><button type="button" id="expand-all">Expand all</button>' +
    '<button type="button" id="collapse-all">Collapse all</button>' +
    '<label><input type="checkbox" id="only-problems"> Hide scenarios that pass everywhere</label></div>';
  const ids = [...new Set(cases.map((c) => c.id))];
  const byId = new Map<string, CaseResult[]>();
  for (const c of cases) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  const order = [...new Set([...policies, ...cases.map((c) => c.policy)])];
  return (
    `<details class="all-cases" id="all-cases"><summary>All ${ids.length} scenarios (${cases.length} cases), step by step; a matrix cell opens its case</summary>` +
    tools +
    ids.map((id) => renderScenario(byId.get(id)!, order)).join('') +
    '</details>'
  );
}
