import { resolve } from 'node:path';
import { Command } from 'commander';
import {
  createScenarioKeys,
  dccBoxedWorld,
  loadCatalogue,
  resolveScenario,
  SHIPPED_CATALOGUE,
} from '../../scenario';
import { referenceWorldSpec, type WorldSpec } from '../../../simulator';
import { OUTPUT_KINDS, writeOutput } from '../../io';
import { CliError } from '../io';
import type { CommandFactory } from '../command';

/** The world file of one catalogue scenario (its parties, registrations, inventory and cells). */
function scenarioWorld(id: string, catalogue: string): WorldSpec {
  const [loaded] = loadCatalogue(catalogue, { filter: id });
  if (!loaded || loaded.scenario.id !== id)
    throw new CliError('ERR_CLI_OPTION', `no scenario with id ${JSON.stringify(id)}`);
  if (loaded.skip) throw new CliError('ERR_CLI_OPTION', `${id} cannot be resolved here: ${loaded.skip}`);
  return resolveScenario(loaded.scenario, createScenarioKeys()).world;
}

interface WorldOptions {
  scenario?: string;
  catalogue?: string;
  zaz1?: boolean;
  keystore?: string;
  out?: string;
  force?: boolean;
}

/** The world the options name: the reference world, a scenario's, or DCC Boxed's stock world. */
function chosenWorld(cwd: string, opts: WorldOptions): WorldSpec {
  if (opts.zaz1 && opts.scenario !== undefined)
    throw new CliError('ERR_CLI_OPTION', '--zaz1 and --scenario name different worlds; give one');
  if (opts.keystore !== undefined && !opts.zaz1)
    throw new CliError('ERR_CLI_OPTION', '--keystore belongs to --zaz1');
  if (opts.zaz1)
    return dccBoxedWorld(opts.keystore === undefined ? {} : { keystore: resolve(cwd, opts.keystore) }).spec;
  const catalogue = opts.catalogue === undefined ? SHIPPED_CATALOGUE : resolve(cwd, opts.catalogue);
  return opts.scenario === undefined ? referenceWorldSpec() : scenarioWorld(opts.scenario, catalogue);
}

/** `smets1 world`: writes a world file (the JSON an implementation is provisioned with). */
export const worldCommand: CommandFactory = (io) =>
  new Command('world')
    .description(
      'Write a world file: the reference world, or the world of one catalogue scenario (for POST /v1/provision)',
    )
    .option('--scenario <id>', 'the world of this scenario (default: the reference world)')
    .option('--catalogue <dir>', 'scenario catalogue directory (default: the shipped scenarios/)')
    .option(
      '--zaz1',
      "DCC Boxed's stock world from the ZAZ1 keystore (the installed @smartdcc/dccboxed-keystore; docs/dcc-boxed.md)",
    )
    .option(
      '--keystore <file|dir>',
      'with --zaz1: this keystore.json (or its folder) instead of the installed one',
    )
    .option('--out <file>', 'write here instead of standard output')
    .option('--force', 'replace a file of another kind (docs/reliability.md)')
    .addHelpText(
      'after',
      [
        '',
        'Example:',
        '  smets1 world --scenario KRP-MIS-001 --out world.json',
        '  smets1 world --zaz1 --out zaz1.json',
        '  TOKEN=...   # the token smets1 serve printed at start (or the --token / SMETS1_TOKEN it was given)',
        '  curl -X POST localhost:8080/v1/provision -H "Authorization: Bearer $TOKEN" \\',
        '    -H \'content-type: application/json\' --data "{\\"world\\": $(cat world.json)}"',
      ].join('\n'),
    )
    .action((opts: WorldOptions) => {
      const world = chosenWorld(io.cwd, opts);
      const text = `${JSON.stringify(world, null, 2)}\n`;
      if (opts.out === undefined) io.stdout(text);
      else
        io.stdout(
          `wrote ${writeOutput(resolve(io.cwd, opts.out), { kind: OUTPUT_KINDS.world, content: text }, 'world', { force: Boolean(opts.force) })}\n`,
        );
    });
