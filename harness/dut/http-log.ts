/** How `smets1 serve` logs requests: a periodic summary (default), every request, or nothing. */
export type RequestLogMode = 'summary' | 'requests' | 'off';

/** The request log modes, for option parsing. */
export const REQUEST_LOG_MODES: readonly RequestLogMode[] = ['summary', 'requests', 'off'];

/** A request logger: `request` is called once per answered request, `note` for other events. */
export interface RequestLog {
  request(method: string, path: string, status: number, ms: number): void;
  note(line: string): void;
  /** Writes the pending summary line (if any) and stops the timer. */
  close(): void;
}

/**
 * Creates a request logger writing to `sink`: in `summary` mode one line per `every` requests or
 * per `intervalMs` with traffic (counts by status class, slowest answer), so sustained load writes
 * a few lines a minute instead of one per request; `requests` writes one line per request.
 */
export function createRequestLog(
  mode: RequestLogMode,
  sink: (line: string) => void,
  options: { every?: number; intervalMs?: number; now?: () => number } = {},
): RequestLog {
  const every = options.every ?? 10_000;
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  let counts = { total: 0, s2: 0, s4: 0, s5: 0, other: 0, slowest: 0 };
  let since = now();
  const flush = (): void => {
    if (counts.total === 0) return;
    const secs = Math.max(0.001, (now() - since) / 1000);
    sink(
      `${counts.total} requests in ${secs.toFixed(1)} s: ${counts.s2} 2xx, ${counts.s4} 4xx, ${counts.s5} 5xx${counts.other ? `, ${counts.other} other` : ''}; slowest ${counts.slowest.toFixed(1)} ms`,
    );
    counts = { total: 0, s2: 0, s4: 0, s5: 0, other: 0, slowest: 0 };
    since = now();
  };
  const timer = mode === 'summary' ? setInterval(flush, intervalMs) : undefined;
  timer?.unref();
  return {
    request(method, path, status, ms) {
      if (mode === 'off') return;
      if (mode === 'requests') {
        sink(`${method} ${path} ${status} ${ms}ms`);
        return;
      }
      counts.total += 1;
      const cls = Math.floor(status / 100);
      if (cls === 2) counts.s2 += 1;
      else if (cls === 4) counts.s4 += 1;
      else if (cls === 5) counts.s5 += 1;
      else counts.other += 1;
      counts.slowest = Math.max(counts.slowest, ms);
      if (counts.total >= every) flush();
    },
    note(line) {
      if (mode !== 'off') sink(line);
    },
    close() {
      if (timer) clearInterval(timer);
      if (mode === 'summary') flush();
    },
  };
}
