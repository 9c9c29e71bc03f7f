import type { EstateRun } from './types';

const GB = 1024 ** 3;

/** The stock of misplaced meters before and after per policy, when the run installed new meters. */
function installLines(run: EstateRun): string[] {
  if (!run.installs) return [];
  const head = [
    'policy',
    'misplaced before',
    'installs',
    'installed wrong',
    'retried',
    'failed',
    'misplaced after',
  ];
  const rows = run.results.map((r) => {
    const i = r.installs;
    return [
      r.policy,
      String(r.misplaced),
      String(i?.meters ?? 0),
      String(i?.misplaced ?? 0),
      String(i?.retries ?? 0),
      String(i?.failed ?? 0),
      String(i?.misplacedAfter ?? r.stuck),
    ];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  return [
    `misplaced stock with ${run.installs} new installations during the campaign:`,
    line(head),
    ...rows.map(line),
    '',
  ];
}

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
    ...installLines(run),
    `seed ${run.seed}, misplaced rate ${run.misplacedRate}${run.installs ? `, installs ${run.installs}` : ''}, workers ${t.workers} (${t.runner}); layout ${t.layoutSeconds.toFixed(2)} s, setup ${t.setupSeconds.toFixed(2)} s${t.warmupSeconds > 0 ? `, warm-up ${t.warmupSeconds.toFixed(2)} s` : ''}, total ${t.totalSeconds.toFixed(1)} s, peak RSS ${(t.peakRssBytes / GB).toFixed(2)} GB`,
    '',
  ].join('\n');
}
