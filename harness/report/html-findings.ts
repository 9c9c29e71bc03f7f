import { escapeMarkup as e } from './escape';
import type { EstateResult, Finding, WaiverUse } from './types';

function counterexample(f: Finding): string {
  const cx = f.counterexample;
  if (!cx) return '';
  const facts: string[] = [];
  if (cx.seed !== undefined) facts.push(`<dt>Seed</dt><dd><code>${e(String(cx.seed))}</code></dd>`);
  if (cx.path !== undefined) facts.push(`<dt>Path</dt><dd><code>${e(cx.path)}</code></dd>`);
  if (cx.file !== undefined) facts.push(`<dt>Replay</dt><dd><code>smets1 replay ${e(cx.file)}</code></dd>`);
  const rows = cx.steps
    .map((s, i) => `<tr><td class="num">${i + 1}</td><td>${e(s.label)}</td><td class="mono">${e(s.outcome)}</td></tr>`)
    .join('');
  return (
    `<details class="cx" open><summary>Counterexample (${cx.steps.length} step${cx.steps.length === 1 ? '' : 's'})</summary>` +
    (facts.length > 0 ? `<dl class="facts">${facts.join('')}</dl>` : '') +
    `<table><thead><tr><th class="num">#</th><th>Step</th><th>Outcome</th></tr></thead><tbody>${rows}</tbody></table></details>`
  );
}

/** Findings grouped by policy: each invariant kept or broken, with its counterexample steps, seed, path and replay file. */
export function renderFindings(findings: readonly Finding[], policies: readonly string[]): string {
  if (findings.length === 0) return '<p class="empty">No invariant findings in this run.</p>';
  const order = [...new Set([...policies, ...findings.map((f) => f.policy)])].filter((p) => findings.some((f) => f.policy === p));
  return order
    .map((policy) => {
      const own = findings.filter((f) => f.policy === policy);
      const kept = own.filter((f) => f.kept).length;
      const rows = own
        .map(
          (f) =>
            `<tr><td><code>${e(f.invariant)}</code></td><td><span class="badge ${f.kept ? 'kept' : 'broken'}">${f.kept ? 'KEPT' : 'BROKEN'}</span></td>` +
            `<td>${e(f.summary)}${counterexample(f)}</td></tr>`,
        )
        .join('');
      return (
        `<h3 id="findings-${e(policy.replace(/[^A-Za-z0-9_.:-]/g, '_'))}">${e(policy)} <span class="meta">${kept}/${own.length} invariants kept</span></h3>` +
        `<table class="findings"><thead><tr><th>Invariant</th><th>Status</th><th>Summary</th></tr></thead><tbody>${rows}</tbody></table>`
      );
    })
    .join('');
}

function waiverStatus(w: WaiverUse): string {
  if (w.declared === false) return '<span class="badge undeclared" title="used by the implementation, not declared by the policy">UNDECLARED</span>';
  if (w.builtIn) return '<span class="badge builtin" title="a rule of the DCC\'s gate under every policy, not a waiver of this policy">BUILT-IN</span>';
  return `<span class="badge ${w.uses > 0 ? 'used' : 'unused'}">${w.uses > 0 ? 'USED' : 'UNUSED'}</span>`;
}

/**
 * Waivers each policy declares, with how many runs used each, then (apart) the gate's built-in rules
 * that runs used and the waivers the implementation used that the policy does not declare; policies
 * without waivers are listed as strict.
 */
