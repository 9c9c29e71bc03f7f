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

/** Distinct kinds of note counted per summary window; further kinds are counted as `other`. */
const MAX_NOTE_KINDS = 16;

/** The kind of a note for aggregation: its text up to the first digit or colon (`connection refused`). */
export function noteKind(line: string): string {
  return (line.split(/[:0-9]/, 1)[0] ?? '').trim().slice(0, 60) || 'note';
}

/**
 * Creates a request logger writing to `sink`: in `summary` mode one line per `every` requests or
 * per `intervalMs` with traffic (counts by status class, slowest answer), so sustained load writes
 * a few lines a minute instead of one per request; `requests` writes one line per request.
 * In `summary` mode notes are aggregated too: the first note of each kind in a window is written,
 * the rest are counted and written as one line per kind when the window closes, so a flood of
 * refused connections writes a few lines a minute.
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
  const notes = new Map<string, number>();
  const flushNotes = (secs: number): void => {
    for (const [kind, more] of notes)
      if (more > 0) sink(`${kind}: ${more} more in the last ${secs.toFixed(1)} s`);
    notes.clear();
  };
  const flush = (): void => {
    if (counts.total === 0) {
      flushNotes(Math.max(0.001, (now() - since) / 1000));
      since = now();
      return;
    }
    const secs = Math.max(0.001, (now() - since) / 1000);
    sink(
      `${counts.total} requests in ${secs.toFixed(1)} s: ${counts.s2} 2xx, ${counts.s4} 4xx, ${counts.s5} 5xx${counts.other ? `, ${counts.other} other` : ''}; slowest ${counts.slowest.toFixed(1)} ms`,
    );
    flushNotes(secs);
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
      if (mode === 'off') return;
      if (mode === 'requests') {
        sink(line);
        return;
      }
      let kind = noteKind(line);
      if (!notes.has(kind) && notes.size >= MAX_NOTE_KINDS) kind = 'other notes';
      const seen = notes.get(kind);
      if (seen === undefined) {
        notes.set(kind, 0);
        sink(kind === 'other notes' ? `other notes: ${line.slice(0, 200)}` : line);
      } else notes.set(kind, seen + 1);
    },
    close() {
      if (timer) clearInterval(timer);
      if (mode === 'summary') flush();
    },
  };
}
