import type { MutationSection, MutationSectionOutcome } from '../report';
import type { MutantOutcome, MutationReport } from './score';

/** A one-cell word for an outcome: `K 12/3` (12 killing cases over 3 routes), `SURVIVED`, `n/a`. */
export function outcomeCell(o: MutantOutcome): string {
  switch (o.status) {
    case 'killed':
      return `K ${o.kills.length}/${o.routes}`;
    case 'survived':
      return 'SURVIVED';
    case 'not-applicable':
      return 'n/a';
    default: {
      const never: never = o;
      return never;
    }
  }
}

/** The mutation report as a console table (one row per mutant, one column per policy), then the gaps and the n/a reasons. */
export function renderMutation(report: MutationReport): string {
  const head = ['check', ...report.policies];
  const rows = report.mutants.map((m) => [m.check, ...m.outcomes.map(outcomeCell)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const s = report.summary;
  const out = [
    `mutation score over ${report.cases} cases (judged on ${report.observe === 'duis' ? 'outcome, DUIS code, phase and final state' : 'every reported field'}): ` +
      `${s.killed} killed, ${s.survived} survived, ${s.notApplicable} n/a of ${s.pairs} mutant x policy pairs; ` +
      `score ${(s.score * 100).toFixed(1)}%; ${s.singleRoute} killed by a single route`,
    'K n/r: killed by n cases over r routes (a route is a scenario, or one family of cases)',
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ];
  const gaps = report.mutants.flatMap((m) => {
    const under = m.outcomes.filter((o) => o.status === 'survived').map((o) => o.policy);
    return under.length === 0 ? [] : [`  ${m.check} under ${under.join(', ')}: ${m.rule} (${m.source})`];
  });
  if (gaps.length > 0)
    out.push('', `survivors (catalogue gaps): ${s.survived} mutant x policy pairs`, ...gaps);
  const na = new Map<string, string[]>();
  for (const m of report.mutants)
    for (const o of m.outcomes)
      if (o.status === 'not-applicable') {
        const key = `${m.check}: ${o.why}`;
        na.set(key, [...(na.get(key) ?? []), o.policy]);
      }
  if (na.size > 0) {
    out.push('', 'not applicable (the check cannot change a verdict):');
    for (const [why, policies] of na) out.push(`  ${policies.join(', ')}: ${why}`);
  }
  if (report.baselineNotPassing.length > 0)
    out.push(
      '',
      `cases not passing against the reference (cannot kill): ${report.baselineNotPassing.map((b) => `${b.id} (${b.policy}) ${b.verdict}`).join(', ')}`,
    );
  return `${out.join('\n')}\n`;
}

/** The mutation section of a run report (harness/report renders it in the HTML report). */
export function mutationSection(report: MutationReport): MutationSection {
  return {
    observe: report.observe,
    cases: report.cases,
    score: report.summary.score,
    mutants: report.mutants.map((m) => ({
      check: m.check,
      place: m.place,
      rule: m.rule,
      source: m.source,
      outcomes: m.outcomes.map((o): MutationSectionOutcome => {
        switch (o.status) {
          case 'killed':
            return { policy: o.policy, status: o.status, kills: o.kills.map((k) => k.id), routes: o.routes };
          case 'survived':
            return { policy: o.policy, status: o.status, kills: [] };
          case 'not-applicable':
            return { policy: o.policy, status: o.status, kills: [], why: o.why };
          default: {
            const never: never = o;
            return never;
          }
        }
      }),
    })),
  };
}
