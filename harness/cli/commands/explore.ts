import { entriesKept, lockOutput, OUTPUT_KINDS, writeOutputSet, type KindedFile } from '../../io';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import {
  counterexampleId,
  counterexampleScenario,
  modelUniverse,
  runExploration,
  type ExplorationReport,
} from '../../analysis/model';
import type { Finding } from '../../report/types';
import { keptNotice } from '../files';
import { CliError, type CliIo } from '../io';
import { POLICIES_HELP, policiesOption } from '../policy-option';
import { plural, speaks } from '../voice';
import type { CommandFactory } from '../command';

function integer(name: string, min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new CliError(
        'ERR_CLI_OPTION',
        `--${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(text)}`,
      );
    return n;
  };
}

/**
 * Writes every counterexample as a scenario file under DIR/counterexamples (the explored ones and
 * the exhaustive search's LIVE-CONTROL witnesses) and returns the findings with their file paths.
 */
function writeCounterexamples(
  io: CliIo,
  dir: string,
  report: ExplorationReport,
  force: boolean,
): { findings: Finding[]; kept: string[] } {
  const universe = modelUniverse();
  const out = join(resolve(io.cwd, dir), 'counterexamples');
  const files = new Map<string, string>();
  const set: KindedFile[] = [];
  for (const e of report.explored) {
    for (const r of e.results) {
      if (!r.counterexample) continue;
      const name = `${counterexampleId(e.policy, r.invariant).toLowerCase()}.json`;
      set.push({
        name,
        kind: OUTPUT_KINDS.scenario,
        content: `${JSON.stringify(counterexampleScenario(r.counterexample, universe), null, 2)}\n`,
      });
      files.set(`${e.policy}/${r.invariant}`, relative(io.cwd, join(out, name)));
    }
  }
  for (const cx of report.lockOuts) {
    const name = `${counterexampleId(cx.policy, cx.invariant).toLowerCase()}.json`;
    set.push({
      name,
      kind: OUTPUT_KINDS.scenario,
      content: `${JSON.stringify(counterexampleScenario(cx, universe), null, 2)}\n`,
    });
    files.set(`${cx.policy}/${cx.invariant}`, relative(io.cwd, join(out, name)));
  }
  const kept = entriesKept(
    out,
    set.map((f) => f.name),
  );
  writeOutputSet(out, set, { force });
  const findings = report.findings.map((f) => {
    const file = files.get(`${f.policy}/${f.invariant}`);
    return file && f.counterexample ? { ...f, counterexample: { ...f.counterexample, file } } : f;
  });
  return { findings, kept };
}

/**
 * What the last column says of a finding: its minimal counterexample and the scenario file written
 * for it, or why there is no file (a broken invariant always says one or the other).
 */
export function counterexampleCell(f: Finding, wrote: boolean): string {
  if (f.kept) return '';
  const cx = f.counterexample;
  if (!cx)
    return 'no scenario file: the exhaustive search found no repair within --depth requests (an absence, nothing to replay)';
  const steps = `${cx.steps.length} step${cx.steps.length === 1 ? '' : 's'}`;
  if (cx.file) return `${steps} -> ${cx.file}`;
  return wrote
    ? `${steps} (no scenario file: its replay did not reproduce it; the steps are in --json)`
    : `${steps} (--out DIR writes its scenario file)`;
}

