/** The run's voice on stderr: one line per finished phase with its elapsed time, and the command's total. */
import type { CliIo } from './io';

/** Seconds with one decimal, e.g. `12.3 s`; minutes past 100 s, e.g. `13 min 04 s`. */
export function formatElapsed(ms: number): string {
  const s = ms / 1000;
  if (s < 100) return `${s.toFixed(1)} s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** `1 policy`, `7 policies`: a count with its noun in the right number. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** True when the command should print phase and total lines (not --quiet, not an in-process caller). */
export function speaks(io: CliIo): boolean {
  return io.voice === 'tty' || io.voice === 'lines';
}

/**
 * Runs one phase of a command and, unless silent, prints one line when it ends:
 * `smets1 demo: cases: 1904 (7 policies) in 5.2 s`. `summary` turns the result into the line's facts.
 */
export async function phase<T>(
  io: CliIo,
  command: string,
  name: string,
  body: () => Promise<T> | T,
  summary?: (result: T) => string,
  now: () => number = () => performance.now(),
): Promise<T> {
  const start = now();
  const result = await body();
  if (speaks(io)) {
    const facts = summary ? `${summary(result)} ` : '';
    io.stderr(`smets1 ${command}: ${name}: ${facts}in ${formatElapsed(now() - start)}\n`);
  }
  return result;
}
