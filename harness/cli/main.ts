import { isCodedError } from '../../certs';
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../scenario';
import { CliError, processIo, type CliIo } from './io';
import { registeredCommands } from './registry';

/** Builds the `smets1` program with every command registered. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('smets1')
    .description('SMETS1 misplaced-certificate simulator and conformance harness (SRV 6.15.1 KRP)')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  for (const make of registeredCommands) program.addCommand(make(io, setExit));
  configureTree(program, io);
  return program;
}

/** Subcommands do not inherit exitOverride or output settings: apply them to the whole tree. */
function configureTree(cmd: Command, io: CliIo): void {
  cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  for (const sub of cmd.commands) configureTree(sub, io);
}

/** Runs the CLI and resolves to the process exit code (0 success, 1 check failed, 2 bad input). */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exit = 0;
  const program = buildProgram(io, (code) => {
    exit = Math.max(exit, code);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr(`smets1: ${err.code}: ${err.message}\n`);
      return err.exitCode;
    }
    if (isCodedError(err)) {
      io.stderr(`smets1: ${err.code}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
