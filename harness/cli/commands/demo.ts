import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { runEstate } from '../../estate';
import { proofFindings, proveAll } from '../../analysis/prove';
import { writeReports, type CaseResult, type EstateResult, type RunReport } from '../../report';
import { runFailed } from '../../conformance/runner';
import { PRESET_POLICIES } from '../../../simulator';
import { withOutputLock } from '../files';
import { CliError, type CliIo } from '../io';
import type { CommandFactory } from '../command';
import { runReference } from './run';

/** The case that shows the deadlock (legacy) and the repair (relaxed family). */
export const DEADLOCK_CASE = 'KRP-MIS-001';

const find = (report: RunReport, policy: string): CaseResult | undefined =>
  report.cases.find((c) => c.id === DEADLOCK_CASE && c.policy === policy);

/** Fixed exploration seed of the demo, so two demo reports diff cleanly. */
export const DEMO_SEED = 20261125;

/** The policies the demo runs, proves and simulates: every preset of the one registry. */
export const DEMO_POLICIES = PRESET_POLICIES;

/** The short demo table: policy -> cases passed, then one line for the deadlock and one for the repair. */
export function renderDemoTable(report: RunReport): string {
  const lines: string[] = [];
  const width = Math.max(...report.policies.map((p) => p.length), 'policy'.length);
  lines.push(`${'policy'.padEnd(width)}  passed / cases   waiver uses   invariants kept / broken`);
  for (const p of report.policies) {
    const c = report.summary.byPolicy[p];
    const total = c ? c.PASS + c.FAIL + c.SKIPPED + c.HANG + c.HARNESS_ERROR : 0;
    const uses = report.waivers.filter((w) => w.policy === p).reduce((n, w) => n + w.uses, 0);
    const findings = report.findings.filter((f) => f.policy === p);
    const broken = findings.filter((f) => !f.kept).map((f) => f.invariant);
    const invariants =
      findings.length === 0
        ? 'not explored'
        : `${findings.length - broken.length} / ${broken.length}${broken.length > 0 ? ` (${broken.join(', ')})` : ''}`;
    lines.push(
      `${p.padEnd(width)}  ${String(c?.PASS ?? 0).padStart(6)} / ${String(total).padEnd(6)}  ${String(uses).padStart(11)}   ${invariants}`,
    );
  }
  const legacy = find(report, 'legacy');
  if (legacy && legacy.steps.length >= 2) {
    lines.push(
      `deadlock (legacy, ${DEADLOCK_CASE}): registered NO-A -> ${legacy.steps[0]!.actual}; NO-B (whose certificates are on the meter) -> ${legacy.steps[1]!.actual}`,
    );
  }
  const corrective = find(report, 'corrective');
  if (corrective && corrective.steps.length >= 3) {
    lines.push(
      `repair (corrective, ${DEADLOCK_CASE}): NO-B hands over to NO-A -> ${corrective.steps[1]!.actual}; then NO-A -> ${corrective.steps[2]!.actual}`,
    );
  }
  const estate = report.estate;
  if (estate && estate.length > 0) {
    const first = estate[0]!;
    const repaired = estate.map((e) => `${e.policy} ${e.repaired}/${e.misplaced}`).join(', ');
    lines.push(`estate (${first.meters} meters, ${first.misplaced} misplaced): repaired ${repaired}`);
  }
  return `${lines.join('\n')}\n`;
}

function wholeNumber(text: string, option: string, max: number): number {
  if (!/^[0-9]+$/.test(text) || Number(text) > max) {
    throw new CliError(
      'ERR_CLI_OPTION',
      `${option} must be an integer 0..${max}, got ${JSON.stringify(text)}`,
    );
  }
  return Number(text);
}

/**
 * A small correction campaign under every preset (in this thread, fixed seed): the counts only, no
 * timings, so the report stays diffable. `smets1 estate` runs the national-scale version.
 */
async function demoEstate(meters: number): Promise<EstateResult[]> {
  const run = await runEstate({ meters, policies: DEMO_POLICIES, workers: 0 });
  return run.results.map(({ policy, meters: m, misplaced, repaired, stuck, requests, refusals }) => ({
    policy,
    meters: m,
    misplaced,
    repaired,
    stuck,
    requests,
    refusals,
  }));
}

/** `smets1 demo`: the whole catalogue under every preset policy, a short table, and the reports. */
export const demoCommand: CommandFactory = (io: CliIo, setExit) =>
  new Command('demo')
    .description(
      'Run the whole scenario catalogue under every preset policy on the built-in PKI and write report/ (JSON, JUnit, HTML)',
    )
    .option('--out <dir>', 'report directory', 'report')
    .option('--no-proof', 'skip the proof of the invariants (the findings table)')
    .option('--estate <meters>', 'meters in the estate campaign shown in the report (0: skip)', '5000')
    .option('--json', 'print the summary as JSON')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .action(async (opts: { out: string; proof: boolean; estate: string; json?: boolean; force?: boolean }) =>
      withOutputLock(io, opts.out, 'demo', async () => {
        const meters = wholeNumber(opts.estate, '--estate', 1_000_000);
        const run = await runReference(io, {
          policies: DEMO_POLICIES,
          quiet: Boolean(opts.json),
        });
        const findings = opts.proof ? proofFindings(proveAll()) : [];
        const estate = meters === 0 ? undefined : await demoEstate(meters);
        const report: RunReport = { ...run.report, findings, ...(estate ? { estate } : {}) };
        const written = await writeReports(report, resolve(io.cwd, opts.out), { force: Boolean(opts.force) });
        const failing = runFailed(report);
        if (opts.json) {
          const broken = findings
            .filter((f) => !f.kept)
            .map((f) => ({ policy: f.policy, invariant: f.invariant }));
          io.stdout(
            `${JSON.stringify({ policies: report.policies, summary: report.summary, waivers: report.waivers, broken, failing, written }, null, 2)}\n`,
          );
        } else {
          io.stdout(renderDemoTable(report));
          io.stdout(
            `reports written to ${relative(io.cwd, resolve(io.cwd, opts.out)) || '.'}/ (report.json, junit.xml, index.html)\nopen ${relative(io.cwd, written.html) || written.html} in a browser (works offline)\n`,
          );
        }
        if (failing) setExit(1);
      }),
    );
