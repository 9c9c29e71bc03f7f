import type { RunReport } from '../report';
import { CliError } from './io';

/** How many distinct skip reasons the line names before "and N other reasons". */
const REASONS_SHOWN = 3;

/** The skip reasons of `report`'s cases, most frequent first (ties by text), with their counts. */
export function skipReasons(report: RunReport): { reason: string; cases: number }[] {
  const counts = new Map<string, number>();
  for (const c of report.cases)
    if (c.verdict === 'SKIPPED') {
      const reason = c.reason ?? 'no reason given';
      counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
  return [...counts]
    .map(([reason, cases]) => ({ reason, cases }))
    .sort((a, b) => b.cases - a.cases || a.reason.localeCompare(b.reason));
}

/**
 * The error of a run that checked nothing: every case SKIPPED (a filter, profile or world no
 * scenario fits). Exit 2 with ERR_NOTHING_RAN and the skip reasons grouped, since a gate that passes
 * when nothing ran is a trap; a run with at least one case run (or no case at all) is not this error.
 */
export function nothingRanError(report: RunReport): CliError | undefined {
  if (report.cases.length === 0 || report.cases.some((c) => c.verdict !== 'SKIPPED')) return undefined;
  const reasons = skipReasons(report);
  const shown = reasons
    .slice(0, REASONS_SHOWN)
    .map((r) => `${r.cases} x ${JSON.stringify(r.reason)}`)
    .join('; ');
  const more = reasons.length > REASONS_SHOWN ? `; and ${reasons.length - REASONS_SHOWN} other reasons` : '';
  const n = report.cases.length;
  return new CliError(
    'ERR_NOTHING_RAN',
    `nothing ran: ${n === 1 ? 'the only case was' : `all ${n} cases were`} SKIPPED (${shown}${more})`,
    2,
  );
}
