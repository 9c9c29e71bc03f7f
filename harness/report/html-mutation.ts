import { escapeMarkup as e } from './escape';
import type { MutationSection, MutationSectionOutcome } from './types';

function cell(o: MutationSectionOutcome | undefined): string {
  if (!o) return '<td>–</td>';
  switch (o.status) {
    case 'killed': {
      const title = `killed by ${o.kills.length} case(s) over ${o.routes ?? 0} route(s): ${o.kills.slice(0, 20).join(', ')}${o.kills.length > 20 ? ', ...' : ''}`;
      return `<td title="${e(title)}"><span class="badge v-pass">KILLED</span> ${o.kills.length}/${o.routes ?? 0}</td>`;
    }
    case 'survived':
      return '<td><span class="badge v-fail">SURVIVED</span></td>';
    case 'not-applicable':
      return `<td title="${e(o.why ?? '')}"><span class="badge v-skipped">n/a</span></td>`;
    default: {
      const never: never = o.status;
      return never;
    }
  }
}

/**
 * The mutation section: one row per check of the reference (its rule and source), one column per
 * policy: killed (cases / routes), survived (a catalogue gap) or n/a (the check cannot change a
 * verdict there; the reason in the cell's title and listed below).
 */
export function renderMutation(m: MutationSection, policies: readonly string[]): string {
  const all = m.mutants.flatMap((x) => x.outcomes);
  const survived = all.filter((o) => o.status === 'survived').length;
  const killed = all.filter((o) => o.status === 'killed').length;
  const rows = m.mutants
    .map(
      (x) =>
        `<tr><th scope="row"><code>${e(x.check)}</code></th><td>${e(x.place)}</td><td>${e(x.rule)}<br><small>${e(x.source)}</small></td>` +
        policies.map((p) => cell(x.outcomes.find((o) => o.policy === p))).join('') +
        '</tr>',
    )
    .join('');
  const reasons = new Map<string, string[]>();
  for (const x of m.mutants)
    for (const o of x.outcomes)
      if (o.status === 'not-applicable') {
        const key = `${x.check}: ${o.why ?? ''}`;
        reasons.set(key, [...(reasons.get(key) ?? []), o.policy]);
      }
  const na = [...reasons]
    .map(([why, ps]) => `<li><strong>${e(ps.join(', '))}</strong>: ${e(why)}</li>`)
    .join('');
  return (
    `<p>Each check of the reference switched off in turn (the request goes on), the ${m.cases} cases run against it: ` +
    `${killed} mutant × policy pairs killed, ${survived} survived, score ${(m.score * 100).toFixed(1)}% ` +
    `(judged on ${m.observe === 'duis' ? 'outcome, DUIS code, phase and final state' : 'every reported field'}). ` +
    'A cell gives the killing cases / distinct routes.</p>' +
    `<div class="scroll"><table><thead><tr><th>Check</th><th>Where</th><th>Rule</th>${policies.map((p) => `<th>${e(p)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows}</tbody></table></div>` +
    (na ? `<h3>Where a check cannot change a verdict</h3><ul>${na}</ul>` : '')
  );
}
