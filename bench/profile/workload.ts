import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { findSourceMap } from 'node:module';
import { BENCH_AT, estateWorkload, krpWorkload } from '../workloads';

// One hot path repeated for a number of seconds, profiled by V8's CPU profiler (the profiler behind
// `node --cpu-prof`, started through node:inspector once the setup is done so only the loop is
// sampled). Usage: node -r tsx/cjs bench/profile/workload.ts <send|perform|estate> <seconds> [out]

/** The hot paths bench/profile/profile.ts knows how to profile. */
export const PROFILE_PATHS = ['send', 'perform', 'estate'] as const;
/** One of PROFILE_PATHS. */
export type ProfilePath = (typeof PROFILE_PATHS)[number];

/** Hooks called around the timed loop (after setup). */
export interface LoopHooks {
  start(): void;
  stop(): void;
}

const NO_HOOKS: LoopHooks = { start: () => undefined, stop: () => undefined };

/** Runs `path` for about `seconds` of wall-clock time (after its setup) and returns the op count. */
export function runWorkload(
  path: ProfilePath,
  seconds: number,
  hooks: LoopHooks = NO_HOOKS,
): { ops: number; seconds: number } {
  const done = (ops: number, t0: number) => {
    hooks.stop();
    return { ops, seconds: (performance.now() - t0) / 1000 };
  };
  if (path === 'estate') {
    const { run, tasks } = estateWorkload(Math.max(2048, Math.round(seconds * 20_000)));
    hooks.start();
    const t0 = performance.now();
    let ops = 0;
    for (const task of tasks) {
      ops += run(task).requests;
      if (performance.now() - t0 > seconds * 1000) break;
    }
    return done(ops, t0);
  }
  const w = krpWorkload();
  if (path === 'send') {
    // Sends are single-use (the pre-command is consumed): prepare enough, then time only the Sends.
    const sends = w.prepareSends(Math.max(500, Math.round(seconds * 4000)));
    hooks.start();
    const t0 = performance.now();
    let ops = 0;
    for (const s of sends) {
      if (w.dcc.submit(s).outcome !== 'accepted') throw new Error('profile: 6.15.1 send refused');
      ops++;
      if ((ops & 63) === 0 && performance.now() - t0 > seconds * 1000) break;
    }
    return done(ops, t0);
  }
  hooks.start();
  const t0 = performance.now();
  let ops = 0;
  while (performance.now() - t0 < seconds * 1000) {
    const v = w.dcc.perform({ request: w.request(BigInt(ops + 1)), at: BENCH_AT }, w.signer);
    if (v.outcome !== 'accepted') throw new Error('profile: 6.15.1 refused');
    ops++;
  }
  return done(ops, t0);
}

interface SampledProfile {
  readonly nodes: { callFrame: { url: string; lineNumber: number; columnNumber: number } }[];
}

/** Maps each frame's position in the transpiled code back to the TypeScript source (tsx source maps). */
function toSourcePositions(profile: SampledProfile): SampledProfile {
  for (const { callFrame: f } of profile.nodes) {
    if (!f.url || f.lineNumber < 0) continue;
    const entry = findSourceMap(f.url)?.findEntry(f.lineNumber, f.columnNumber);
    if (entry && 'originalLine' in entry) {
      f.lineNumber = entry.originalLine;
      f.columnNumber = entry.originalColumn;
    }
  }
  return profile;
}

if (require.main === module) {
  const path = process.argv[2] as ProfilePath;
  const seconds = Number(process.argv[3] ?? '5');
  if (!PROFILE_PATHS.includes(path) || !(seconds > 0)) {
    process.stderr.write(`usage: workload.ts <${PROFILE_PATHS.join('|')}> <seconds>\n`);
    process.exitCode = 2;
  } else {
    const out = process.argv[4];
    const session = new Session();
    let profile: unknown;
    const hooks: LoopHooks = {
      start: () => {
        if (!out) return;
        session.connect();
        session.post('Profiler.enable');
        session.post('Profiler.setSamplingInterval', { interval: 200 });
        session.post('Profiler.start');
      },
      stop: () => {
        if (!out) return;
        // The in-thread session answers synchronously: the profile is set before post returns.
        session.post('Profiler.stop', (err, result) => {
          if (err) throw err;
          profile = result.profile;
        });
        session.disconnect();
      },
    };
    const r = runWorkload(path, seconds, hooks);
    if (out) writeFileSync(out, JSON.stringify(toSourcePositions(profile as SampledProfile)));
    process.stdout.write(`${JSON.stringify({ path, ...r, perSecond: r.ops / r.seconds })}\n`);
  }
}
