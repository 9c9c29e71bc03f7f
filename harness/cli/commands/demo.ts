import { relative, resolve } from 'node:path';
import { Command } from 'commander';
import { runEstate } from '../../estate';
import { proofFindings, proveAll } from '../../analysis/prove';
import {
  renderFailingCases,
  writeReports,
  type CaseResult,
  type EstateResult,
  type RunReport,
} from '../../report';
import { runFailed } from '../../conformance/runner';
import { OUTPUT_KINDS, type KindedFile } from '../../io';
import { PRESET_POLICIES, type Policy } from '../../../simulator';
import { POLICIES_HELP, policiesOption } from '../policy-option';
import { phase, plural } from '../voice';
import { keptNotice, withOutputLock } from '../files';
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
  lines.push(`${'policy'.padEnd(width)}  passed / cases   skipped   waiver uses   invariants kept / broken`);
  for (const p of report.policies) {
    const c = report.summary.byPolicy[p];
    const total = c ? c.PASS + c.FAIL + c.SKIPPED + c.HANG + c.HARNESS_ERROR : 0;
    // the policy's own waivers; the gate's built-in SMETS2 rule is not one of them
    const uses = report.waivers.filter((w) => w.policy === p && !w.builtIn).reduce((n, w) => n + w.uses, 0);
    const findings = report.findings.filter((f) => f.policy === p);
    const broken = findings.filter((f) => !f.kept).map((f) => f.invariant);
    const invariants =
      findings.length === 0
        ? 'not explored'
        : `${findings.length - broken.length} / ${broken.length}${broken.length > 0 ? ` (${broken.join(', ')})` : ''}`;
    lines.push(
      `${p.padEnd(width)}  ${String(c?.PASS ?? 0).padStart(6)} / ${String(total).padEnd(6)}  ${String(c?.SKIPPED ?? 0).padStart(7)}   ${String(uses).padStart(11)}   ${invariants}`,
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
async function demoEstate(meters: number, policies: readonly Policy[]): Promise<EstateResult[]> {
  const run = await runEstate({ meters, policies, workers: 0 });
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

/**
 * The proof's findings with each counterexample's scenario file beside the reports (its name is
 * the finding's `file`, relative to the report folder), so the HTML links and replays it.
 */
function demoProof(policies: readonly Policy[]): { findings: RunReport['findings']; extra: KindedFile[] } {
  const results = proveAll({ policies });
  const files = new Map<string, string>();
  const extra: KindedFile[] = [];
  for (const r of results)
    for (const s of r.scenarios) {
      const name = `${s.id.toLowerCase()}.json`;
      extra.push({ name, kind: OUTPUT_KINDS.scenario, content: `${JSON.stringify(s, null, 2)}\n` });
      const invariant = s.tags.find((t) => /^(inv|live|diff)-/.test(t))?.toUpperCase() ?? '';
      files.set(`${r.proof.policy}/${invariant}`, name);
    }
  return { findings: proofFindings(results, files), extra };
}

/** `smets1 demo`: the whole catalogue under every preset policy, a short table, and the reports. */
export const demoCommand: CommandFactory = (io: CliIo, setExit) =>
  new Command('demo')
    .description(
      'Run the whole scenario catalogue under every preset policy on the built-in PKI and write report/ (JSON, JUnit, HTML)',
    )
    .option('--out <dir>', 'report directory', 'report')
    .option('--policy <policy>', `policies: ${POLICIES_HELP}`, 'all')
    .option('--no-proof', 'skip the proof of the invariants (the findings table)')
    .option('--estate <meters>', 'meters in the estate campaign shown in the report (0: skip)', '5000')
    .option('--json', 'print the summary as JSON')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .action(
      async (opts: {
        out: string;
        policy: string;
        proof: boolean;
        estate: string;
        json?: boolean;
        force?: boolean;
      }) =>
        withOutputLock(io, opts.out, 'demo', async () => {
          const meters = wholeNumber(opts.estate, '--estate', 1_000_000);
          const policies = policiesOption(io, opts.policy);
          const run = await phase(
            io,
            'demo',
            'catalogue',
            () => runReference(io, { policies, quiet: Boolean(opts.json) }),
            (r) => `${r.report.cases.length} cases under ${plural(policies.length, 'policy', 'policies')}`,
          );
          const proof = opts.proof
            ? await phase(
                io,
                'demo',
                'proof',
                () => demoProof(policies),
                (p) => `${p.findings.filter((f) => !f.kept).length} broken of ${p.findings.length} findings`,
              )
            : { findings: [], extra: [] };
          const estate =
            meters === 0
              ? undefined
              : await phase(
                  io,
                  'demo',
                  'estate',
                  () => demoEstate(meters, policies),
                  () => `${meters} meters under ${plural(policies.length, 'policy', 'policies')}`,
                );
          const report: RunReport = {
            ...run.report,
            findings: proof.findings,
            ...(estate ? { estate } : {}),
          };
          const written = await phase(
            io,
            'demo',
            'reports',
            () =>
              writeReports(report, resolve(io.cwd, opts.out), {
                force: Boolean(opts.force),
                extra: proof.extra,
              }),
            () => `${3 + proof.extra.length} files`,
          );
          const failing = runFailed(report);
          if (opts.json) {
            const broken = proof.findings
              .filter((f) => !f.kept)
              .map((f) => ({ policy: f.policy, invariant: f.invariant }));
            io.stdout(
              `${JSON.stringify({ policies: report.policies, summary: report.summary, waivers: report.waivers, broken, failing, written }, null, 2)}\n`,
            );
          } else {
            io.stdout(renderDemoTable(report));
            const failingCases = renderFailingCases(report, {
              color: Boolean(io.color),
              more: `see ${relative(io.cwd, written.html) || written.html}`,
            });
            if (failingCases.length > 0) io.stdout(`\n${failingCases.join('\n')}\n`);
            io.stdout(
              `reports written to ${relative(io.cwd, resolve(io.cwd, opts.out)) || '.'}/ (report.json, junit.xml, index.html)\nopen ${relative(io.cwd, written.html) || written.html} in a browser (works offline)\n`,
            );
            io.stdout(keptNotice(opts.out, written.kept));
          }
          if (failing) setExit(1);
        }),
    );
