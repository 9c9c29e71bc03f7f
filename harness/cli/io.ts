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
  /** True when progress output should be suppressed (CI, --quiet, not a TTY). */
  readonly quiet: boolean;
}

/** The CLI's own error codes (bad options, arguments, files). */
export type CliOwnErrorCode =
  | 'ERR_CLI_OPTION'
  | 'ERR_CLI_ARGUMENT'
  | 'ERR_CLI_FILE'
  | 'ERR_CLI_JSON'
  | 'ERR_CLI_WRITE'
  | 'ERR_CLI_LISTEN'
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

/** The process-backed CliIo used by bin/smets1.js. */
export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    quiet: Boolean(process.env.CI) || !process.stderr.isTTY,
  };
}
