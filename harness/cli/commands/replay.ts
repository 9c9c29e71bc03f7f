import { resolve } from 'node:path';
import { Command } from 'commander';
import { createInProcessDut } from '../../dut';
import { runScenario } from '../../conformance/runner';
import { createScenarioKeys, loadScenarioFile } from '../../scenario';
import { CliError } from '../io';
import { ONE_POLICY_HELP, onePolicyOption } from '../policy-option';
import type { CommandFactory } from '../command';

/** The policy a scenario file names: its `policy-<name>` tag, else the only policy its expectations name. */
function policyOf(tags: readonly string[], expectations: readonly string[]): string {
  const tagged = tags.find((t) => t.startsWith('policy-'));
  if (tagged) return tagged.slice('policy-'.length);
  const named = [...new Set(expectations.filter((p) => p !== '*'))];
  if (named.length === 1) return named[0]!;
  throw new CliError(
    'ERR_CLI_OPTION',
    'the scenario names no single policy; add a policy-<name> tag or pass --policy',
  );
}

/** `smets1 replay FILE`: reruns a scenario (e.g. a shrunk counterexample) on the in-process reference, step by step. */
export const replayCommand: CommandFactory = (io, setExit) =>
  new Command('replay')
    .description(
      'Replay one scenario file against the in-process reference under the policy it names; exit 0 when it reproduces',
    )
    .argument('<file>', 'scenario JSON file')
    .option('--policy <P>', `override the policy the scenario names, ${ONE_POLICY_HELP}`)
    .option('--json', 'print the case result as JSON')
    .action(async (file: string, opts: { policy?: string; json?: boolean }) => {
      const loaded = loadScenarioFile(resolve(io.cwd, file));
      const keys = createScenarioKeys();
      let failed = false;
      for (const l of loaded) {
        const s = l.scenario;
        const expectations = s.steps.flatMap((st) =>
          st.kind === 'request' || st.kind === 'replay' ? Object.keys(st.expect) : [],
        );
        const policy = onePolicyOption(io, opts.policy ?? policyOf(s.tags, expectations));
        const acb = keys
          .pki(s.world.pkiSeed ?? 'smets1-harness', s.world.extraParties)
          .parties.find((p) => p.name === 'ACB')!;
        const dut = createInProcessDut({ acbSigner: acb.ds.signer, defaultPolicy: policy });
        const result = await runScenario(l, dut, policy, { keys });
        await dut.close();
        failed ||= result.verdict !== 'PASS';
        if (opts.json) {
          io.stdout(`${JSON.stringify(result, null, 2)}\n`);
          continue;
        }
        io.stdout(
          `${s.id} under ${policy.name}: ${result.verdict}${result.reason ? ` (${result.reason})` : ''}\n`,
        );
        for (const st of result.steps)
          io.stdout(
            `  ${st.ok ? 'ok  ' : 'FAIL'} ${st.index}. ${st.label}\n       expected ${st.expected}; actual ${st.actual}\n`,
          );
      }
      setExit(failed ? 1 : 0);
    });
