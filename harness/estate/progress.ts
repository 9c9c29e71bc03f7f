import type { EstateProgress } from './types';

/** Renders one progress line: policy, a bar, meters done of total, percent. Pure (no I/O). */
export function formatProgress(p: EstateProgress, width = 30): string {
  const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(share * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `estate [${p.policyIndex + 1}/${p.policies}] ${p.policy.padEnd(12)} [${bar}] ${p.done}/${p.total} meters ${(share * 100).toFixed(0).padStart(3)}%`;
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
  return (p) => {
    const finished = p.done >= p.total;
    const t = now();
    if (!finished && t - last < intervalMs) return;
    last = t;
    write(`\r${formatProgress(p)}${finished ? '\n' : ''}`);
  };
}
