/** The analyst's view of a report: the options page, the verdict matrix, the findings grid and counterexamples. */
import { compareText } from './canonical';
import { caseAnchor, verdictClass } from './html-cases';
import { escapeMarkup as e } from './escape';
import { INVARIANT_IDS } from './invariants';
import { displayCounts } from './summary';
import type { CaseResult, EstateResult, Finding, StepResult, WaiverUse } from './types';

/** The policy every other is compared with: today's check. */
export const BASELINE_POLICY = 'legacy';

const safeId = (s: string): string => s.replace(/[^A-Za-z0-9_.:-]/g, '_');

/** The HTML anchor of a finding's counterexample: `cx-<policy>-<invariant>`. */
export function counterexampleAnchor(policy: string, invariant: string): string {
  return `cx-${safeId(policy)}-${safeId(invariant)}`;
}

/** A request step's outcome as the implementation gave it (final-state checks have none). */
function isOutcome(s: StepResult): boolean {
  return /^(accepted|rejected)\b/.test(s.actual);
}

/** One step's outcome in short: `✓ accepted`, `✓ waiver X`, `✗ E4 GATE_NOT_REGISTERED @ gate`. */
export function shortOutcome(s: StepResult): string {
  const actual = s.actual.replace(/ \(alternative \d+ matched\)$/, '');
  const waiver = /\(waiver ([^)]+)\)/.exec(actual);
  if (actual.startsWith('accepted')) return waiver ? `✓ accepted · waiver ${waiver[1]}` : '✓ accepted';
  const code = actual.replace(/^rejected\s*/, '');
  return `✗ ${code}${s.stage ? ` @ ${s.stage}` : ''}`;
}

/** What a case did, step by step, as the matrix compares it across policies. */
export function verdictOf(c: CaseResult): readonly string[] {
  switch (c.verdict) {
    case 'SKIPPED':
      return ['skipped'];
    case 'HANG':
      return ['hang'];
    case 'HARNESS_ERROR':
      return ['harness error'];
    case 'PASS':
    case 'FAIL':
      return c.steps.filter(isOutcome).map(shortOutcome);
    default: {
      const never: never = c.verdict;
      return [String(never)];
    }
  }
}

const sameVerdict = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

interface Row {
  readonly id: string;
  readonly title: string;
  readonly group: string;
}

function rows(cases: readonly CaseResult[]): Row[] {
  const byId = new Map<string, Row>();
  for (const c of cases) {
    const seen = byId.get(c.id);
    if (!seen) byId.set(c.id, { id: c.id, title: c.title, group: c.tags[0] ?? 'untagged' });
    else if (!seen.title.split(' / ').includes(c.title)) byId.set(c.id, { ...seen, title: `${seen.title} / ${c.title}` });
  }
  return [...byId.values()].sort((a, b) => compareText(a.group, b.group) || compareText(a.id, b.id));
}

/** Cases whose verdict differs from the baseline policy's, per policy (none for the baseline itself). */
export function differingFromBaseline(cases: readonly CaseResult[]): Map<string, CaseResult[]> {
  const base = new Map(cases.filter((c) => c.policy === BASELINE_POLICY).map((c) => [c.id, verdictOf(c)] as const));
  const out = new Map<string, CaseResult[]>();
  for (const c of cases) {
    if (c.policy === BASELINE_POLICY) continue;
    const b = base.get(c.id);
    if (b === undefined || sameVerdict(b, verdictOf(c))) continue;
    const list = out.get(c.policy) ?? [];
    list.push(c);
    out.set(c.policy, list);
  }
  return out;
}

