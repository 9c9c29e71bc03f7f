import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estateRunReport, looksLikeEstateRun } from '../../../../harness/cli/estate-report';
import { main } from '../../../../harness/cli/main';
import type { EstatePolicyResult, EstateRun } from '../../../../harness/estate';
import { toHtml, validateReport } from '../../../../harness/report';

const result = (policy: string, repaired: number, after: number): EstatePolicyResult => ({
  policy,
  meters: 1000,
  misplaced: 100,
  repaired,
  stuck: 100 - repaired,
  requests: 300,
  refusals: { GATE_NOT_REGISTERED: 100 - repaired },
  accepted: 200,
  waivers: {},
  seconds: 1,
  requestsPerSecond: 300,
  cpuSeconds: 1,
  requestsPerCpuSecond: 300,
  installs: {
    meters: 50,
    misplaced: after - (100 - repaired),
    retries: 3,
    failed: 2,
    misplacedBefore: 100,
    misplacedAfter: after,
  },
});

const run: EstateRun = {
  seed: 'demo',
  misplacedRate: 0.1,
  installs: 50,
  results: [result('legacy', 0, 105), result('prevent-corrective', 100, 0)],
  timings: {
    workers: 1,
    runner: 'threads',
    layoutSeconds: 0,
    setupSeconds: 0,
    warmupSeconds: 0,
    totalSeconds: 2,
    peakRssBytes: 1,
  },
};

describe('an estate run as a report', () => {
  it('recognises estate.json by its shape only', () => {
    expect(looksLikeEstateRun(JSON.parse(JSON.stringify(run)))).toBe(true);
    expect(looksLikeEstateRun({ schemaVersion: 1, cases: [] })).toBe(false);
    expect(looksLikeEstateRun(null)).toBe(false);
  });

  it('is a valid run report with the estate section, the stock before and after with installations', () => {
    const report = validateReport(JSON.parse(JSON.stringify(estateRunReport(run))));
    expect(report.policies).toEqual(['legacy', 'prevent-corrective']);
    expect(report.cases).toEqual([]);
    expect(report.estate?.[0]?.installs).toEqual({
      meters: 50,
      misplaced: 5,
      retries: 3,
      failed: 2,
      misplacedBefore: 100,
      misplacedAfter: 105,
    });
    const html = toHtml(report);
    expect(html).toContain('<svg class="chart stock"');
    expect(html).toContain('100 → 105 · 50 installs, 5 misplaced, 2 refused');
    expect(html).toContain('stock 100 → 0; installs 0 misplaced, 2 refused');
  });

  it('renders with smets1 report, instead of ERR_REPORT_SCHEMA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smets1-estate-report-'));
    writeFileSync(join(dir, 'estate.json'), JSON.stringify(run));
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void err.push(t),
      cwd: dir,
      quiet: true,
    };
    expect(await main(['report', 'estate.json', '--format', 'html'], io)).toBe(0);
    expect(err.join('')).toBe('');
    expect(out.join('')).toContain('Misplaced stock before and after the campaign, installations included');
  });
});
