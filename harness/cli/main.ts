import { isCodedError } from '../../certs';
import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../scenario';
import { CliError, processIo, type CliErrorCode, type CliIo } from './io';
import { registeredCommands } from './registry';
import { formatElapsed, speaks } from './voice';

/** Builds the `smets1` program with every command registered. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('smets1')
    .description('SMETS1 misplaced-certificate simulator and conformance harness (SRV 6.15.1 KRP)')
    .version(PACKAGE_VERSION)
    .option('-q, --quiet', 'no progress bars and no phase lines on stderr (results and errors only)')
    .exitOverride();
  for (const make of registeredCommands) program.addCommand(make(io, setExit));
  configureTree(program, io);
  return program;
}

/**
 * Subcommands do not inherit exitOverride or output settings: apply them to the whole tree.
 * Commander's own error text is not printed: main() prints it in the coded one-line format.
 */
function configureTree(cmd: Command, io: CliIo): void {
  cmd
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
  for (const sub of cmd.commands) configureTree(sub, io);
}

/** The coded error of a commander failure: the option, argument or command it is about. */
export function commanderCode(code: string): CliErrorCode {
  switch (code) {
    case 'commander.unknownCommand':
      return 'ERR_CLI_COMMAND';
    case 'commander.missingArgument':
    case 'commander.excessArguments':
    case 'commander.invalidArgument':
      return 'ERR_CLI_ARGUMENT';
    default:
      return 'ERR_CLI_OPTION';
  }
}

/**
 * Commander's message as one line: `error: unknown option '--policy'\n(Did you mean --policy-expectation?)`
 * becomes `unknown option '--policy' (did you mean --policy-expectation?)`.
 */
export function commanderMessage(message: string): string {
  return message
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => l.replace(/^\(Did you mean/, '(did you mean'))
    .join(' ');
}

/**
 * A suggestion commander does not make (it suggests close spellings only): an unknown option that
 * is the start of exactly one of the command's options, e.g. `--policy` for `--policy-expectation`.
 */
export function prefixSuggestion(message: string, cmd: Command | undefined): string | undefined {
  const unknown = /unknown option '(--[^']+)'/.exec(message)?.[1];
  if (!unknown || !cmd || /Did you mean/.test(message)) return undefined;
  const longs = cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  const hits = longs.filter((l) => l.startsWith(`${unknown}-`) || l.startsWith(unknown));
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * The deepest command named by the leading words of `words` (`['duis', 'emit', 'x.xml']` is
 * `duis emit`), or undefined when the first word names no command.
 */
export function commandAt(program: Command, words: readonly string[]): Command | undefined {
  let cmd: Command | undefined;
  for (const word of words) {
    const sub: Command | undefined = (cmd ?? program).commands.find(
      (c) => c.name() === word || c.aliases().includes(word),
    );
    if (!sub) break;
    cmd = sub;
  }
  return cmd;
}

/** The words that name `cmd` below `program`, e.g. `gbcs sign`. */
function pathOf(program: Command, cmd: Command): string {
  const path: string[] = [];
  for (let c: Command | null = cmd; c && c !== program; c = c.parent) path.unshift(c.name());
  return path.join(' ');
}

/** Runs the CLI and resolves to the process exit code (0 success, 1 check failed, 2 bad input). */
export async function main(argv: readonly string[], io: CliIo = processIo(argv)): Promise<number> {
  let exit = 0;
  const program = buildProgram(io, (code) => {
    exit = Math.max(exit, code);
  });
  let ran: { name: string; start: number } | undefined;
  program.hook('preAction', (_root, action) => {
    ran = { name: pathOf(program, action), start: performance.now() };
  });
  const total = (code: number): number => {
    if (ran && speaks(io))
      io.stderr(
        `smets1 ${ran.name}: done in ${formatElapsed(performance.now() - ran.start)} (exit ${code})\n`,
      );
    return code;
  };
  try {
    await program.parseAsync(argv, { from: 'user' });
    return total(exit);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      const cmd = commandAt(program, ran?.name.split(' ') ?? argv.filter((a) => !a.startsWith('-')));
      const help = cmd ? `smets1 ${pathOf(program, cmd)} --help` : 'smets1 --help';
      const hint = prefixSuggestion(err.message, cmd);
      const text = `${commanderMessage(err.message)}${hint ? ` (did you mean ${hint}?)` : ''}`;
      io.stderr(`smets1: ${commanderCode(err.code)}: ${text} (usage: ${help})\n`);
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
