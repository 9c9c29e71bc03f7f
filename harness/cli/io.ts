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
  | 'ERR_GBCS_UNSIGNED';

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

/** The process-backed CliIo used by bin/smets1.js; `--quiet` (or `-q`) anywhere in argv silences progress and phases. */
export function processIo(argv: readonly string[] = []): CliIo {
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
