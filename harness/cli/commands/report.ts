import { resolve } from 'node:path';
import { Command } from 'commander';
import {
  hasFailures,
  ReportError,
  renderConsoleSummary,
  toHtml,
  toJUnit,
  toJson,
  writeReports,
} from '../../report';
import { withOutputLock, wroteReportsLines } from '../files';
import { CliError } from '../io';
import type { CommandFactory } from '../command';
import { readReportFile } from './diff';

const FORMATS = ['console', 'json', 'junit', 'html'] as const;
type Format = (typeof FORMATS)[number];

function format(text: string): Format {
  if (!(FORMATS as readonly string[]).includes(text)) {
    throw new CliError(
      'ERR_CLI_OPTION',
      `--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(text)}`,
    );
  }
  return text as Format;
}

/** `smets1 report FILE`: re-renders a report.json as console text, canonical JSON, JUnit or HTML, or writes all three files. */
export const reportCommand: CommandFactory = (io, setExit) =>
  new Command('report')
    .description(
      'Re-render a report.json: print one format, or write report.json, junit.xml and index.html with --out',
    )
    .argument('<file>', 'report.json')
    .option('--format <format>', `format to print: ${FORMATS.join(', ')}`, format, 'console')
    .option('--out <dir>', 'write report.json, junit.xml and index.html into this directory')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option('--color', 'colour the console summary')
    .option('--check', 'exit 1 when the report has FAIL, HANG or HARNESS_ERROR cases')
    .option('--json', 'print the verdict summary (and written files) as JSON')
    .action(
      async (
        file: string,
        opts: {
          format: Format;
          out?: string;
          force?: boolean;
          color?: boolean;
          check?: boolean;
          json?: boolean;
        },
      ) => {
        const report = readReportFile(io, file);
        let written: Awaited<ReturnType<typeof writeReports>> | undefined;
        if (opts.out !== undefined) {
          try {
            const out = opts.out;
            written = await withOutputLock(io, out, 'report', () =>
              writeReports(report, resolve(io.cwd, out), { force: Boolean(opts.force) }),
            );
          } catch (err) {
            if (err instanceof ReportError) throw new CliError(err.code, err.message, 2, { cause: err });
            throw err;
          }
        }
        if (opts.json) {
          io.stdout(
            `${JSON.stringify({ summary: report.summary, failing: hasFailures(report), ...(written ? { written } : {}) }, null, 2)}\n`,
          );
        } else if (written) {
          io.stdout(wroteReportsLines(opts.out ?? '.', written));
        } else {
          const render = {
            console: () => renderConsoleSummary(report, { color: opts.color }),
            json: () => toJson(report),
            junit: () => toJUnit(report),
            html: () => toHtml(report),
          };
          io.stdout(render[opts.format]());
        }
        if (opts.check && hasFailures(report)) setExit(1);
      },
    );