export function renderWaivers(waivers: readonly WaiverUse[], policies: readonly string[]): string {
  const order = [...new Set([...policies, ...waivers.map((w) => w.policy)])];
  if (order.length === 0) return '<p class="empty">No policies.</p>';
  const table = (rows: readonly WaiverUse[], cls: string): string =>
    `<table class="waivers ${cls}"><thead><tr><th>Waiver</th><th>Description</th><th class="num">Uses</th><th>Status</th></tr></thead><tbody>${rows
      .map(
        (w) =>
          `<tr><td><code>${e(w.waiver)}</code></td><td>${e(w.description)}</td><td class="num">${w.uses}</td><td>${waiverStatus(w)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  return order
    .map((policy) => {
      const own = waivers.filter((w) => w.policy === policy);
      const declared = own.filter((w) => w.declared !== false && !w.builtIn);
      const builtIn = own.filter((w) => w.builtIn);
      const undeclared = own.filter((w) => w.declared === false);
      const head =
        declared.length === 0
          ? `<h3>${e(policy)}</h3><p class="empty">No waivers declared (strict validation).</p>`
          : `<h3>${e(policy)}</h3>${table(declared, 'declared')}`;
      const gate =
        builtIn.length === 0
          ? ''
          : `<p class="meta">Rules of the DCC's gate itself, used under ${e(policy)} as under every policy:</p>${table(builtIn, 'builtin')}`;
      const extra =
        undeclared.length === 0
          ? ''
          : `<p class="warn">Used but <strong>not declared</strong> by ${e(policy)} (${undeclared.length}):</p>${table(undeclared, 'undeclared')}`;
      return head + gate + extra;
    })
    .join('');
}

const CHART_WIDTH = 720;
const LABEL_W = 150;
const ROW_H = 30;

/** Inline SVG horizontal bars: repaired and stuck meters per policy, scaled to the largest misplaced count. */
export function renderEstateChart(estate: readonly EstateResult[]): string {
  const scale = Math.max(1, ...estate.map((r) => Math.max(r.misplaced, r.repaired + r.stuck)));
  const barW = CHART_WIDTH - LABEL_W - 150;
  const height = estate.length * ROW_H + 8;
  const rows = estate.map((r, i) => {
    const y = 4 + i * ROW_H;
    const wr = (r.repaired / scale) * barW;
    const ws = (r.stuck / scale) * barW;
    const wt = (Math.max(r.misplaced, r.repaired + r.stuck) / scale) * barW;
    return (
      `<g><text x="${LABEL_W - 8}" y="${y + 16}" text-anchor="end">${e(r.policy)}</text>` +
      `<rect class="track" x="${LABEL_W}" y="${y + 3}" width="${wt.toFixed(1)}" height="18" rx="3"/>` +
      `<rect class="repaired" x="${LABEL_W}" y="${y + 3}" width="${wr.toFixed(1)}" height="18" rx="3"><title>${e(`${r.policy}: ${r.repaired} repaired`)}</title></rect>` +
      `<rect class="stuck" x="${(LABEL_W + wr).toFixed(1)}" y="${y + 3}" width="${ws.toFixed(1)}" height="18" rx="3"><title>${e(`${r.policy}: ${r.stuck} stuck`)}</title></rect>` +
      `<text x="${(LABEL_W + wt + 8).toFixed(1)}" y="${y + 16}">${r.repaired} repaired · ${r.stuck} stuck</text></g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-labelledby="estate-chart-title" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" ` +
    `style="max-width:${CHART_WIDTH}px"><title id="estate-chart-title">Misplaced meters repaired and stuck per policy</title>` +
    `${rows.join('')}</svg>` +
    '<p class="legend"><span><span class="swatch" style="background:var(--pass)"></span>repaired</span>' +
    '<span><span class="swatch" style="background:var(--fail)"></span>stuck</span>' +
    '<span><span class="swatch" style="background:var(--none-bg)"></span>misplaced (total)</span></p>'
  );
}

/** Inline SVG paired bars per policy: the misplaced stock before the campaign and after it (installations included). */
export function renderStockChart(estate: readonly EstateResult[]): string {
  const rows = estate.filter((r) => r.installs !== undefined);
  if (rows.length === 0) return '';
  const scale = Math.max(1, ...rows.map((r) => Math.max(r.installs!.misplacedBefore, r.installs!.misplacedAfter)));
  const barW = CHART_WIDTH - LABEL_W - 170;
  const rowH = 40;
  const height = rows.length * rowH + 8;
  const bars = rows.map((r, i) => {
    const y = 4 + i * rowH;
    const k = r.installs!;
    const wb = (k.misplacedBefore / scale) * barW;
    const wa = (k.misplacedAfter / scale) * barW;
    return (
      `<g><text x="${LABEL_W - 8}" y="${y + 20}" text-anchor="end">${e(r.policy)}</text>` +
      `<rect class="before" x="${LABEL_W}" y="${y + 2}" width="${wb.toFixed(1)}" height="15" rx="3"><title>${e(`${r.policy}: ${k.misplacedBefore} misplaced before`)}</title></rect>` +
      `<rect class="after" x="${LABEL_W}" y="${y + 19}" width="${wa.toFixed(1)}" height="15" rx="3"><title>${e(`${r.policy}: ${k.misplacedAfter} misplaced after`)}</title></rect>` +
      `<text x="${(LABEL_W + Math.max(wb, wa) + 8).toFixed(1)}" y="${y + 20}">${k.misplacedBefore} → ${k.misplacedAfter} · ${k.meters} installs, ${k.misplaced} misplaced, ${k.failed} refused</text></g>`
    );
  });
  return (
    `<h3>Misplaced stock before and after the campaign, installations included</h3>` +
    `<svg class="chart stock" role="img" aria-labelledby="stock-chart-title" viewBox="0 0 ${CHART_WIDTH} ${height}" width="100%" ` +
    `style="max-width:${CHART_WIDTH}px"><title id="stock-chart-title">Misplaced meters before and after per policy, with installations</title>${bars.join('')}</svg>` +
    '<p class="legend"><span><span class="swatch" style="background:var(--skip)"></span>before</span>' +
    '<span><span class="swatch" style="background:var(--fail)"></span>after</span></p>'
  );
}

/** The estate section: chart plus a table with refusals by reason. */
export function renderEstate(estate: readonly EstateResult[]): string {
  const rows = estate
    .map((r) => {
      const refusals = Object.entries(r.refusals)
        .sort(([, a], [, b]) => b - a)
        .map(([code, n]) => `<code>${e(code)}</code> ${n}`)
        .join(', ');
      return (
        `<tr><th scope="row">${e(r.policy)}</th><td class="num">${r.meters}</td><td class="num">${r.misplaced}</td>` +
        `<td class="num">${r.repaired}</td><td class="num">${r.stuck}</td><td class="num">${r.requests}</td><td>${refusals || '–'}</td></tr>`
      );
    })
    .join('');
  return (
    renderEstateChart(estate) +
    renderStockChart(estate) +
    `<div class="scroll"><table class="estate"><thead><tr><th>Policy</th><th class="num">Meters</th><th class="num">Misplaced</th>` +
    `<th class="num">Repaired</th><th class="num">Stuck</th><th class="num">Requests</th><th>Refusals by reason</th></tr></thead>` +
    `<tbody>${rows}</tbody></table></div>`
  );
}
