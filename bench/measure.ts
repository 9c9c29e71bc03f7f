/**
 * A measured throughput. `perSecond` divides by wall-clock time; `perCpuSecond` by the process's
 * user CPU time, the divisor `openssl speed` uses by default, so ratios to OpenSSL stay fair on a
 * machine other work shares.
 */
export interface Rate {
  readonly ops: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuSeconds: number;
  readonly perCpuSecond: number;
}

/** A rate from an op count, a wall-clock start (performance.now()) and a CPU start (process.cpuUsage()). */
export function rateSince(ops: number, wallStart: number, cpuStart: NodeJS.CpuUsage): Rate {
  const seconds = (performance.now() - wallStart) / 1000;
  const cpuSeconds = process.cpuUsage(cpuStart).user / 1e6;
  return {
    ops,
    seconds,
    perSecond: ops / seconds,
    cpuSeconds,
    perCpuSecond: cpuSeconds > 0 ? ops / cpuSeconds : 0,
  };
}

/**
 * Runs `op` in batches until `seconds` of wall-clock time have passed (after a warm-up of `warmMs`) and
 * returns the rate. `op` receives the running index so it can pick pre-built inputs.
 */
export function measureRate(
  op: (i: number) => void,
  seconds: number,
  batch = 64,
  warmMs = Math.min(250, seconds * 100),
): Rate {
  const warmUntil = performance.now() + warmMs;
  let i = 0;
  while (performance.now() < warmUntil) op(i++);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const end = start + seconds * 1000;
  let ops = 0;
  while (performance.now() < end) {
    for (let k = 0; k < batch; k++) op(i++);
    ops += batch;
  }
  return rateSince(ops, start, cpu);
}
