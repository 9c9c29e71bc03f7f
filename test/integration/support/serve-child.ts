import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '..', '..', '..', 'bin', 'smets1.js');

/** A `smets1 serve` child process and its URL. */
export interface ServeChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** The bearer token the server printed (or was given). */
  readonly token: string;
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
  /** Resident set size of the child in MB (Linux /proc; undefined elsewhere). */
  rssMb(): number | undefined;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArgs] bin/smets1.js serve --port 0 [args]` (optionally under a shell prefix
 * such as `ulimit -n 256;`), resolving once it prints its URL.
 */
export function startServeChild(
  args: readonly string[],
  options: { nodeArgs?: readonly string[]; shellPrefix?: string } = {},
): Promise<ServeChild> {
  const argv = [...(options.nodeArgs ?? []), BIN, 'serve', '--port', '0', ...args];
  const child = options.shellPrefix
    ? spawn('/bin/sh', ['-c', `${options.shellPrefix} exec "$0" "$@"`, process.execPath, ...argv], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${err}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      const given = args.indexOf('--token');
      const token = given >= 0 ? args[given + 1] : /token (\S+)\n/.exec(out)?.[1];
      if (!m || token === undefined) return;
      clearTimeout(timer);
      done({
        child,
        url: m[1]!,
        token,
        stderr: () => err,
        alive: () => !exited,
        rssMb() {
          try {
            const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
            return kb === undefined ? undefined : Number(kb) / 1024;
          } catch {
            return undefined;
          }
        },
        stop: () =>
          new Promise<void>((stopped) => {
            if (exited) return stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited ${code} before listening: ${err}`));
    });
  });
}
