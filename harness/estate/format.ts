import type { EstateRun } from './types';

const GB = 1024 ** 3;

/** A console table of an estate run: one row per policy, then refusals by code and the timings. */
export function formatEstateTable(run: EstateRun): string {
  const head = [
    'policy',
    'meters',
    'misplaced',
    'repaired',
    'stuck',
    'requests',
    'accepted',
    'refused',
    'seconds',
    'req/s',
  ];
  const rows = run.results.map((r) => [
    r.policy,
    String(r.meters),
    String(r.misplaced),
    String(r.repaired),
    String(r.stuck),
    String(r.requests),
    String(r.accepted),
    String(r.requests - r.accepted),
    r.seconds.toFixed(1),
    r.requestsPerSecond.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const refusals = run.results.map(
    (r) =>
      `  ${r.policy}: ${
        Object.entries(r.refusals)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ') || 'none'
      }`,
  );
  const t = run.timings;
  return [
    line(head),
    ...rows.map(line),
    '',
    'refusals by code:',
    ...refusals,
    '',
    `seed ${run.seed}, misplaced rate ${run.misplacedRate}, workers ${t.workers} (${t.runner}); layout ${t.layoutSeconds.toFixed(2)} s, setup ${t.setupSeconds.toFixed(2)} s, total ${t.totalSeconds.toFixed(1)} s, peak RSS ${(t.peakRssBytes / GB).toFixed(2)} GB`,
    '',
  ].join('\n');
}
