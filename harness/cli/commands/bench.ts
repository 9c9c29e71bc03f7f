import { OUTPUT_KINDS, writeOutput } from '../../io';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { benchOptions, formatBenchTable, runBench } from '../../../bench/run-bench';
import { PACKAGE_ROOT } from '../../scenario';
import { formatSoak, runSoak } from '../../../bench/soak';
import { CliError } from '../io';
import { maxHeapOption } from './serve';
import type { CommandFactory } from '../command';

/** The package root (bench figures spawn bin/smets1.js from it). */
const ROOT = PACKAGE_ROOT;

/** `smets1 bench`: every performance figure next to a baseline measured in the same run. */
export const benchCommand: CommandFactory = (io, setExit) =>
  new Command('bench')
    .description(
      'Measure performance figures against baselines from the same run (openssl speed); writes bench/results.json',
    )
    .option('--full', 'measure peak memory on the 1,000,000-meter estate (default 100,000)')
    .option('--seconds <s>', 'seconds per micro figure and for openssl speed', '3')
    .option('--out <file>', 'results file', 'bench/results.json')
    .option(
      '--estate-meters <n>',
      'meters of the scaling and memory estates (overrides the defaults; quick checks)',
    )
    .option('--json', 'print the results as JSON')
    .option('--force', 'replace a results file of another kind')
    .option(
      '--soak <seconds>',
      'only the soak: unique CV 4 / CV 5 flood against serve, RSS and heap figures (docs/reliability.md)',
    )
    .action(
      async (o: {
        full?: boolean;
        seconds: string;
        out: string;
        json?: boolean;
        estateMeters?: string;
        force?: boolean;
        soak?: string | boolean;
      }) => {
        // phase lines on a terminal and on a pipe or in CI (the voice `lines`), not with --quiet
        const speaks = io.voice === 'tty' || io.voice === 'lines';
        if (o.soak !== undefined) {
          // the soak server's heap bound (bench/soak-server.ts), checked as serve checks --max-heap
          const bound = process.env.SOAK_MAX_HEAP;
          if (bound !== undefined) {
            try {
              maxHeapOption(bound);
            } catch (err) {
              throw new CliError(
                'ERR_CLI_OPTION',
                (err as CliError).message.replace('--max-heap', 'SOAK_MAX_HEAP'),
              );
            }
          }
          const secs = o.soak === true ? 20 : Number(o.soak);
          if (!Number.isInteger(secs) || secs < 5 || secs > 86_400)
            throw new CliError(
              'ERR_CLI_OPTION',
              `--soak must be an integer of seconds in [5, 86400], got ${JSON.stringify(o.soak)}`,
            );
          const r = await runSoak(secs, (line) => {
            if (speaks) io.stderr(`${line}\n`);
          });
          io.stdout(o.json ? `${JSON.stringify(r, null, 2)}\n` : formatSoak(r));
          setExit(r.smallHeap.survived && r.errors === 0 ? 0 : 1);
          return;
        }
        const seconds = Number(o.seconds);
        if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60)
          throw new CliError(
            'ERR_CLI_OPTION',
            `--seconds must be an integer in [1, 60], got ${JSON.stringify(o.seconds)}`,
          );
        const meters = o.estateMeters === undefined ? undefined : Number(o.estateMeters);
        if (meters !== undefined && (!Number.isInteger(meters) || meters < 100))
          throw new CliError(
            'ERR_CLI_OPTION',
            `--estate-meters must be an integer >= 100, got ${JSON.stringify(o.estateMeters)}`,
          );
        const defaults = benchOptions(Boolean(o.full), seconds);
        const options =
          meters === undefined ? defaults : { ...defaults, scalingMeters: meters, memoryMeters: meters };
        const results = await runBench(ROOT, options, (line) => {
          if (speaks) io.stderr(`${line}\n`);
        });
        writeOutput(
          resolve(io.cwd, o.out),
          { kind: OUTPUT_KINDS.bench, content: `${JSON.stringify(results, null, 2)}\n` },
          'bench',
          { force: Boolean(o.force) },
        );
        io.stdout(o.json ? `${JSON.stringify(results, null, 2)}\n` : formatBenchTable(results));
        setExit(0);
      },
    );
