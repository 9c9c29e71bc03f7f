import { resolve } from 'node:path';
import { Command } from 'commander';
import { isCodedError, RemotePartyRole } from '../../../certs';
import { PIPELINE_CHECKS, type PipelineCheck } from '../../../simulator';
import { mutationRunReport, mutationScore, renderMutation, type Observation } from '../../mutate';
import { createProgress, writeReports } from '../../report';
import type { CaseResult } from '../../report/types';
import { createScenarioKeys, selectScenarios, SHIPPED_CATALOGUE } from '../../scenario';
import type { CommandFactory } from '../command';
import { withOutputLock, wroteReportsLines } from '../files';
import { CliError } from '../io';
import { POLICIES_HELP, policiesOption } from '../policy-option';

/** Options of `smets1 mutate`, as parsed. */
interface MutateOptions {
  readonly policy: string;
  readonly checks?: string;
  readonly scenarios?: string;
  readonly catalogue?: string;
  readonly observe: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

function checksOf(text: string | undefined): PipelineCheck[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  const unknown = items.filter((c) => !(PIPELINE_CHECKS as readonly string[]).includes(c));
  if (unknown.length > 0 || items.length === 0)
    throw new CliError(
      'ERR_CLI_OPTION',
      `--checks: unknown check ${JSON.stringify(unknown[0] ?? text)}; checks are ${PIPELINE_CHECKS.join(', ')}`,
    );
  return items as PipelineCheck[];
}

function observeOf(text: string): Observation {
  if (text !== 'duis' && text !== 'full')
    throw new CliError('ERR_CLI_OPTION', `--observe must be duis or full, got ${JSON.stringify(text)}`);
  return text;
}

/**
 * `smets1 mutate`: the catalogue's power. Each check of the reference switched off in turn, the
 * catalogue run against each mutant through the DUT port under each policy; exit 1 when a mutant
 * survives under a policy where its check can change a verdict.
 */
export const mutateCommand: CommandFactory = (io, setExit) =>
  new Command('mutate')
    .description(
      'Measure the catalogue: switch off each check of the reference in turn and report which cases kill each mutant',
    )
    .option('--policy <policy>', `policies: ${POLICIES_HELP}`, 'all')
    .option('--checks <list>', `checks to mutate, comma-separated (default: all ${PIPELINE_CHECKS.length})`)
    .option('--scenarios <list>', 'scenario ids, id globs or files (default: the whole catalogue)')
    .option('--catalogue <dir>', 'scenario catalogue directory (default: the shipped scenarios/)')
    .option(
      '--observe <what>',
      'duis: a kill must show in the outcome, DUIS code, phase or final state; full: also in the reference refusal code and stage',
      'duis',
    )
    .option('--out <dir>', 'write report.json, junit.xml and index.html (with the mutation section) here')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option('--json', 'print the mutation report as JSON instead of the console table')
    .action(async (opts: MutateOptions) => {
      const policies = policiesOption(io, opts.policy);
      const checks = checksOf(opts.checks);
      const observe = observeOf(opts.observe);
      const dir = opts.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(io.cwd, opts.catalogue);
      let scenarios;
      try {
        scenarios = selectScenarios(io.cwd, dir, opts.scenarios);
      } catch (err) {
        if (isCodedError(err)) throw CliError.wrap(err);
        throw err;
      }
      if (scenarios.length === 0)
        throw new CliError('ERR_CLI_OPTION', `no scenario matches ${JSON.stringify(opts.scenarios ?? '*')}`);
      const keys = createScenarioKeys();
      const acb = keys
        .pki('smets1-harness', [])
        .parties.find((p) => p.role === RemotePartyRole.accessControlBroker)!;
      const progress = createProgress({
        total: (checks?.length ?? PIPELINE_CHECKS.length) * policies.length,
        quiet: io.quiet || Boolean(opts.json),
        write: io.stderr,
      });
      let baseline: readonly CaseResult[] = [];
      const { report, written } = await withOutputLock(io, opts.out, 'mutate', async () => {
        const report = await mutationScore({
          scenarios,
          policies,
          keys,
          acbSigner: acb.ds.signer,
          observe,
          ...(checks ? { checks } : {}),
          onBaseline: (cases) => {
            baseline = cases;
          },
          onProgress: (_d, _t, check, o) => progress.tick(`${check} ${o.policy} ${o.status}`),
        });
        progress.done();
        const written =
          opts.out === undefined
            ? undefined
            : await writeReports(mutationRunReport(report, baseline), resolve(io.cwd, opts.out), {
                force: Boolean(opts.force),
              });
        return { report, written };
      });
      if (opts.json)
        io.stdout(`${JSON.stringify({ ...report, ...(written ? { written } : {}) }, null, 2)}\n`);
      else {
        io.stdout(renderMutation(report));
        if (written) {
          io.stdout(wroteReportsLines(opts.out ?? '.', written));
        }
      }
      if (report.summary.survived > 0 || report.baselineNotPassing.length > 0) setExit(1);
    });
