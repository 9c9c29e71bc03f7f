import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { lockOutput, OUTPUT_KINDS, writeOutputSet, type KindedFile } from '../../io';
import { proofJson, proveAll, renderProof, type ProvenPolicy } from '../../analysis/prove';
import type { CliIo } from '../io';
import type { CommandFactory } from '../registry';
import { POLICIES_HELP, policiesOption } from '../policy-option';
import { speaks } from '../voice';

/** Writes every counterexample scenario to DIR and returns `<policy>/<invariant>` -> relative path. */
export function writeProofScenarios(
  io: CliIo,
  dir: string,
  results: readonly ProvenPolicy[],
  force: boolean,
): Map<string, string> {
  const out = resolve(io.cwd, dir);
  const files = new Map<string, string>();
  const set: KindedFile[] = [];
  for (const r of results)
    for (const s of r.scenarios) {
      const name = `${s.id.toLowerCase()}.json`;
      set.push({ name, kind: OUTPUT_KINDS.scenario, content: `${JSON.stringify(s, null, 2)}\n` });
      const invariant = s.tags.find((t) => /^(inv|live|diff)-/.test(t))?.toUpperCase() ?? '';
      files.set(`${r.proof.policy}/${invariant}`, relative(io.cwd, join(out, name)));
    }
  writeOutputSet(out, set, { force });
  return files;
}

/** `smets1 prove`: every reachable state of the small world to the fixpoint, per policy. */
export const proveCommand: CommandFactory = (io, setExit) =>
  new Command('prove')
    .description(
      'Prove the invariants for request sequences of every length: breadth-first over the small world to the fixpoint',
    )
    .option('--policy <P>', `policies: ${POLICIES_HELP}`, 'all')
    .option('--out <DIR>', 'write the shortest counterexamples as replayable scenario files to DIR')
    .option('--force', 'replace output files of another kind (docs/reliability.md)')
    .option(
      '--json',
      'print { policies: [{ policy, fixpoint, depth, states, transitions, seconds, invariants, counterexamples }] }',
    )
    .action((opts: { policy: string; out?: string; force?: boolean; json?: boolean }) => {
      const policies = policiesOption(io, opts.policy);
      const lock = opts.out === undefined ? undefined : lockOutput(resolve(io.cwd, opts.out), 'prove');
      try {
        const results = proveAll({
          policies,
          onPolicy: (p) => {
            if (speaks(io))
              io.stderr(`smets1 prove: ${p.policy}: ${p.states} states in ${p.seconds.toFixed(1)} s\n`);
          },
        });
        const files = opts.out ? writeProofScenarios(io, opts.out, results, Boolean(opts.force)) : undefined;
        if (opts.json) io.stdout(`${JSON.stringify(proofJson(results), null, 2)}\n`);
        else {
          io.stdout(renderProof(results));
          if (files) for (const f of files.values()) io.stdout(`counterexample: ${f}\n`);
        }
        const incomplete = results.some((r) => !r.proof.fixpoint || r.unreproduced.length > 0);
        setExit(incomplete ? 1 : 0);
      } finally {
        lock?.release();
      }
    });
