import { resolve } from 'node:path';
import { entriesKept, lockOutput, OUTPUT_KINDS, writeOutputSet } from '../../io';
import { Command } from 'commander';
import { toHtml } from '../../report';
import { estateRunReport } from '../estate-report';
import {
  createProgressBar,
  createProgressLines,
  ESTATE_DEFAULT_RATE,
  ESTATE_DEFAULT_RUNNER,
  ESTATE_DEFAULT_SEED,
  formatEstateTable,
  runEstate,
  type EstateRun,
  type EstateRunner,
} from '../../estate';
import { keptNotice } from '../files';
import { CliError } from '../io';
import { POLICIES_HELP, policiesOption } from '../policy-option';
import { speaks } from '../voice';
import type { CommandFactory } from '../command';

function integer(name: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new CliError(
        'ERR_CLI_OPTION',
        `--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`,
      );
    }
    return n;
  };
}

function rate(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n >= 0 && n <= 1))
    throw new CliError('ERR_CLI_OPTION', `--misplaced must be a rate in [0, 1], got ${JSON.stringify(text)}`);
  return n;
}

/**
 * Reconciliation problems of a run (repaired + stuck = misplaced; requests = accepted + refused;
 * with installations: misplaced installs + failed installs <= installs, stock after = stuck +
 * misplaced installs).
 */
export function reconcileEstate(run: EstateRun): string[] {
  return run.results.flatMap((r) => {
    const refused = Object.values(r.refusals).reduce((a, b) => a + b, 0);
    const i = r.installs;
    return [
      ...(!i || (i.misplaced + i.failed <= i.meters && i.misplacedAfter === r.stuck + i.misplaced)
        ? []
        : [`${r.policy}: installs do not add up (${JSON.stringify(i)}, stuck ${r.stuck})`]),
      ...(r.repaired + r.stuck === r.misplaced
        ? []
        : [`${r.policy}: repaired ${r.repaired} + stuck ${r.stuck} != misplaced ${r.misplaced}`]),
      ...(r.accepted + refused === r.requests
        ? []
        : [`${r.policy}: accepted ${r.accepted} + refused ${refused} != requests ${r.requests}`]),
    ];
  });
}

function runnerOf(text: string): EstateRunner {
  if (text !== 'threads' && text !== 'processes')
    throw new CliError(
      'ERR_CLI_OPTION',
      `--runner must be threads or processes, got ${JSON.stringify(text)}`,
    );
  return text;
}

interface EstateCliOptions {
  meters: number;
  misplaced: number;
  installs: number;
  policy: string;
  workers?: number;
  runner: EstateRunner;
  seed: string;
  shardSize: number;
  warmup: number;
  json?: boolean;
  out?: string;
  force?: boolean;
}

/** The estate size when --meters is not given: a national-scale run, said before it starts. */
export const ESTATE_DEFAULT_METERS = 1_000_000;

/** The first line of a run without --meters, so nobody waits minutes unawares. */
export function defaultMetersLine(meters: number): string {
  return `smets1 estate: ${meters.toLocaleString('en-GB')} meters (the default, a national-scale run; --meters N for another size)`;
}

/** `smets1 estate`: simulate the estate and run each policy's correction campaign. */
export const estateCommand: CommandFactory = (io, setExit) =>
  new Command('estate')
    .description(
      `Simulate a national SMETS1 estate (${ESTATE_DEFAULT_METERS.toLocaleString('en-GB')} meters unless --meters says otherwise) with misplaced NO certificates and run the correction campaign each policy allows`,
    )
    .option(
      '--meters <n>',
      `meters in the estate; without it a national-scale ${ESTATE_DEFAULT_METERS.toLocaleString('en-GB')} (minutes of work; --meters 10000 takes seconds)`,
      integer('meters', 1, 20_000_000),
      ESTATE_DEFAULT_METERS,
    )
    .option(
      '--misplaced <rate>',
      'share of meters carrying a wrong NO certificate',
      rate,
      ESTATE_DEFAULT_RATE,
    )
    .option(
      '--installs <n>',
      'new meters installed by suppliers during the campaign, each naming a wrong NO at the misplaced rate unless the placement check refuses it (the installer then retries with the registered NO)',
      integer('installs', 0, 20_000_000),
      0,
    )
    .option('--policy <p>', `policies: ${POLICIES_HELP}`, 'all')
    .option('--workers <w>', 'workers (0 = this thread; default: cores)', integer('workers', 0, 256))
    .option(
      '--runner <r>',
      'run shards in child processes (one OpenSSL each; scales with cores) or worker threads',
      runnerOf,
      ESTATE_DEFAULT_RUNNER,
    )
    .option('--seed <s>', 'estate seed (layout and PKI)', ESTATE_DEFAULT_SEED)
    .option('--shard-size <n>', 'meters per shard', integer('shard-size', 1, 1_000_000), 2048)
    .option(
      '--warmup <n>',
      'meters each worker runs untimed first (results dropped), so the rates are steady-state',
      integer('warmup', 0, 20_000_000),
      0,
    )
    .option('--json', 'print the run as JSON')
    .option('--out <dir>', 'also write estate.json into this directory')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .action(async (o: EstateCliOptions, cmd: Command) => {
      if (speaks(io) && cmd.getOptionValueSource('meters') === 'default')
        io.stderr(`${defaultMetersLine(o.meters)}\n`);
      const out = o.out === undefined ? undefined : resolve(io.cwd, o.out);
      const lock = out === undefined ? undefined : lockOutput(out, 'estate');
      try {
        const policies = policiesOption(io, o.policy);
        const clockNow = (): number => performance.now();
        const progress =
          io.voice === 'tty'
            ? createProgressBar(io.stderr, clockNow)
            : io.voice === 'lines'
              ? createProgressLines(io.stderr, clockNow)
              : undefined;
        const run = await runEstate({
          meters: o.meters,
          misplacedRate: o.misplaced,
          ...(o.installs > 0 ? { installs: o.installs } : {}),
          policies,
          seed: o.seed,
          shardSize: o.shardSize,
          runner: o.runner,
          ...(o.warmup > 0 ? { warmup: o.warmup } : {}),
          ...(o.workers === undefined ? {} : { workers: o.workers }),
          ...(progress ? { onProgress: progress } : {}),
        });
        const json = `${JSON.stringify(run, null, 2)}\n`;
        // estate.json and its HTML view (charts of misplaced stock per policy), written as one set.
        const files = [
          { name: 'estate.json', kind: OUTPUT_KINDS.estate, content: json },
          { name: 'index.html', kind: OUTPUT_KINDS.html, content: toHtml(estateRunReport(run)) },
        ];
        const kept = out
          ? entriesKept(
              out,
              files.map((f) => f.name),
            )
          : [];
        if (out) writeOutputSet(out, files, { force: Boolean(o.force) });
        const notice = keptNotice(o.out ?? '.', kept, 'this estate run');
        if (o.json) {
          io.stdout(json);
          io.stderr(notice);
        } else io.stdout(`${formatEstateTable(run)}${notice}`);
        const problems = reconcileEstate(run);
        for (const p of problems) io.stderr(`smets1 estate: counts do not reconcile: ${p}\n`);
        setExit(problems.length > 0 ? 1 : 0);
      } finally {
        lock?.release();
      }
    });
