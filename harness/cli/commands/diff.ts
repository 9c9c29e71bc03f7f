import { Command } from 'commander';
import type { EstateRun } from '../../estate';
import {
  diffReports,
  hasVerdictChanges,
  parseReportJson,
  ReportError,
  validateReport,
  type ReportDiff,
  type RunReport,
} from '../../report';
import { estateRunReport, looksLikeEstateRun } from '../estate-report';
import { readInputFile } from '../files';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../command';

/** The estate run a text holds, when it is an estate.json (anything else: undefined). */
function estateOf(text: string): EstateRun | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return looksLikeEstateRun(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads and validates a report.json (or an estate.json of `smets1 estate --out`, shown as a report
 * with its estate section only); unreadable or invalid files are a coded CLI error (exit 2).
 */
export function readReportFile(io: CliIo, file: string): RunReport {
  const text = readInputFile(io, file).toString('utf8');
  try {
    const estate = estateOf(text);
    if (estate) return validateReport(JSON.parse(JSON.stringify(estateRunReport(estate))) as unknown);
    return parseReportJson(text);
  } catch (err) {
    if (err instanceof ReportError)
      throw new CliError(err.code, `${file}: ${err.message}`, 2, { cause: err });
    throw err;
  }
}

/** Lists at most `limit` lines of a section, then how many were left out. */
function capped<T>(items: readonly T[], limit: number, line: (item: T) => string): string[] {
  const shown = items.slice(0, limit).map(line);
  if (items.length > limit)
    shown.push(`  ... and ${items.length - limit} more (--limit N to show more, --json for all)`);
  return shown;
}

/**
 * The diff as text: verdict and invariant changes first (they fail the check), then added and
 * removed cases; each list shows at most `limit` lines.
 */
export function formatDiff(diff: ReportDiff, compared: number, limit: number): string {
  const lines: string[] = [];
  // with no case in both reports nothing was compared: the caller's coded error says so, not this line
  if (!hasVerdictChanges(diff) && compared > 0)
    lines.push(`no verdict changed (${compared} cases in both reports)`);
  if (diff.changed.length > 0) {
    lines.push(`${diff.changed.length} verdict${diff.changed.length === 1 ? '' : 's'} changed:`);
    lines.push(...capped(diff.changed, limit, (c) => `  ${c.id} [${c.policy}] ${c.from} -> ${c.to}`));
  }
  if (diff.findings.length > 0) {
    lines.push(`${diff.findings.length} invariant status${diff.findings.length === 1 ? '' : 'es'} changed:`);
    lines.push(...capped(diff.findings, limit, (f) => `  ${f.invariant} [${f.policy}] ${f.from} -> ${f.to}`));
  }
  if (diff.added.length > 0) {
    lines.push(`${diff.added.length} case${diff.added.length === 1 ? '' : 's'} only in the new report:`);
    lines.push(...capped(diff.added, limit, (c) => `  + ${c.id} [${c.policy}] ${c.verdict}`));
  }
  if (diff.removed.length > 0) {
    lines.push(`${diff.removed.length} case${diff.removed.length === 1 ? '' : 's'} only in the old report:`);
    lines.push(...capped(diff.removed, limit, (c) => `  - ${c.id} [${c.policy}] ${c.verdict}`));
  }
  return `${lines.join('\n')}\n`;
}

function limitOf(text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 1_000_000)
    throw new CliError(
      'ERR_CLI_OPTION',
      `--limit must be an integer 1..1000000, got ${JSON.stringify(text)}`,
    );
  return Number(text);
}

/**
 * The error of two reports with no case (id, policy) in common: nothing was compared, so a gate must
 * not pass (every baseline case may have vanished, or the wrong baseline was given). Exit 2.
 */
export function nothingComparedError(
  oldFile: string,
  before: RunReport,
  newFile: string,
  after: RunReport,
  compared: number,
): CliError | undefined {
  if (compared > 0) return undefined;
  const count = (n: number) => `${n} case${n === 1 ? '' : 's'}`;
  return new CliError(
    'ERR_DIFF_NOTHING_COMPARED',
    `nothing to compare: ${oldFile} (${count(before.cases.length)}) and ${newFile} (${count(after.cases.length)}) have no case (scenario id, policy) in common; check the baseline is a report of the same catalogue and policies`,
    2,
  );
}

/**
 * `smets1 diff OLD NEW`: compares two report.json files; exit 0 when no verdict changed, 1 when any
 * did, 2 on bad input or when the reports share no case.
 */
export const diffCommand: CommandFactory = (io, setExit) =>
  new Command('diff')
    .description(
      'Compare two report.json files by case (id, policy); exit 0 no verdict changed, 1 changed, 2 unreadable or no case in common',
    )
    .argument('<old>', 'baseline report.json')
    .argument('<new>', 'new report.json')
    .option('--json', 'print the diff as JSON (every entry, no limit)')
    .option('--limit <n>', 'lines shown per list (changed, only in new, only in old)', '50')
    .action((oldFile: string, newFile: string, opts: { json?: boolean; limit: string }) => {
      const limit = limitOf(opts.limit);
      const before = readReportFile(io, oldFile);
      const after = readReportFile(io, newFile);
      const diff = diffReports(before, after);
      const compared = after.cases.length - diff.added.length;
      if (opts.json) {
        io.stdout(
          `${JSON.stringify({ verdictChanged: hasVerdictChanges(diff), compared, ...diff }, null, 2)}\n`,
        );
      } else {
        io.stdout(formatDiff(diff, compared, limit));
      }
      setExit(hasVerdictChanges(diff) ? 1 : 0);
      const none = nothingComparedError(oldFile, before, newFile, after, compared);
      if (none) throw none;
    });
