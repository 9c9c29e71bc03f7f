/**
 * The reference served in a child process (bench/soak-server.ts), so its memory and CPU are
 * measured apart from the load generator: used by the soak and the HTTP load bench.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** What the child answers: its RSS, and for `stats` the heap after a forced GC, for `cpu` its CPU time. */
export interface ChildStats {
  readonly rss: number;
  readonly heapUsed?: number;
  readonly heapTotal?: number;
  readonly external?: number;
  readonly arrayBuffers?: number;
  /** User + system CPU time of the whole server process so far, in microseconds (`cpu`). */
  readonly cpuUs?: number;
  /** The system (kernel) part of cpuUs, in microseconds (`cpu`). */
  readonly systemUs?: number;
}

/** A running child server. */
export interface ServeChild {
  readonly proc: ChildProcess;
  readonly url: string;
  ask(type: 'stats' | 'rss' | 'cpu'): Promise<ChildStats>;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Forks bench/soak-server (from source through tsx, or compiled from dist/) with `execArgv` and the
 * bearer token `token`; resolves once it listens on loopback.
 */
export function startServeChild(
  token: string,
  execArgv: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Promise<ServeChild> {
  const fromSource = __filename.endsWith('.ts');
  const proc = fork(join(__dirname, fromSource ? 'soak-server.ts' : 'soak-server.js'), [], {
    execArgv: [...(fromSource ? ['--require', 'tsx/cjs'] : []), '--expose-gc', ...execArgv],
    env: { ...process.env, ...env, SOAK_TOKEN: token },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited = false;
  proc.on('exit', () => (exited = true));
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
    proc.once('message', (m: { type: string; url: string }) => {
      resolve({
        proc,
        url: m.url,
        alive: () => !exited,
        ask: (type) =>
          new Promise((done, fail) => {
            if (exited) return fail(new Error('server child is gone'));
            const onMessage = (r: ChildStats & { type: string }): void => {
              if (r.type !== type) return;
              proc.off('message', onMessage);
              done(r);
            };
            proc.on('message', onMessage);
            proc.send({ type });
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (exited) return done();
            proc.once('exit', () => done());
            proc.disconnect();
            setTimeout(() => proc.kill('SIGKILL'), 3_000).unref();
          }),
      });
    });
  });
}
