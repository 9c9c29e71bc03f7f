/** A measured throughput: operations over elapsed seconds. */
export interface Rate {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
}

/**
 * Runs `op` in batches until `seconds` have passed (after a short warm-up) and returns the rate.
 * `op` receives the running index so it can pick pre-built inputs.
 */
export function measureRate(op: (i: number) => void, seconds: number, batch = 64): Rate {
  const warmUntil = performance.now() + Math.min(250, seconds * 100);
  let i = 0;
  while (performance.now() < warmUntil) op(i++);
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    for (let k = 0; k < batch; k++) op(i++);
    ops += batch;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
  return { ops, seconds: elapsed, perSecond: ops / elapsed };
}
