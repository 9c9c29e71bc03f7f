import { CodedError, type CertsErrorCode } from '../../certs';
import type { SimulatorErrorCode } from '../../simulator';
import type { DuisErrorCode } from '../../simulator/duis';
import type { GbcsErrorCode } from '../../simulator/gbcs';
import type { CapturesErrorCode } from '../captures';
import type { EstateErrorCode } from '../estate/errors';
import type { IoErrorCode } from '../io/errors';
import type { PolicySpecErrorCode } from '../policies';
import type { ReportErrorCode } from '../report/errors';
import type { ScenarioErrorCode } from '../scenario/errors';
/** What a CLI command may touch: its output streams and the working directory, injected for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** True when progress bars should be suppressed (CI, --quiet, not a TTY). */
  readonly quiet: boolean;
  /**
   * How the run speaks on stderr: `tty` (progress bars, then a line per phase), `lines` (CI or a
   * pipe: one line per phase, never silent), `silent` (--quiet). Absent: silent (in-process callers).
   */
  readonly voice?: Voice;
  /** ANSI colour on stdout (a TTY, unless NO_COLOR is set). */
  readonly color?: boolean;
}

/** How a run reports its progress on stderr. @see CliIo.voice */
export type Voice = 'tty' | 'lines' | 'silent';

/** The CLI's own error codes (bad options, arguments, files). */
export type CliOwnErrorCode =
  | 'ERR_CLI_OPTION'
  | 'ERR_CLI_COMMAND'
  | 'ERR_CLI_TARGET'
  | 'ERR_CLI_ARGUMENT'
  | 'ERR_CLI_FILE'
  | 'ERR_CLI_JSON'
  | 'ERR_CLI_WRITE'
  | 'ERR_CLI_LISTEN'
  | 'ERR_CLI_SERVE_HEAP'
  | 'ERR_PROFILE_SCHEMA'
  | 'ERR_CLI_INSECURE_BIND'
  | 'ERR_GBCS_UNSIGNED'
  /** `conform`: the target answered 401/403 to the token pre-flight (no case ran). */
  | 'ERR_CONFORM_UNAUTHORIZED'
  /** `run`, `conform`: every case was SKIPPED, so nothing was checked. */
  | 'ERR_NOTHING_RAN'
  /** `diff`: the two reports share no case, so nothing was compared. */
  | 'ERR_DIFF_NOTHING_COMPARED';

/** Every code a CLI error may carry: its own, and those of the layers' errors it reports. */
export type CliErrorCode =
  | CliOwnErrorCode
  | CertsErrorCode
  | SimulatorErrorCode
  | DuisErrorCode
  | GbcsErrorCode
  | CapturesErrorCode
  | ScenarioErrorCode
  | ReportErrorCode
  | EstateErrorCode
  | IoErrorCode
  | PolicySpecErrorCode;

/** A CLI failure with the exit code to return and a one-line coded message. */
export class CliError extends CodedError<CliErrorCode> {
  override readonly name = 'CliError';
  constructor(
    code: CliErrorCode,
    message: string,
    readonly exitCode: number = 2,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }

  /** A layer's coded error as a CLI error (exit 2, same code and message). */
  static wrap(err: CodedError<string>, prefix = ''): CliError {
    return new CliError(err.code as CliErrorCode, `${prefix}${err.message}`, 2, { cause: err });
  }
}

/** The voice of a process: silent with --quiet, lines in CI or on a pipe, bars on a terminal. */
export function voiceOf(quietFlag: boolean, env: NodeJS.ProcessEnv, stderrIsTty: boolean): Voice {
  if (quietFlag) return 'silent';
  return env.CI || !stderrIsTty ? 'lines' : 'tty';
}

/** Colour when stdout is a terminal, unless NO_COLOR is set to anything but the empty string (no-color.org). */
export function colorOf(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  return stdoutIsTty && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '');
}

/**
 * Exit code of a process whose output reader went away: 128 + SIGPIPE (13), what a shell reports for
 * a Unix tool stopped by SIGPIPE (`smets1 report r.json --format junit | head -3`).
 */
export const BROKEN_PIPE_EXIT = 141;

/**
 * Makes a closed reader of `stream` (EPIPE: `| head` exited) stop the process quietly with
 * {@link BROKEN_PIPE_EXIT}, as SIGPIPE stops a Unix tool, rather than an unhandled `write EPIPE`
 * error; any other stream error is left to node. Returns a function that removes the listener.
 */
export function stopQuietlyOnBrokenPipe(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') return exit(BROKEN_PIPE_EXIT);
    stream.removeListener('error', onError);
    // not a closed reader: rethrown as node would have without this listener
    throw err;
  };
  stream.on('error', onError);
  return () => stream.removeListener('error', onError);
}

let pipesGuarded = false;

/** The process-backed CliIo used by bin/smets1.js; `--quiet` (or `-q`) anywhere in argv silences progress and phases. */
export function processIo(argv: readonly string[] = []): CliIo {
  if (!pipesGuarded) {
    pipesGuarded = true;
    stopQuietlyOnBrokenPipe(process.stdout);
    stopQuietlyOnBrokenPipe(process.stderr);
  }
  const voice = voiceOf(
    argv.includes('--quiet') || argv.includes('-q'),
    process.env,
    Boolean(process.stderr.isTTY),
  );
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    quiet: voice !== 'tty',
    voice,
    color: colorOf(process.env, Boolean(process.stdout.isTTY)),
  };
}
