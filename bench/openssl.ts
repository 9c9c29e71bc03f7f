import { execFile } from 'node:child_process';

/** OpenSSL's ECDSA P-256 sign and verify rates on one core. */
export interface OpensslSpeed {
  readonly signPerSecond: number;
  readonly verifyPerSecond: number;
  readonly version: string;
}

/** Parses the `nistp256` line of `openssl speed ecdsap256` output; undefined when absent. */
export function parseOpensslSpeed(
  output: string,
): { signPerSecond: number; verifyPerSecond: number } | undefined {
  const m = /\(nistp256\)\s+([\d.]+)s\s+([\d.]+)s\s+([\d.]+)\s+([\d.]+)/.exec(output);
  if (!m) return undefined;
  return { signPerSecond: Number(m[3]), verifyPerSecond: Number(m[4]) };
}

function run(args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('openssl', [...args], { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`openssl ${args.join(' ')} failed: ${err.message}`, { cause: err }));
      else resolve(`${stdout}\n${stderr}`);
    });
  });
}

/** Runs `openssl speed -seconds S ecdsap256` (the baseline of every crypto figure) and parses it. */
export async function opensslSpeed(seconds: number): Promise<OpensslSpeed> {
  const version = (await run(['version'], 10_000)).trim().split('\n')[0] ?? 'openssl';
  const out = await run(['speed', '-seconds', String(seconds), 'ecdsap256'], (seconds * 2 + 30) * 1000);
  const parsed = parseOpensslSpeed(out);
  if (!parsed) throw new Error(`cannot parse openssl speed output: ${out.slice(0, 200)}`);
  return { ...parsed, version };
}
