import { compareText } from './canonical';
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

interface ScenarioRow {
  readonly id: string;
  readonly title: string;
  readonly group: string;
}

/** One row per scenario id, grouped by its first tag (scenarios without tags go under `untagged`). */
function scenarioRows(cases: readonly CaseResult[]): ScenarioRow[] {
  const rows = new Map<string, ScenarioRow>();
  for (const c of cases) {
    if (!rows.has(c.id)) rows.set(c.id, { id: c.id, title: c.title, group: c.tags[0] ?? 'untagged' });
  }
  // Small groups first: parametrised families (hundreds of rows) go to the end of the matrix.
  const size = new Map<string, number>();
  for (const r of rows.values()) size.set(r.group, (size.get(r.group) ?? 0) + 1);
  return [...rows.values()].sort(
    (a, b) => size.get(a.group)! - size.get(b.group)! || compareText(a.group, b.group) || compareText(a.id, b.id),
  );
}

function matrixCell(c: CaseResult | undefined, id: string, policy: string): string {
  if (!c) return `<td class="cell v-none"><span aria-label="${e(`${id} not run under ${policy}`)}">–</span></td>`;
  const dev = c.deviation ? ' <span class="dev" title="expected deviation, declared in the manifest">†</span>' : '';
  const label = `${c.id} under ${c.policy}: ${c.verdict}${c.reason ? ` (${c.reason})` : ''}`;
  return (
    `<td class="cell ${verdictClass(c.verdict)}" data-verdict="${e(c.verdict)}">` +
    `<a href="#${e(caseAnchor(c.id, c.policy))}" title="${e(label)}">${e(c.verdict)}${dev}</a></td>`
  );
}

/** The scenario x policy matrix: rows are scenario ids grouped by tag, columns are policies; each cell links to its case. */
export function renderMatrix(cases: readonly CaseResult[], policies: readonly string[]): string {
  if (cases.length === 0) return '<p class="empty">No cases were run.</p>';
  const byKey = new Map(cases.map((c) => [`${c.id}\u0000${c.policy}`, c] as const));
  const head = policies.map((p) => `<th scope="col" class="pol">${e(p)}</th>`).join('');
  const body: string[] = [];
  let group: string | undefined;
  for (const row of scenarioRows(cases)) {
    if (row.group !== group) {
      group = row.group;
      body.push(`<tr class="group"><th scope="rowgroup" colspan="${policies.length + 1}">${e(group)}</th></tr>`);
    }
    const cells = policies.map((p) => matrixCell(byKey.get(`${row.id}\u0000${p}`), row.id, p)).join('');
    body.push(
      `<tr class="scenario"><th scope="row"><span class="sid">${e(row.id)}</span><span class="stitle">${e(row.title)}</span></th>${cells}</tr>`,
    );
  }
  return (
    `<div class="scroll"><table class="matrix"><caption class="meta">Scenario × policy verdicts; ` +
    `select a cell to open the case († marks an expected deviation).</caption>` +
    `<thead><tr><th scope="col">Scenario</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`
  );
}

/** The alternatives of a `oneOf` step: which matched, and why each other did not. */
function alternativesList(s: StepResult): string {
  if (!s.alternatives) return e(s.expected);
  const items = s.alternatives.map(
    (a) => `<li>${e(a.expected)}: ${a.matched ? '<strong>matched</strong>' : `no (${e(a.why ?? '?')})`}</li>`,
  );
  return `one of:<ol class="alternatives">${items.join('')}</ol>`;
}

function stepRow(s: StepResult): string {
  const detail = s.detail ? `<span class="detail">${e(s.detail)}</span>` : '';
  const ok = s.ok ? '<span class="ok-yes">✓ ok</span>' : '<span class="ok-no">✗ mismatch</span>';
  return (
    `<tr class="${s.ok ? 'match' : 'mismatch'}"><td class="num">${s.index}</td><td>${e(s.label)}${detail}</td>` +
    `<td class="mono">${alternativesList(s)}</td><td class="mono">${e(s.actual)}</td><td>${ok}</td></tr>`
  );
}

function caseFacts(c: CaseResult): string {
  const facts: [string, string][] = [];
  if (c.reason) facts.push(['Reason', e(c.reason)]);
  if (c.deviation) facts.push(['Expected deviation', e(c.deviation.reason)]);
  if (c.tags.length > 0) facts.push(['Tags', c.tags.map((t) => `<code>${e(t)}</code>`).join(' ')]);
  if (c.specRefs.length > 0) facts.push(['Spec references', c.specRefs.map(e).join('; ')]);
  if (facts.length === 0) return '';
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** One collapsible case detail: verdict, reason, tags, spec references and the steps table. */
export function renderCase(c: CaseResult): string {
  const steps =
    c.steps.length === 0
      ? '<p class="empty">No steps were run.</p>'
      : `<div class="scroll"><table class="steps"><thead><tr><th class="num">#</th><th>Step</th><th>Expected</th>` +
        `<th>Actual</th><th>OK</th></tr></thead><tbody>${c.steps.map(stepRow).join('')}</tbody></table></div>`;
  return (
    `<details class="case ${verdictClass(c.verdict)}" id="${e(caseAnchor(c.id, c.policy))}" data-verdict="${e(c.verdict)}">` +
    `<summary>${verdictBadge(c.verdict)}<span class="sid">${e(c.id)}</span><span class="pol-tag">${e(c.policy)}</span>` +
    `<span>${e(c.title)}</span></summary><div class="case-body">${caseFacts(c)}${steps}</div></details>`
  );
}

/** Every case detail, in canonical order, with expand/collapse/filter tools revealed by the inline script. */
export function renderCases(cases: readonly CaseResult[]): string {
  if (cases.length === 0) return '<p class="empty">No cases.</p>';
  const tools =
    '<div class="toolbar" id="case-tools" hidden><button type="button" id="expand-all">Expand all</button>' +
    '<button type="button" id="collapse-all">Collapse all</button>' +
    '<label><input type="checkbox" id="only-problems"> Hide passing cases</label></div>';
  return tools + cases.map(renderCase).join('');
}