/** The options page: one row per policy with what it breaks, what it changes and what it repairs. */
export function renderOptions(
  policies: readonly string[],
  cases: readonly CaseResult[],
  findings: readonly Finding[],
  waivers: readonly WaiverUse[],
  estate: readonly EstateResult[] | undefined,
): string {
  const differs = differingFromBaseline(cases);
  const head =
    '<tr><th>Policy</th><th>Cases</th><th>Invariants broken</th><th>Verdicts differing from legacy</th>' +
    '<th>Waiver uses</th>' +
    (estate && estate.length > 0 ? '<th>Estate: misplaced repaired / left</th>' : '') +
    '</tr>';
  const body = policies.map((p) => {
    const own = cases.filter((c) => c.policy === p);
    const n = displayCounts(own);
    const extra = [
      n.deviations > 0 ? `${n.deviations} expected deviation${n.deviations === 1 ? '' : 's'}` : '',
      n.verdicts.SKIPPED > 0 ? `${n.verdicts.SKIPPED} skipped` : '',
    ].filter(Boolean);
    const failing = n.verdicts.FAIL + n.verdicts.HANG + n.verdicts.HARNESS_ERROR;
    const casesCell = `${n.verdicts.PASS} / ${n.total} passed${failing > 0 ? `, <strong class="bad">${failing} failing</strong>` : ''}${extra.length > 0 ? `<br><span class="meta">${extra.join(', ')}</span>` : ''}`;
    const own_f = findings.filter((f) => f.policy === p);
    const broken = own_f.filter((f) => !f.kept);
    const invCell =
      own_f.length === 0
        ? '<span class="meta">not proved</span>'
        : broken.length === 0
          ? '<span class="ok-yes">none</span>'
          : broken
              .map((f) => `<a class="inv-broken" href="#${e(counterexampleAnchor(p, f.invariant))}">${e(f.invariant)}</a>`)
              .join(' ');
    const d = differs.get(p) ?? [];
    const diffCell =
      p === BASELINE_POLICY
        ? '<span class="meta">(baseline)</span>'
        : d.length === 0
          ? '0'
          : `<strong>${d.length}</strong> <span class="meta">${d
              .slice(0, 6)
              .map((c) => `<a href="#${e(caseAnchor(c.id, c.policy))}">${e(c.id)}</a>`)
              .join(', ')}${d.length > 6 ? ', …' : ''}</span>`;
    const w = waivers.filter((x) => x.policy === p);
    const declaredUses = w.filter((x) => x.declared !== false && !x.builtIn).reduce((s, x) => s + x.uses, 0);
    const builtInUses = w.filter((x) => x.builtIn).reduce((s, x) => s + x.uses, 0);
    const undeclared = w.filter((x) => x.declared === false && x.uses > 0);
    const waiverCell = `${declaredUses}${builtInUses > 0 ? ` <span class="meta" title="the gate's built-in SMETS2 rule, under every policy">+${builtInUses} built-in</span>` : ''}${undeclared.length > 0 ? ` <span class="badge undeclared">+${undeclared.reduce((s, x) => s + x.uses, 0)} undeclared</span>` : ''}`;
    const est = estate?.find((x) => x.policy === p);
    const estCell =
      estate && estate.length > 0
        ? `<td class="num">${est ? `${est.repaired} / ${est.stuck} <span class="meta">of ${est.misplaced}</span>${est.installs ? `<br><span class="meta">stock ${est.installs.misplacedBefore} → ${est.installs.misplacedAfter}; installs ${est.installs.misplaced} misplaced, ${est.installs.failed} refused</span>` : ''}` : '–'}</td>`
        : '';
    return `<tr data-policy="${e(p)}"><th scope="row">${e(p)}</th><td>${casesCell}</td><td>${invCell}</td><td>${diffCell}</td><td class="num">${waiverCell}</td>${estCell}</tr>`;
  });
  return `<div class="scroll"><table class="options"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>`;
}

