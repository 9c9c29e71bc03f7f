import { fileReadReason, isCodedError, jsonErrorText } from '../../certs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lockOutput, writeFileAtomic } from '../io';
import { CliError, type CliIo } from './io';

/** Reads a file relative to the CLI working directory; unreadable files are a coded CLI error (exit 2). */
export function readInputFile(io: CliIo, file: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `cannot read ${file}: ${fileReadReason(cause)}`, 2, { cause });
  }
}

/** Writes a file relative to the CLI working directory atomically, creating folders; failures are coded (exit 2). */
export function writeOutputFile(io: CliIo, file: string, content: string | Uint8Array): string {
  const path = resolve(io.cwd, file);
  try {
    writeFileAtomic(path, content);
    return path;
  } catch (cause) {
    if (isCodedError(cause)) throw cause;
    throw new CliError(
      'ERR_CLI_WRITE',
      `cannot write ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      2,
      { cause },
    );
  }
}

/** Parses a JSON file, with a coded error naming the file. */
export function readJsonFile(io: CliIo, file: string): unknown {
  const text = readInputFile(io, file).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CliError('ERR_CLI_JSON', `${file} is not valid JSON: ${jsonErrorText(text, cause)}`, 2, {
      cause,
    });
  }
}

/**
 * Runs `body` holding the lock of output `out` (when given), taken before any work so a second run
 * writing the same output is refused at once with ERR_OUT_LOCKED (docs/reliability.md).
 */
export async function withOutputLock<T>(
  io: CliIo,
  out: string | undefined,
  command: string,
  body: () => Promise<T>,
): Promise<T> {
  if (out === undefined) return body();
  const lock = lockOutput(resolve(io.cwd, out), command);
  try {
    return await body();
  } finally {
    lock.release();
  }
}

/**
 * The line a command writing a set of files prints when its output folder held other entries
 * (another command's output, the user's files): they are left in place, never deleted, and what
 * it wrote (`what`: `this report`) does not refer to them. Empty when there are none.
 */
export function keptNotice(dir: string, kept: readonly string[], what = 'this report', max = 10): string {
  if (kept.length === 0) return '';
  const names = kept.slice(0, max).join(', ');
  const more = kept.length > max ? ` and ${kept.length - max} more` : '';
  const entries = kept.length === 1 ? '1 entry' : `${kept.length} entries`;
  return `left ${entries} already in ${dir}/ that ${what} does not refer to (an earlier run's output or your own; delete them or choose another --out): ${names}${more}\n`;
}

/**
 * What a command that wrote a report set into `dir` prints: the three files, then the entries of
 * the folder it left ({@link keptNotice}).
 */
export function wroteReportsLines(
  dir: string,
  written: {
    readonly json: string;
    readonly junit: string;
    readonly html: string;
    readonly kept: readonly string[];
  },
): string {
  return `wrote ${written.json}\nwrote ${written.junit}\nwrote ${written.html}\n${keptNotice(dir, written.kept)}`;
}
