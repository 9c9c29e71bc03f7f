import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../harness/cli/io';
import { main } from '../../harness/cli/main';

/** Runs the real CLI in-process with captured output. */
export async function runCli(
  argv: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd,
    quiet: true,
  });
  return { code, out: out.join(''), err: err.join('') };
}

/** A CliIo that captures stdout and stderr, in a fresh temporary working folder named after `prefix`. */
export function captureIo(
  prefix: string,
  voice?: CliIo['voice'],
): { io: CliIo; cwd: string; out: () => string; err: () => string } {
  const cwd = mkdtempSync(join(tmpdir(), `smets1-${prefix}-`));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd,
    quiet: true,
    ...(voice ? { voice } : {}),
  };
  return { io, cwd, out: () => out.join(''), err: () => err.join('') };
}
