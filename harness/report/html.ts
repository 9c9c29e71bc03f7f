import { canonicalReport } from './canonical';
import { escapeMarkup as e } from './escape';
import { REPORT_CSS, REPORT_JS } from './html-assets';
import { renderFindingsGrid, renderOptions, renderVerdictMatrix } from './html-analyst';
import { renderCases, verdictClass } from './html-cases';
import { renderEstate, renderWaivers } from './html-findings';
import { renderMutation } from './html-mutation';
import { CASE_VERDICTS, displayCounts, FAILING_VERDICTS, type DisplayCounts } from './summary';
import type { CaseResult, RunReport } from './types';

/** Blocks every network fetch: the report must open offline and never reach out. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/** Verdict chips; a zero count is grey whatever its verdict (a red "0 HARNESS_ERROR" reads as an alarm). */
function chips(n: DisplayCounts): string {
  const chip = (count: number, cls: string, label: string): string =>
    `<li class="chip ${count === 0 ? 'zero' : cls}">${count} ${e(label)}</li>`;
  return `<ul class="chips">${CASE_VERDICTS.map((v) => chip(n.verdicts[v], verdictClass(v), v)).join('')}${chip(
    n.deviations,
    'v-deviation',
    `expected deviation${n.deviations === 1 ? '' : 's'}`,
  )}</ul>`;
}

function banner(n: DisplayCounts): string {
  const failing = FAILING_VERDICTS.reduce((s, v) => s + n.verdicts[v], 0);
  const devs =
    n.deviations === 0 ? '' : ` (${n.deviations} expected deviation${n.deviations === 1 ? '' : 's'}, declared in the manifest)`;
  const skipped = n.verdicts.SKIPPED === 0 ? '' : `; ${n.verdicts.SKIPPED} skipped`;
  return failing === 0
    ? `<p class="banner ok" role="status">All ${n.total - n.verdicts.SKIPPED} cases run met expectations${devs}${skipped}</p>`
    : `<p class="banner bad" role="status">${failing} of ${n.total} cases failed${devs}${skipped}</p>`;
}

function header(report: RunReport, cases: readonly CaseResult[], policies: readonly string[]): string {
  const total = displayCounts(cases);
  return (
    `<header class="top"><h1>SMETS1 conformance report</h1>` +
    `<p class="meta">Target <strong>${e(report.target.name)}</strong>${report.target.name === report.target.kind ? '' : ` (${e(report.target.kind)})`} · ` +
    `${e(report.tool.name)} ${e(report.tool.version)} · ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}</p>` +
    `${banner(total)}${chips(total)}` +
    `<nav class="toc" aria-label="Sections"><a href="#options">Options</a><a href="#matrix">Verdicts</a><a href="#findings">Findings</a>` +
    `${report.estate ? '<a href="#estate">Estate</a>' : ''}<a href="#waivers">Waivers</a>${report.mutation ? '<a href="#mutation">Mutation</a>' : ''}<a href="#summary">Counts</a><a href="#cases">Cases</a></nav></header>` +
    `<main id="content">`
  );
}

function countsSection(cases: readonly CaseResult[], policies: readonly string[]): string {
  const rows = policies
    .map((p) => {
      const n = displayCounts(cases.filter((c) => c.policy === p));
      return `<tr><th scope="row">${e(p)}</th>${CASE_VERDICTS.map((v) => `<td class="num">${n.verdicts[v]}</td>`).join('')}<td class="num">${n.deviations}</td><td class="num">${n.total}</td></tr>`;
    })
    .join('');
  return (
    `<section class="card" id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Test verdicts by policy</h2>` +
    `<div class="scroll"><table><thead><tr><th>Policy</th>${CASE_VERDICTS.map((v) => `<th class="num">${e(v)}</th>`).join('')}` +
    `<th class="num">Expected deviations</th><th class="num">Total</th></tr></thead><tbody>${rows}</tbody></table></div></section>`
  );
}

function section(id: string, title: string, body: string): string {
  return `<section class="card" id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${e(title)}</h2>${body}</section>`;
}

/**
 * One self-contained HTML file (inline CSS, JS and SVG; a CSP forbids any fetch): the options page
 * (one row per policy), the verdict matrix, the findings grid with counterexamples, the estate chart,
 * waivers, test verdict counts and a detail per case (collapsed). All report text is escaped.
 */
export function toHtml(report: RunReport): string {
  const { cases, findings, waivers, estate } = canonicalReport(report);
  const policies = [...new Set([...report.policies, ...cases.map((c) => c.policy)])];
  const title = `SMETS1 report: ${report.target.name}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title><style>${REPORT_CSS}</style></head>`,
    '<body><a class="skip-link" href="#content">Skip to content</a>',
    header(report, cases, policies),
    section('options', 'Options: one row per policy', renderOptions(policies, cases, findings, waivers, estate)),
    section('matrix', 'Verdicts: scenario × policy', renderVerdictMatrix(cases, policies)),
    section('findings', 'Findings: policy × invariant', renderFindingsGrid(findings, policies)),
    estate && estate.length > 0 ? section('estate', 'Estate campaign', renderEstate(estate)) : '',
    section('waivers', 'Waivers declared and used', renderWaivers(waivers, policies)),
    report.mutation ? section('mutation', 'Mutation score of the catalogue', renderMutation(report.mutation, policies)) : '',
    countsSection(cases, policies),
    section('cases', 'Cases', renderCases(cases, policies)),
    `</main><footer>Generated by ${e(report.tool.name)} ${e(report.tool.version)} from report.json (schema ${report.schemaVersion}).</footer>`,
    `<script>${REPORT_JS}</script></body></html>`,
    '',
  ].join('\n');
}
