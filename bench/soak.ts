/**
 * Soak bench: unique CV 4 / CV 5 traffic with certificates never seen before, at full rate,
 * against the reference served in a child process; RSS at start, after 30 s, peak and end, and the
 * heap after a forced GC; then the same flood at a 96 MB heap, which must not kill the server.
 * @see docs/reliability.md
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runFlood } from './flood';

const TOKEN = 'soak-token-0123456789';
const MB = 1024 * 1024;

/** Results of one soak run. */
export interface SoakResult {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSec: number;
  readonly errors: number;
  readonly rssStartMb: number;
  /** RSS 30 s into the run (or at the end of a shorter run). */
  readonly rss30sMb: number;
  readonly rssPeakMb: number;
  readonly rssEndMb: number;
  readonly heapAfterGc30sMb: number;
  readonly heapAfterGcEndMb: number;
  /** rssEndMb - rss30sMb: the target is at most +50 MB after 5 minutes. */
  readonly growthMb: number;
  /** The 96 MB-heap run: seconds, requests, and whether the server lived and answered. */
  readonly smallHeap: { readonly seconds: number; readonly requests: number; readonly survived: boolean };
}

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  ask(type: 'stats' | 'rss'): Promise<{ rss: number; heapUsed?: number }>;
  alive(): boolean;
  stop(): Promise<void>;
}

function startChild(execArgv: readonly string[]): Promise<Child> {
  // run from source (tsx) or from the compiled package (dist/)
  const fromSource = __filename.endsWith('.ts');
  const proc = fork(join(__dirname, fromSource ? 'soak-server.ts' : 'soak-server.js'), [], {
    execArgv: [...(fromSource ? ['--require', 'tsx/cjs'] : []), '--expose-gc', ...execArgv],
    env: { ...process.env, SOAK_TOKEN: TOKEN },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited = false;
  proc.on('exit', () => (exited = true));
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`soak server exited ${code}`)));
    proc.once('message', (m: { type: string; url: string }) => {
      resolve({
        proc,
        url: m.url,
        alive: () => !exited,
        ask: (type) =>
          new Promise((done, fail) => {
            if (exited) return fail(new Error('soak server is gone'));
            const onMessage = (r: { type: string; rss: number; heapUsed?: number }): void => {
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

/** Runs the soak for `seconds` (then a 96 MB-heap run of at most 60 s) and reports memory figures. */
export async function runSoak(
  seconds: number,
  log: (line: string) => void = () => undefined,
): Promise<SoakResult> {
  const child = await startChild([]);
  const start = await child.ask('stats');
  let peak = start.rss;
  let at30: { rss: number; heapUsed?: number } | undefined;
  const started = Date.now();
  const sampler = setInterval(() => {
    void child.ask('rss').then(
      (r) => {
        peak = Math.max(peak, r.rss);
      },
      () => undefined,
    );
  }, 1_000);
  const thirty = setTimeout(
    () => {
      void child.ask('stats').then(
        (r) => (at30 = r),
        () => undefined,
      );
    },
    Math.min(30, seconds) * 1000 - 500,
  );
  const flood = await runFlood({
    baseUrl: child.url,
    token: TOKEN,
    untilMs: started + seconds * 1000,
    concurrency: 8,
    onTick: (n) => {
      if (n % 5000 === 0)
        log(
          `soak: ${n} requests, ${((Date.now() - started) / 1000).toFixed(0)} s, peak RSS ${(peak / MB).toFixed(0)} MB`,
        );
    },
  });
  clearInterval(sampler);
  clearTimeout(thirty);
  const end = await child.ask('stats');
  const rssEnd = (await child.ask('rss')).rss;
  peak = Math.max(peak, rssEnd);
  await child.stop();
  const mid = at30 ?? end;

  const smallSeconds = Math.min(seconds, 60);
  const small = await startChild(['--max-old-space-size=96']);
  const smallStarted = Date.now();
  let smallRequests = 0;
  let survived = true;
  try {
    const r = await runFlood({
      baseUrl: small.url,
      token: TOKEN,
      untilMs: smallStarted + smallSeconds * 1000,
      concurrency: 8,
    });
    smallRequests = r.sent;
    survived = small.alive() && (await fetch(`${small.url}/v1/health`)).status === 200;
  } catch {
    survived = false;
  }
  await small.stop();
  const smallTook = Math.round((Date.now() - smallStarted) / 1000);

  return {
    seconds,
    requests: flood.sent,
    requestsPerSec: Math.round(flood.sent / seconds),
    errors: flood.errors,
    rssStartMb: Math.round(start.rss / MB),
    rss30sMb: Math.round(mid.rss / MB),
    rssPeakMb: Math.round(peak / MB),
    rssEndMb: Math.round(rssEnd / MB),
    heapAfterGc30sMb: Math.round((mid.heapUsed ?? 0) / MB),
    heapAfterGcEndMb: Math.round((end.heapUsed ?? 0) / MB),
    growthMb: Math.round((rssEnd - mid.rss) / MB),
    smallHeap: { seconds: smallTook, requests: smallRequests, survived },
  };
}

/** The soak result as a short table. */
export function formatSoak(r: SoakResult): string {
  return [
    `soak ${r.seconds} s: ${r.requests} requests (${r.requestsPerSec}/s, ${r.errors} errors)`,
    `RSS start ${r.rssStartMb} MB, after 30 s ${r.rss30sMb} MB, peak ${r.rssPeakMb} MB, end ${r.rssEndMb} MB (growth after 30 s: ${r.growthMb >= 0 ? '+' : ''}${r.growthMb} MB; target <= +50 MB)`,
    `heap after GC: after 30 s ${r.heapAfterGc30sMb} MB, end ${r.heapAfterGcEndMb} MB`,
    `96 MB heap: ${r.smallHeap.requests} requests in ${r.smallHeap.seconds} s, server ${r.smallHeap.survived ? 'alive and answering' : 'DIED'}`,
    '',
  ].join('\n');
}
