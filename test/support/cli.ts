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