function verdictCell(c: CaseResult | undefined, id: string, policy: string, base: readonly string[] | undefined): string {
  if (!c) return `<td class="cell v-none"><span aria-label="${e(`${id} not run under ${policy}`)}">–</span></td>`;
  const v = verdictOf(c);
  const differs = policy !== BASELINE_POLICY && base !== undefined && !sameVerdict(base, v);
  const dev = c.deviation ? ' <span class="dev" title="expected deviation, declared in the manifest">†</span>' : '';
  const lines = v.map((x) => `<span class="o ${x.startsWith('✗') ? 'rej' : x.startsWith('✓') ? 'acc' : 'other'}">${e(x)}</span>`);
  const title = `test ${c.verdict}${c.reason ? `: ${c.reason}` : ''}`;
  return (
    `<td class="cell ${verdictClass(c.verdict)}${differs ? ' differs' : ''}">` +
    `<a href="#${e(caseAnchor(c.id, c.policy))}" title="${e(title)}">${lines.join('')}${dev}</a></td>`
  );
}

/**
 * The verdict matrix: scenario x policy, each cell what the implementation did per step (accepted,
 * or the rejection code at its stage, with any waiver), marked where it differs from legacy; groups
 * by first tag, collapsed by default, with a search box and a "differs only" filter.
 */
export function renderVerdictMatrix(cases: readonly CaseResult[], policies: readonly string[]): string {
  if (cases.length === 0) return '<p class="empty">No cases were run.</p>';
  const byKey = new Map(cases.map((c) => [`${c.id}\u0000${c.policy}`, c] as const));
  const head = `<thead><tr><th scope="col">Scenario</th>${policies.map((p) => `<th scope="col" class="pol">${e(p)}</th>`).join('')}</tr></thead>`;
  const groups = new Map<string, { html: string[]; differs: number }>();
  for (const row of rows(cases)) {
    const baseCase = byKey.get(`${row.id}\u0000${BASELINE_POLICY}`);
    const base = baseCase ? verdictOf(baseCase) : undefined;
    const cells = policies.map((p) => verdictCell(byKey.get(`${row.id}\u0000${p}`), row.id, p, base));
    const differs = cells.some((c) => c.includes(' differs"'));
    const g = groups.get(row.group) ?? { html: [], differs: 0 };
    if (differs) g.differs += 1;
    g.html.push(
      `<tr class="scenario${differs ? ' differs' : ''}" data-search="${e(`${row.id} ${row.title}`.toLowerCase())}">` +
        `<th scope="row"><span class="sid">${e(row.id)}</span><span class="stitle">${e(row.title)}</span></th>${cells.join('')}</tr>`,
    );
    groups.set(row.group, g);
  }
  const tools =
    '<div class="toolbar" id="matrix-tools" hidden><input type="search" id="matrix-search" placeholder="Search scenario id or title" aria-label="Search scenarios">' +
    '<label><input type="checkbox" id="matrix-differs"> Only rows that differ from legacy</label>' +
    '<button type="button" id="matrix-open">Open all groups</button><button type="button" id="matrix-close">Close all groups</button></div>';
  const body = [...groups.entries()].map(
    ([name, g]) =>
      `<details class="mgroup" data-group="${e(name)}"><summary><strong>${e(name)}</strong> <span class="meta">${g.html.length} scenario${g.html.length === 1 ? '' : 's'}, ${g.differs} differ from legacy</span></summary>` +
      `<div class="scroll sticky"><table class="matrix">${head}<tbody>${g.html.join('')}</tbody></table></div></details>`,
  );
  return (
    `<p class="meta">Each cell: what the implementation answered per step (✓ accepted, ✗ DUIS code and refusal code @ stage), ` +
    `outlined where it differs from legacy; the colour is the test verdict; † marks an expected deviation. Select a cell to open the case.</p>` +
    tools +
    body.join('')
  );
}

function stateTable(state: NonNullable<NonNullable<Finding['counterexample']>['steps'][number]['state']>): string {
  if (state.length === 0) return '';
  return `<dl class="state">${state.map((f) => `<dt>${e(f.name)}</dt><dd>${e(f.value)}</dd>`).join('')}</dl>`;
}

