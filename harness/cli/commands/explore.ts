import { lockOutput, OUTPUT_KINDS, writeOutputSet, type KindedFile } from '../../io';
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
import { CliError, type CliIo } from '../io';
import { policiesOption } from '../policy-option';
import { speaks } from '../voice';
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

/** Writes every counterexample as a scenario file under DIR/counterexamples and returns the findings with their file paths. */
function writeCounterexamples(io: CliIo, dir: string, report: ExplorationReport, force: boolean): Finding[] {
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
  writeOutputSet(out, set, { force });
  return report.findings.map((f) => {
    const file = files.get(`${f.policy}/${f.invariant}`);
    return file && f.counterexample ? { ...f, counterexample: { ...f.counterexample, file } } : f;
  });
}

function table(findings: readonly Finding[], report: ExplorationReport, ms: number): string {
  const lines = ['policy        invariant           result  minimal counterexample'];
  for (const f of findings) {
    const len = f.counterexample
      ? `${f.counterexample.steps.length} step(s)${f.counterexample.file ? ` -> ${f.counterexample.file}` : ''}`
      : '';
    lines.push(
      `${f.policy.padEnd(13)} ${f.invariant.padEnd(19)} ${(f.kept ? 'kept' : 'BROKEN').padEnd(7)} ${len}`,
    );
  }
  lines.push('', 'exhaustive search (one misplaced meter, NO-A registered, NO-B in the cells, NO-C, SUP-1):');
  for (const e of report.exhaustive) {
    lines.push(
      `  ${e.policy.padEnd(13)} depth ${e.depth}: ${e.statesExplored} states, ${e.transitions} transitions; control reachable ${e.reachesControl}, one-step repair ${e.oneStepRepair}, waived foreign NO install ${e.waivedForeignInstall}, third-NO transfer ${e.thirdNoTransfer}`,
    );
  }
  lines.push(`time ${(ms / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

/** `smets1 explore`: model-based exploration, DIFF-NO-REGRESSION and the bounded exhaustive proof, with the findings table. */
export const exploreCommand: CommandFactory = (io, setExit) =>
  new Command('explore')
    .description(
      'Model-based exploration of the security invariants (fast-check) and bounded exhaustive proof',
    )
    .option('--policy <P>', 'a preset policy, comma-separated list, or all', 'all')
    .option('--runs <N>', 'fast-check runs per policy', integer('runs', 1, 1_000_000), 100)
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
              `smets1 explore: ${done} runs under ${policies.length} policies in ${(ms / 1000).toFixed(1)} s\n`,
            );
          const findings = opts.out
            ? writeCounterexamples(io, opts.out, report, Boolean(opts.force))
            : [...report.findings];
          if (opts.json) {
            const exhaustive = report.exhaustive.map((e) => ({ ...e }));
            io.stdout(`${JSON.stringify({ findings, exhaustive }, null, 2)}\n`);
          } else io.stdout(table(findings, report, ms));
          setExit(0);
        } finally {
          lock?.release();
        }
      },
    );
