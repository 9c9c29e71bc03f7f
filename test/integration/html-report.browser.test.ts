import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { writeReports } from '../../harness/report';
import { sampleReport } from '../unit/harness/report/sample-report';
import { browserLaunch } from '../support/browser';

const SCREENSHOT = join(tmpdir(), 'smets1-html-report.png');

let browser: Browser | undefined;
let page: Page;
const requests: string[] = [];

beforeAll(async () => {
  const { html } = await writeReports(sampleReport(), mkdtempSync(join(tmpdir(), 'smets1-html-')));
  const launch = browserLaunch();
  browser = await chromium.launch({
    executablePath: launch.executablePath,
    args: [...launch.args],
    headless: true,
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (r) => void requests.push(r.url()));
  await page.goto(pathToFileURL(html).href);
});

afterAll(async () => {
  await browser?.close();
});

/** Computed background colour of the first element matching a selector (an expression string: no DOM types needed). */
const background = async (selector: string): Promise<string> =>
  String(
    await page.evaluate(
      `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`,
    ),
  );

describe('HTML report in headless Chromium', () => {
  it('renders the matrix with one cell per scenario and policy, coloured by verdict', async () => {
    const cells = page.locator('table.matrix td.cell');
    expect(await cells.count()).toBe(12);
    expect(await page.locator('table.matrix td.cell.v-pass').count()).toBe(5);
    expect(await page.locator('table.matrix td.cell.v-fail').count()).toBe(2);
    expect(await page.locator('table.matrix td.cell.v-none').count()).toBe(2);
    const passBg = await background('td.cell.v-pass a');
    const failBg = await background('td.cell.v-fail a');
    expect(passBg).toMatch(/^rgb/);
    expect(passBg).not.toBe(failBg);
  });

  it('shows hostile titles as text, never as markup', async () => {
    expect(await page.locator('script').count()).toBe(1);
    await expect(page.locator('#scn-KRP-MIS-002 > summary').textContent()).resolves.toContain(
      '<script>alert("x")</script>',
    );
  });

  it('opens the case detail when its matrix cell is clicked', async () => {
    const detail = page.locator('#scn-KRP-MIS-002');
    const steps = detail.locator('table.steps');
    expect(await detail.getAttribute('open')).toBeNull();
    expect(await steps.isVisible()).toBe(false);
    await page.locator('details.mgroup[data-group="misplaced"] > summary').click();
    await page.locator('table.matrix a[href="#case-KRP-MIS-002-legacy"]').click();
    expect(await detail.getAttribute('open')).toBe('');
    expect(await steps.isVisible()).toBe(true);
    expect(await page.locator('#case-KRP-MIS-002-legacy').isVisible()).toBe(true);
    expect(await steps.locator('td.mismatch').count()).toBe(2);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('hides passing cases with the filter and shows the estate chart', async () => {
    await page.locator('#only-problems').check();
    expect(await page.locator('details.case.v-pass').first().isVisible()).toBe(false);
    expect(await page.locator('details.case.v-fail').first().isVisible()).toBe(true);
    expect(await page.locator('details.case.v-harness-error').first().isVisible()).toBe(true);
    expect(await page.locator('#estate svg rect.repaired').count()).toBe(2);
  });

  it('loads nothing but the file itself', () => {
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
});