type CxStep = NonNullable<Finding['counterexample']>['steps'][number];

/** What a request step asked for, from its label: the words between the sender and the arrow (`6.21 Handover`). */
function requestName(step: CxStep): string {
  const head = step.label.split(' -> ')[0] ?? step.label;
  return head.startsWith(`${step.actor ?? ''} `) ? head.slice((step.actor ?? '').length + 1) : head;
}

/**
 * A sequence diagram of a counterexample (inline SVG): one lifeline per sending party, the DCC and
 * each meter; a request is an arrow party → DCC, then DCC → meter when accepted or a dashed
 * refusal back to the party; registrations, revocations and time are notes on the DCC's line.
 */
export function sequenceDiagram(steps: readonly CxStep[], id = 'seq'): string {
  const marker = `arrow-${safeId(id)}`;
  if (!steps.some((s) => s.actor !== undefined)) return '';
  const actors = [...new Set(steps.flatMap((s) => (s.actor ? [s.actor] : [])))];
  const meters = [...new Set(steps.flatMap((s) => (s.device ? [s.device] : [])))];
  const lanes = [...actors, 'DCC', ...meters];
  const gap = 150;
  const width = 40 + gap * (lanes.length - 1) + 120;
  const x = (name: string): number => 80 + gap * lanes.indexOf(name);
  const rowH = 46;
  const top = 36;
  const height = top + steps.length * rowH + 16;
  const t = (s: string, max = 34): string => e(s.length > max ? `${s.slice(0, max - 1)}…` : s);
  const heads = lanes
    .map(
      (l) =>
        `<rect class="lane" x="${x(l) - 50}" y="4" width="100" height="22" rx="4"/><text x="${x(l)}" y="19" text-anchor="middle">${e(l)}</text>` +
        `<line class="life" x1="${x(l)}" y1="26" x2="${x(l)}" y2="${height - 4}"/>`,
    )
    .join('');
  const rows = steps
    .map((s, i) => {
      const y = top + i * rowH + 14;
      if (!s.actor || !s.device) {
        return `<text class="note" x="${x('DCC')}" y="${y + 6}" text-anchor="middle">${i + 1}. ${t(s.label, 60)}</text>`;
      }
      const accepted = s.outcome.startsWith('accepted');
      const ask = `<line class="msg" x1="${x(s.actor)}" y1="${y}" x2="${x('DCC')}" y2="${y}" marker-end="url(#${marker})"/>` +
        `<text x="${(x(s.actor) + x('DCC')) / 2}" y="${y - 4}" text-anchor="middle">${i + 1}. ${t(requestName(s))}</text>`;
      const answer = accepted
        ? `<line class="msg ok" x1="${x('DCC')}" y1="${y + 18}" x2="${x(s.device)}" y2="${y + 18}" marker-end="url(#${marker})"/>` +
          `<text class="ok" x="${(x('DCC') + x(s.device)) / 2}" y="${y + 14}" text-anchor="middle">${t(s.outcome)}</text>`
        : `<line class="msg bad" x1="${x('DCC')}" y1="${y + 18}" x2="${x(s.actor)}" y2="${y + 18}" marker-end="url(#${marker})"/>` +
          `<text class="bad" x="${(x(s.actor) + x('DCC')) / 2}" y="${y + 14}" text-anchor="middle">${t(s.outcome)}</text>`;
      return ask + answer;
    })
    .join('');
  return (
    `<svg class="seq" role="img" aria-label="Sequence diagram of the counterexample" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px">` +
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    `${heads}${rows}</svg>`
  );
}

