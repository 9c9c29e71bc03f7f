import { Command } from 'commander';
import {
  diffReports,
  hasVerdictChanges,
  parseReportJson,
  ReportError,
  type ReportDiff,
  type RunReport,
} from '../../report';
import { readInputFile } from '../files';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../command';

/** Reads and validates a report.json; unreadable or invalid files are a coded CLI error (exit 2). */
export function readReportFile(io: CliIo, file: string): RunReport {
  const text = readInputFile(io, file).toString('utf8');
  try {
    return parseReportJson(text);
  } catch (err) {
    if (err instanceof ReportError)
      throw new CliError(err.code, `${file}: ${err.message}`, 2, { cause: err });
    throw err;
  }
}

/** The diff as text: verdict and invariant changes first (they fail the check), then added and removed cases. */
function formatDiff(diff: ReportDiff, compared: number): string {
  const lines: string[] = [];
  if (!hasVerdictChanges(diff)) lines.push(`no verdict changed (${compared} cases in both reports)`);
  if (diff.changed.length > 0) {
    lines.push(`${diff.changed.length} verdict${diff.changed.length === 1 ? '' : 's'} changed:`);
    for (const c of diff.changed) lines.push(`  ${c.id} [${c.policy}] ${c.from} -> ${c.to}`);
  }
  if (diff.findings.length > 0) {
    lines.push(`${diff.findings.length} invariant status${diff.findings.length === 1 ? '' : 'es'} changed:`);
    for (const f of diff.findings) lines.push(`  ${f.invariant} [${f.policy}] ${f.from} -> ${f.to}`);
  }
  if (diff.added.length > 0) {
    lines.push(`${diff.added.length} case${diff.added.length === 1 ? '' : 's'} only in the new report:`);
    for (const c of diff.added) lines.push(`  + ${c.id} [${c.policy}] ${c.verdict}`);
  }
  if (diff.removed.length > 0) {
    lines.push(`${diff.removed.length} case${diff.removed.length === 1 ? '' : 's'} only in the old report:`);
    for (const c of diff.removed) lines.push(`  - ${c.id} [${c.policy}] ${c.verdict}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `smets1 diff OLD NEW`: compares two report.json files; exit 0 when no verdict changed, 1 when any did, 2 on bad input. */
export const diffCommand: CommandFactory = (io, setExit) =>
  new Command('diff')
    .description(
      'Compare two report.json files by case (id, policy); exit 0 no verdict changed, 1 changed, 2 unreadable',
    )
    .argument('<old>', 'baseline report.json')
    .argument('<new>', 'new report.json')
    .option('--json', 'print the diff as JSON')
    .action((oldFile: string, newFile: string, opts: { json?: boolean }) => {
      const before = readReportFile(io, oldFile);
      const after = readReportFile(io, newFile);
      const diff = diffReports(before, after);
      const compared = after.cases.length - diff.added.length;
      if (opts.json) {
        io.stdout(
          `${JSON.stringify({ verdictChanged: hasVerdictChanges(diff), compared, ...diff }, null, 2)}\n`,
        );
      } else {
        io.stdout(formatDiff(diff, compared));
      }
      setExit(hasVerdictChanges(diff) ? 1 : 0);
    });
