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

/** A figure measured in rounds alternating with its baseline, so both see the same load. */
export interface PairedRate {
  readonly rate: Rate;
  readonly baseline: Rate;
  /** The median over rounds of (figure per CPU-second / baseline per CPU-second). */
  readonly ratio: number;
  /** Every round's ratio, in order (the spread shows how steady the machine was). */
  readonly ratios: readonly number[];
}

/** The rate of all `rates` together (ops, wall and CPU time summed). */
export function sumRates(rates: readonly Rate[]): Rate {
  const ops = rates.reduce((a, r) => a + r.ops, 0);
  const seconds = rates.reduce((a, r) => a + r.seconds, 0);
  const cpuSeconds = rates.reduce((a, r) => a + r.cpuSeconds, 0);
  return {
    ops,
    seconds,
    perSecond: seconds > 0 ? ops / seconds : 0,
    cpuSeconds,
    perCpuSecond: cpuSeconds > 0 ? ops / cpuSeconds : 0,
  };
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Measures `op` against `base` in `rounds` alternating rounds of `opsPerRound` and
 * `baseOpsPerRound` operations (which goes first alternates too), so a change of load or CPU
 * frequency hits figure and baseline alike. `op` receives a running index over all its rounds.
 */
export function measurePaired(
  op: (i: number) => void,
  base: (i: number) => void,
  opts: {
    readonly rounds: number;
    readonly opsPerRound: number;
    readonly baseOpsPerRound: number;
    /** Untimed, before each round of `op` (e.g. to build that round's single-use inputs). */
    readonly beforeOpRound?: (round: number) => void;
  },
): PairedRate {
  const opRates: Rate[] = [];
  const baseRates: Rate[] = [];
  let opRound = 0;
  const runOp = (): void => {
    opts.beforeOpRound?.(opRound);
    opRates.push(timedRound(opts.opsPerRound, opRound++ * opts.opsPerRound, op));
  };
  const runBase = (): void =>
    void baseRates.push(timedRound(opts.baseOpsPerRound, baseRates.length * opts.baseOpsPerRound, base));
  for (let r = 0; r < opts.rounds; r++) for (const run of roundOrder(r, runOp, runBase)) run();
  return pairedOf(opRates, baseRates);
}

/** Runs `fn` for the indices `from` to `from + ops - 1` and times them. */
function timedRound(ops: number, from: number, fn: (i: number) => void): Rate {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (let k = 0; k < ops; k++) fn(from + k);
  return rateSince(ops, start, cpu);
}

/** The two sides of round `r` in the order they run: the figure first in even rounds. */
function roundOrder<T>(r: number, op: T, base: T): readonly [T, T] {
  return r % 2 === 0 ? [op, base] : [base, op];
}

function pairedOf(opRates: readonly Rate[], baseRates: readonly Rate[]): PairedRate {
  const ratios = opRates.map((a, k) => a.perCpuSecond / (baseRates[k]!.perCpuSecond || 1));
  return { rate: sumRates(opRates), baseline: sumRates(baseRates), ratio: median(ratios), ratios };
}

/**
 * {@link measurePaired} for an operation that waits (an exchange over loopback): each round of `op`
 * awaits its operations one after another, so one is in flight at a time and the process's CPU
 * time over the round is what the operations cost, both ends of the exchange included.
 */
export async function measurePairedAsync(
  op: (i: number) => Promise<void>,
  base: (i: number) => void,
  opts: { readonly rounds: number; readonly opsPerRound: number; readonly baseOpsPerRound: number },
): Promise<PairedRate> {
  const opRates: Rate[] = [];
  const baseRates: Rate[] = [];
  const runOp = async (): Promise<void> => {
    const from = opRates.length * opts.opsPerRound;
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let k = 0; k < opts.opsPerRound; k++) await op(from + k);
    opRates.push(rateSince(opts.opsPerRound, start, cpu));
  };
  const runBase = (): Promise<void> => {
    baseRates.push(timedRound(opts.baseOpsPerRound, baseRates.length * opts.baseOpsPerRound, base));
    return Promise.resolve();
  };
  for (let r = 0; r < opts.rounds; r++) for (const run of roundOrder(r, runOp, runBase)) await run();
  return pairedOf(opRates, baseRates);
}