/** The findings table, columns as wide as their longest entry, then the exhaustive search's facts. */
function table(findings: readonly Finding[], report: ExplorationReport, ms: number, wrote: boolean): string {
  const pw = Math.max(
    'policy'.length,
    ...findings.map((f) => f.policy.length),
    ...report.exhaustive.map((e) => e.policy.length),
  );
  const iw = Math.max('invariant'.length, ...findings.map((f) => f.invariant.length));
  const rw = 'BROKEN'.length;
  const lines = [
    `${'policy'.padEnd(pw)}  ${'invariant'.padEnd(iw)}  ${'result'.padEnd(rw)}  minimal counterexample`,
  ];
  for (const f of findings) {
    lines.push(
      `${f.policy.padEnd(pw)}  ${f.invariant.padEnd(iw)}  ${(f.kept ? 'kept' : 'BROKEN').padEnd(rw)}  ${counterexampleCell(f, wrote)}`.trimEnd(),
    );
  }
  lines.push('', 'exhaustive search (one misplaced meter, NO-A registered, NO-B in the cells, NO-C, SUP-1):');
  for (const e of report.exhaustive) {
    lines.push(
      `  ${e.policy.padEnd(pw)} depth ${e.depth}: ${e.statesExplored} states, ${e.transitions} transitions; control reachable ${e.reachesControl}, one-step repair ${e.oneStepRepair}, waived foreign NO install ${e.waivedForeignInstall}, third-NO transfer ${e.thirdNoTransfer}`,
    );
  }
  lines.push(`time ${(ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/**
 * The runs line: how many property runs were made against the --runs budget per policy, since
 * re-searches after a broken invariant and shrinking add runs: `3416 property runs (--runs 200 per
 * policy x 7 policies + 200 for DIFF-NO-REGRESSION = 1600 planned; re-searches after a broken
 * invariant and shrinking add the rest)`.
 */
export function exploreRunsLine(done: number, policies: number, runs: number): string {
  const planned = policies * runs + runs;
  const extra = done > planned ? '; re-searches after a broken invariant and shrinking add the rest' : '';
  return `${done} property runs (--runs ${runs} per policy x ${plural(policies, 'policy', 'policies')} + ${runs} for DIFF-NO-REGRESSION = ${planned} planned${extra})`;
}

/** `smets1 explore`: model-based exploration, DIFF-NO-REGRESSION and the bounded exhaustive proof, with the findings table. */
export const exploreCommand: CommandFactory = (io, setExit) =>
  new Command('explore')
    .description(
      'Model-based exploration of the security invariants (fast-check) and bounded exhaustive proof',
    )
    .option('--policy <P>', `policies: ${POLICIES_HELP}`, 'all')
    .option(
      '--runs <N>',
      'fast-check runs per search: each policy searches N runs, and again after each broken invariant; DIFF-NO-REGRESSION searches N more (the runs line counts them all, shrinking included)',
      integer('runs', 1, 1_000_000),
      100,
    )
    .option('--seed <S>', 'fast-check seed', integer('seed', 0, 0x7fffffff), 20261125)
    .option('--steps <K>', 'maximum steps per run', integer('steps', 1, 100), 10)
    .option('--depth <K>', 'exhaustive search depth', integer('depth', 1, 6), 3)
    .option('--out <DIR>', 'write counterexample scenario files to DIR/counterexamples/')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option('--json', 'print the findings and exhaustive results as JSON')
    .action(
      (opts: {
        policy: string;
        runs: number;
        seed: number;
        steps: number;
        depth: number;
        out?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        const lock = opts.out === undefined ? undefined : lockOutput(resolve(io.cwd, opts.out), 'explore');
        try {
          const policies = policiesOption(io, opts.policy);
          const t0 = performance.now();
          let done = 0;
          const total = policies.length * opts.runs + opts.runs;
          const onRun = (): void => {
            done += 1;
            if (io.voice === 'tty' && done % 10 === 0) {
              const s = (performance.now() - t0) / 1000;
              io.stderr(
                `\rexploring: ${done} runs (${total} planned, shrinking adds more) ${s.toFixed(0)} s, ${(done / Math.max(s, 0.001)).toFixed(0)} runs/s`,
              );
            }
          };
          const report = runExploration({
            policies,
            runs: opts.runs,
            seed: opts.seed,
            maxSteps: opts.steps,
            depth: opts.depth,
            onRun,
          });
          const ms = performance.now() - t0;
          if (io.voice === 'tty') io.stderr('\n');
          if (speaks(io))
            io.stderr(
              `smets1 explore: ${exploreRunsLine(done, policies.length, opts.runs)} in ${(ms / 1000).toFixed(1)} s\n`,
            );
          const { findings, kept } = opts.out
            ? writeCounterexamples(io, opts.out, report, Boolean(opts.force))
            : { findings: [...report.findings], kept: [] };
          const notice = keptNotice(join(opts.out ?? '.', 'counterexamples'), kept, 'this exploration');
          if (opts.json) {
            const exhaustive = report.exhaustive.map((e) => ({ ...e }));
            io.stdout(`${JSON.stringify({ findings, exhaustive }, null, 2)}\n`);
            io.stderr(notice);
          } else io.stdout(`${table(findings, report, ms, opts.out !== undefined)}${notice}`);
          setExit(0);
        } finally {
          lock?.release();
        }
      },
    );
