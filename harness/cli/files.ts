import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError, type CliIo } from './io';

/** Reads a file relative to the CLI working directory; unreadable files are a coded CLI error (exit 2). */
export function readInputFile(io: CliIo, file: string): Buffer {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch (cause) {
    throw new CliError(
      'ERR_CLI_FILE',
      `cannot read ${file}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      2,
      { cause },
    );
  }
}

/** Writes a file relative to the CLI working directory, creating folders; failures are coded (exit 2). */
export function writeOutputFile(io: CliIo, file: string, content: string | Uint8Array): string {
  const path = resolve(io.cwd, file);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return path;
  } catch (cause) {
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
    throw new CliError('ERR_CLI_JSON', `${file} is not valid JSON: ${(cause as Error).message}`, 2, {
      cause,
    });
  }
}
