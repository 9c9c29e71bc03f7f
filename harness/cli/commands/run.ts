import { isCodedError, RemotePartyRole } from '../../../certs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { createInProcessDut } from '../../dut';
import {
  createProgress,
  renderConsoleSummary,
  writeReports,
  type RunReport,
  type WrittenReports,
} from '../../report';
import { loadDeviationManifest, runCatalogue, runFailed } from '../../conformance/runner';
import {
  createScenarioKeys,
  selectScenarios,
  SHIPPED_CATALOGUE as SHIPPED_SCENARIOS,
  type ScenarioKeys,
} from '../../scenario';
import type { Policy } from '../../../simulator';
import { withOutputLock, wroteReportsLines } from '../files';
import { POLICIES_HELP, policiesOption } from '../policy-option';
import { CliError, type CliIo } from '../io';
import { nothingRanError } from '../nothing-ran';
import { phase } from '../voice';
import type { CommandFactory } from '../command';

/** The catalogue shipped with the package. */
export const SHIPPED_CATALOGUE = SHIPPED_SCENARIOS;

/** Options of `smets1 run`, as parsed. */
export interface RunOptions {
  readonly policy: string;
  readonly scenarios?: string;
  readonly manifest?: string;
  readonly catalogue?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly watchdog: string;
}

/** Coded scenario/manifest errors become one-line CLI errors (exit 2). */
function orBadInput<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isCodedError(err)) throw CliError.wrap(err);
    throw err;
  }
}

/**
 * Runs catalogue scenarios against the in-process reference under the given policies (one PKI,
 * certificates cached across cases), writing reports when `out` is given.
 */
export async function runReference(
  io: CliIo,
  opts: {
    policies: readonly Policy[];
    filter?: string;
    manifest?: string;
    catalogue?: string;
    out?: string;
    force?: boolean;
    watchdogMs?: number;
    quiet?: boolean;
    keys?: ScenarioKeys;
  },
): Promise<{ report: RunReport; written?: WrittenReports }> {
  const manifest =
    opts.manifest === undefined
      ? undefined
      : orBadInput(() => loadDeviationManifest(resolve(io.cwd, opts.manifest!)));
  const dir = opts.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(io.cwd, opts.catalogue);
  const scenarios = orBadInput(() => selectScenarios(io.cwd, dir, opts.filter));
  if (scenarios.length === 0)
    throw new CliError('ERR_CLI_OPTION', `no scenario matches ${JSON.stringify(opts.filter ?? '*')}`);
  const keys = opts.keys ?? createScenarioKeys();
  const acb = keys
    .pki('smets1-harness', [])
    .parties.find((p) => p.role === RemotePartyRole.accessControlBroker)!;
  const dut = createInProcessDut({ acbSigner: acb.ds.signer });
  const progress = createProgress({
    total: scenarios.length * opts.policies.length,
    quiet: io.quiet || Boolean(opts.quiet),
    write: io.stderr,
    now: () => performance.now(),
  });
  const report = await runCatalogue({
    scenarios,
    dut,
    policies: opts.policies,
    keys,
    ...(opts.watchdogMs ? { watchdogMs: opts.watchdogMs } : {}),
    ...(manifest ? { manifest } : {}),
    onProgress: (_d, _t, r) => progress.tick(`${r.policy} ${r.id} ${r.verdict}`),
  });
  progress.done();
  await dut.close();
  const written =
    opts.out === undefined
      ? undefined
      : await writeReports(report, resolve(io.cwd, opts.out), { force: Boolean(opts.force) });
  return { report, ...(written ? { written } : {}) };
}

function watchdogOf(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1 || n > 3_600_000)
    throw new CliError(
      'ERR_CLI_OPTION',
      `--watchdog must be an integer of milliseconds (1..3600000), got ${JSON.stringify(text)}`,
    );
  return n;
}

/** `smets1 run`: runs catalogue scenarios against the in-process reference; exit 1 on any FAIL/HANG/HARNESS_ERROR. */
export const runCommand: CommandFactory = (io, setExit) =>
  new Command('run')
    .description('Run scenarios against the in-process reference simulator under one policy or all presets')
    .option('--policy <policy>', `policies: ${POLICIES_HELP}`, 'all')
    .option(
      '--scenarios <list>',
      'scenario ids or id globs ("KRP-MIS-*"), scenario files or file globs ("proof/*.json"), comma-separated',
    )
    .option('--manifest <file>', 'expected-deviation manifest ({ "deviations": [{ id, policy, reason }] })')
    .option('--catalogue <dir>', 'scenario catalogue directory (default: the shipped scenarios/)')
    .option('--out <dir>', 'write report.json, junit.xml and index.html here')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option('--watchdog <ms>', 'per case time limit (HANG after it)', '10000')
    .option('--json', 'print the summary as JSON instead of the console table')
    .action(async (opts: RunOptions) => {
      const { report, written } = await withOutputLock(io, opts.out, 'run', () =>
        phase(
          io,
          'run',
          'catalogue',
          () =>
            runReference(io, {
              policies: policiesOption(io, opts.policy),
              watchdogMs: watchdogOf(opts.watchdog),
              quiet: Boolean(opts.json),
              ...(opts.scenarios === undefined ? {} : { filter: opts.scenarios }),
              ...(opts.manifest === undefined ? {} : { manifest: opts.manifest }),
              ...(opts.catalogue === undefined ? {} : { catalogue: opts.catalogue }),
              ...(opts.out === undefined ? {} : { out: opts.out }),
              ...(opts.force ? { force: true } : {}),
            }),
          (r) => `${r.report.cases.length} cases`,
        ),
      );
      const failing = runFailed(report);
      if (opts.json) {
        const notPassing = report.cases
          .filter((c) => c.verdict !== 'PASS')
          .map((c) => ({
            id: c.id,
            policy: c.policy,
            verdict: c.verdict,
            reason: c.reason,
            ...(c.deviation ? { deviation: c.deviation } : {}),
          }));
        io.stdout(
          `${JSON.stringify({ policies: report.policies, summary: report.summary, waivers: report.waivers, failing, notPassing, ...(written ? { written } : {}) }, null, 2)}\n`,
        );
      } else {
        io.stdout(
          renderConsoleSummary(report, {
            color: Boolean(io.color),
            more: written ? `see ${written.html}` : 'write the reports with --out DIR to see them all',
          }),
        );
        if (written) {
          io.stdout(wroteReportsLines(opts.out ?? '.', written));
        }
      }
      if (failing) setExit(1);
      const none = nothingRanError(report);
      if (none) throw none;
    });
