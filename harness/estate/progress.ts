import type { EstateProgress } from './types';

/** Renders one progress line: policy, a bar, meters done of total, percent. Pure (no I/O). */
export function formatProgress(p: EstateProgress, width = 30, elapsedMs?: number): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(share * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `estate [${p.policyIndex + 1}/${p.policies}] ${p.policy.padEnd(12)} [${bar}] ${p.done}/${p.total} meters ${(share * 100).toFixed(0).padStart(3)}%${elapsedMs === undefined ? '' : timing(p, elapsedMs)}`;
}

/** `m:ss` of a duration in milliseconds. */
function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Elapsed time of the policy, its rate in meters per second and the time left at that rate. */
function timing(p: EstateProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? ((p.total - p.done) / rate) * 1000 : 0;
  return ` ${clock(elapsedMs)} ${Math.round(rate)} meters/s ETA ${clock(eta)}`;
}

/** Tracks when each policy of the campaign started (its first report). */
function policyClock(now: () => number): (p: EstateProgress) => number {
  let policy = -1;
  let start = 0;
  return (p) => {
    if (p.policyIndex !== policy) {
      policy = p.policyIndex;
      start = now();
    }
    return now() - start;
  };
}

/**
 * A progress reporter for logs (CI, pipes): one line when each policy finishes, and a heartbeat
 * line every `heartbeatMs` in between, so a long campaign is never silent.
 */
export function createProgressLines(
  write: (text: string) => void,
  now: () => number,
  heartbeatMs = 30_000,
): (p: EstateProgress) => void {
  const elapsed = policyClock(now);
  let last = now();
  return (p) => {
    const ms = elapsed(p);
    const finished = p.done >= p.total;
    if (!finished && now() - last < heartbeatMs) return;
    last = now();
    write(`smets1 estate: ${formatProgress(p, 10, ms).replace(/^estate /, '')}\n`);
  };
}

/**
 * A progress reporter redrawing one line on a terminal stream at most every `intervalMs`
 * (the clock is injected); a final newline when a policy completes.
 */
export function createProgressBar(
  write: (text: string) => void,
  now: () => number,
  intervalMs = 200,
): (p: EstateProgress) => void {
  let last = -Infinity;
  const elapsed = policyClock(now);
  return (p) => {
    const finished = p.done >= p.total;
    const ms = elapsed(p);
    const t = now();
    if (!finished && t - last < intervalMs) return;
    last = t;
    write(`\r${formatProgress(p, 30, ms)}${finished ? '\n' : ''}`);
  };
}
