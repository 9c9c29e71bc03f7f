/** What a CLI command may touch: its output streams and the working directory, injected for tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  /** True when progress output should be suppressed (CI, --quiet, not a TTY). */
  readonly quiet: boolean;
}

/** A CLI failure with the exit code to return and a one-line coded message. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = 2,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