/** One broken finding's shortest counterexample: replay command, scenario download, and each step with the state after it. */
function counterexamplePanel(f: Finding): string {
  const cx = f.counterexample;
  const facts: string[] = [];
  if (cx?.file !== undefined) {
    const policyFlag = f.policy.includes('.json') ? ` --policy ${f.policy}` : '';
    facts.push(`<dt>Replay</dt><dd><code class="replay">smets1 replay ${e(cx.file)}${e(policyFlag)}</code>${cx.file.includes('/') ? '' : ' <span class="meta">(in the report folder)</span>'}</dd>`);
    facts.push(`<dt>Scenario</dt><dd><a href="${e(cx.file)}" download>${e(cx.file)}</a></dd>`);
  }
  if (cx?.seed !== undefined) facts.push(`<dt>Seed</dt><dd><code>${e(String(cx.seed))}</code></dd>`);
  if (cx?.path !== undefined) facts.push(`<dt>Path</dt><dd><code>${e(cx.path)}</code></dd>`);
  const steps = cx?.steps ?? [];
  const table =
    steps.length === 0
      ? '<p class="empty">No counterexample steps recorded.</p>'
      : `<div class="scroll"><table class="cx-steps"><thead><tr><th class="num">#</th><th>Step (party → DCC → meter)</th><th>Outcome</th><th>State after the step</th></tr></thead><tbody>${steps
          .map(
            (s, i) =>
              `<tr><td class="num">${i + 1}</td><td>${e(s.label)}</td><td class="mono">${e(s.outcome)}</td><td>${s.state ? stateTable(s.state) : '<span class="meta">–</span>'}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  return (
    `<details class="cx" id="${e(counterexampleAnchor(f.policy, f.invariant))}"><summary><span class="badge broken">BROKEN</span> ` +
    `<strong>${e(f.policy)}</strong> × <code>${e(f.invariant)}</code>: shortest counterexample, ${steps.length} step${steps.length === 1 ? '' : 's'}</summary>` +
    `<div class="case-body"><p>${e(f.summary)}</p>${facts.length > 0 ? `<dl class="facts">${facts.join('')}</dl>` : ''}${sequenceDiagram(steps, counterexampleAnchor(f.policy, f.invariant))}${table}</div></details>`
  );
}

/** Findings as a policy x invariant grid (kept / broken); each broken cell opens its shortest counterexample below. */
export function renderFindingsGrid(findings: readonly Finding[], policies: readonly string[]): string {
  if (findings.length === 0) return '<p class="empty">No invariant findings in this run.</p>';
  const order = [...new Set([...policies, ...findings.map((f) => f.policy)])].filter((p) => findings.some((f) => f.policy === p));
  const invariants = INVARIANT_IDS.filter((i) => findings.some((f) => f.invariant === i));
  const head = `<thead><tr><th scope="col">Policy</th>${invariants.map((i) => `<th scope="col" class="inv"><code>${e(i)}</code></th>`).join('')}</tr></thead>`;
  const body = order.map((p) => {
    const cells = invariants.map((i) => {
      const own = findings.filter((f) => f.policy === p && f.invariant === i);
      if (own.length === 0) return '<td class="fg none">–</td>';
      const broken = own.find((f) => !f.kept);
      if (!broken) return `<td class="fg kept" title="${e(own[0]!.summary)}">✓ kept</td>`;
      const n = broken.counterexample?.steps.length ?? 0;
      return `<td class="fg broken"><a href="#${e(counterexampleAnchor(p, i))}" title="${e(broken.summary)}">✗ broken <span class="meta">(${n})</span></a></td>`;
    });
    return `<tr data-policy="${e(p)}"><th scope="row">${e(p)}</th>${cells.join('')}</tr>`;
  });
  const broken = order.flatMap((p) => invariants.flatMap((i) => findings.filter((f) => f.policy === p && f.invariant === i && !f.kept).slice(0, 1)));
  return (
    `<div class="scroll"><table class="findings-grid">${head}<tbody>${body.join('')}</tbody></table></div>` +
    `<p class="meta">A broken cell opens its shortest counterexample (the number is its step count).</p>` +
    `<h3>Counterexamples (${broken.length})</h3>${broken.map(counterexamplePanel).join('')}`
  );
}
