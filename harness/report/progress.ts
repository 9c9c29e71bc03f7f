/** Options of a progress display: the number of ticks expected, quiet mode (CI) and the sink. */
export interface ProgressOptions {
  readonly total: number;
  readonly quiet: boolean;
  readonly write: (text: string) => void;
  /** A millisecond clock: when given, the bar shows elapsed time, rate and ETA. */
  readonly now?: () => number;
}

/** `m:ss` for a duration in milliseconds. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A progress display: `tick` after each unit of work, `done` once at the end. */
export interface Progress {
  tick(label?: string): void;
  done(): void;
}

const BAR_WIDTH = 24;
const LABEL_WIDTH = 40;

function fit(label: string): string {
  const flat = label.replace(/\s+/g, ' ');
  return flat.length > LABEL_WIDTH ? `${flat.slice(0, LABEL_WIDTH - 1)}…` : flat.padEnd(LABEL_WIDTH);
}

/**
 * A one-line `\r` progress bar for long runs on a terminal; writes nothing at all when quiet
 * (CI, --quiet, not a TTY), so logs stay clean.
 */
export function createProgress(opts: ProgressOptions): Progress {
  const total = Math.max(0, Math.floor(opts.total));
  let n = 0;
  let finished = false;
  let shown = false;
  const started = opts.now?.();
  const timing = (): string => {
    if (opts.now === undefined || started === undefined) return '';
    const elapsed = opts.now() - started;
    const rate = elapsed > 0 ? (n * 1000) / elapsed : 0;
    const eta = rate > 0 ? ((total - n) / rate) * 1000 : 0;
    return ` ${clock(elapsed)} ${rate.toFixed(rate < 10 ? 1 : 0)}/s ETA ${clock(eta)}`;
  };
  const render = (label: string): void => {
    const ratio = total === 0 ? 1 : Math.min(1, n / total);
    const full = Math.round(ratio * BAR_WIDTH);
    const pct = String(Math.floor(ratio * 100)).padStart(3);
    const counter = `${String(n).padStart(String(total).length)}/${total}`;
    opts.write(`\r[${'#'.repeat(full)}${'-'.repeat(BAR_WIDTH - full)}] ${pct}% ${counter}${timing()} ${fit(label)}`);
    shown = true;
  };
  return {
    tick(label = '') {
      if (finished) return;
      n += 1;
      if (!opts.quiet) render(label);
    },
    done() {
      if (finished) return;
      finished = true;
      if (!opts.quiet && shown) opts.write('\n');
    },
  };
}
