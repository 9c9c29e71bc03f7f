import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { INVARIANT_IDS } from '../../harness/report';
import { PRESET_POLICIES } from '../../simulator';
import { browserLaunch } from '../support/browser';
import { runCli } from '../support/cli';

/** Screenshots kept for CI to upload as artefacts (report/ is git-ignored). */
const SHOTS = resolve(__dirname, '..', '..', 'report', 'ci');
const PRESETS = PRESET_POLICIES.map((p) => p.name);

let browser: Browser | undefined;
let page: Page;
let htmlPath: string;
const requests: string[] = [];

beforeAll(async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'smets1-analyst-'));
  // The demo as shipped (every preset, the proof), with a smaller estate to keep the test short.
  const demo = await runCli(['demo', '--out', 'report', '--estate', '400'], cwd);
  expect(demo.err).toBe('');
  expect(demo.code).toBe(0);
  htmlPath = join(cwd, 'report', 'index.html');
  mkdirSync(SHOTS, { recursive: true });
  const launch = browserLaunch();
  browser = await chromium.launch({
    executablePath: launch.executablePath,
    args: [...launch.args],
    headless: true,
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('request', (r) => void requests.push(r.url()));
  await page.goto(pathToFileURL(htmlPath).href);
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

describe("the demo's analyst report in headless Chromium", () => {
  it('weighs under 2 MB and starts with the options page, one row per policy', async () => {
    expect(statSync(htmlPath).size).toBeLessThan(2 * 1024 * 1024);
    const firstSection = await page.locator('main section.card').first().getAttribute('id');
    expect(firstSection).toBe('options');
    const rows = page.locator('table.options tbody tr');
    expect(await rows.count()).toBe(PRESETS.length);
    const names = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-policy')));
    expect(names).toEqual(PRESETS);
    // legacy breaks INV-PLACE and LIVE-REPAIR; prevent-corrective breaks none.
    await expect(page.locator('tr[data-policy="legacy"] a.inv-broken').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['INV-PLACE', 'LIVE-REPAIR']) as string[],
    );
    expect(await page.locator('tr[data-policy="prevent-corrective"] a.inv-broken').count()).toBe(0);
    await page.locator('#options').screenshot({ path: join(SHOTS, 'options.png') });
  });

  it('shows legacy x KRP-MIS-001 as rejection codes at their stage, found by the search box, groups collapsed first', async () => {
    const cell = page.locator('table.matrix a[href="#case-KRP-MIS-001-legacy"]');
    expect(await cell.isVisible()).toBe(false);
    await page.locator('#matrix-search').fill('KRP-MIS-001');
    expect(await cell.isVisible()).toBe(true);
    const lines = await cell.locator('span.o').allTextContents();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^✗ E[0-9A-Z]+ [A-Z_]+ @ [a-z-]+$/);
    expect(lines).toContain('✗ E4 GATE_NOT_REGISTERED @ gate');
    // The relaxed cell of the same row accepts the NO-B step and is marked as differing from legacy.
    const relaxed = page.locator('td.cell.differs a[href="#case-KRP-MIS-001-relaxed"]');
    expect(await relaxed.textContent()).toContain('✓ accepted · waiver');
    await page.locator('#matrix').screenshot({ path: join(SHOTS, 'matrix.png') });
    await page.locator('#matrix-search').fill('');
  });

  it('opens the case with every policy side by side when a matrix cell is clicked', async () => {
    await page.locator('#matrix-search').fill('KRP-MIS-001');
    await page.locator('table.matrix a[href="#case-KRP-MIS-001-legacy"]').click();
    const column = page.locator('#case-KRP-MIS-001-legacy');
    expect(await column.isVisible()).toBe(true);
    expect(await page.locator('#scn-KRP-MIS-001 table.steps thead th.pol').count()).toBe(PRESETS.length);
    await page.locator('#matrix-search').fill('');
  });

  it('draws the findings as a 7 x 11 policy x invariant grid', async () => {
    expect(await page.locator('table.findings-grid tbody tr').count()).toBe(PRESETS.length);
    const heads = await page.locator('table.findings-grid thead th.inv').allTextContents();
    expect(heads).toEqual([...INVARIANT_IDS]);
    expect(await page.locator('table.findings-grid td.fg').count()).toBe(
      PRESETS.length * INVARIANT_IDS.length,
    );
    expect(await page.locator('table.findings-grid td.fg.broken').count()).toBeGreaterThan(0);
    await page
      .locator('#findings table.findings-grid')
      .screenshot({ path: join(SHOTS, 'findings-grid.png') });
  });

  it('opens a broken cell onto its counterexample: a per-step state table and the replay command', async () => {
    const panel = page.locator('#cx-legacy-INV-PLACE');
    expect(await panel.getAttribute('open')).toBeNull();
    await page.locator('tr[data-policy="legacy"] td.fg.broken a[href="#cx-legacy-INV-PLACE"]').click();
    expect(await panel.getAttribute('open')).toBe('');
    const steps = panel.locator('table.cx-steps tbody tr');
    expect(await steps.count()).toBeGreaterThanOrEqual(1);
    const state = panel.locator('dl.state').first();
    expect(await state.isVisible()).toBe(true);
    const facts = await state.locator('dt').allTextContents();
    expect(facts).toEqual(
      expect.arrayContaining(['M1 registered', 'M1 cells', 'M1 counters', 'M1 supply']) as string[],
    );
    expect(await panel.locator('code.replay').textContent()).toBe(
      'smets1 replay proof-legacy-inv-place.json',
    );
    expect(await panel.locator('a[download]').getAttribute('href')).toBe('proof-legacy-inv-place.json');
    // The sequence diagram: the sender's, the DCC's and the meter's lifelines, the request and its answer.
    const seq = panel.locator('svg.seq');
    expect(await seq.isVisible()).toBe(true);
    expect(await seq.locator('rect.lane').count()).toBe(3);
    expect(await seq.locator('text').allTextContents()).toEqual(
      expect.arrayContaining(['SUP-1', 'DCC', 'M1', 'accepted']) as string[],
    );
    await panel.screenshot({ path: join(SHOTS, 'counterexample.png') });
  });

  it('draws the estate chart, one bar row per policy', async () => {
    expect(await page.locator('#estate svg.chart').isVisible()).toBe(true);
    expect(await page.locator('#estate svg rect.repaired').count()).toBe(PRESETS.length);
    await page.locator('#estate').screenshot({ path: join(SHOTS, 'estate.png') });
  });

  it('keeps only rows that differ from legacy with the filter', async () => {
    await page.locator('#matrix-differs').check();
    const hiddenSame = await page
      .locator('tr.scenario:not(.differs)')
      .evaluateAll((rows) => rows.every((r) => r.classList.contains('hidden')));
    expect(hiddenSame).toBe(true);
    expect(await page.locator('tr.scenario.differs:not(.hidden)').count()).toBeGreaterThan(0);
    await page.locator('#matrix-differs').uncheck();
    await page.screenshot({ path: join(SHOTS, 'first-screen.png') });
  });

  it('loads nothing but the file itself', () => {
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
