import { generateKeyPairSync } from 'node:crypto';
import { caseAnchor, toHtml, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport } from './sample-report';

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

describe('toHtml', () => {
  const html = toHtml(sampleReport());

  it('is one document with exactly one inline script and no external references', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(count(html, /<script\b/g)).toBe(1);
    expect(html).not.toMatch(/<(?:script|link|img|iframe)[^>]+(?:src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("default-src 'none'");
  });

  it('escapes every piece of report text', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<b>known</b>');
    expect(html).not.toContain('<deadlock>');
    expect(html).toContain('in-process &lt;reference&gt; &amp; &quot;friends&quot;');
  });

  it('renders a matrix cell per scenario and policy, with a placeholder where a case was not run', () => {
    expect(count(html, /<td class="cell /g)).toBe(4 * 3);
    expect(count(html, /<td class="cell v-none"/g)).toBe(2);
    expect(count(html, /<td class="cell v-fail"/g)).toBe(2);
    expect(count(html, /<td class="cell v-harness-error"/g)).toBe(1);
  });

  it('groups matrix rows under their first tag', () => {
    const gas = html.indexOf('>gas</th>');
    const misplaced = html.indexOf('>misplaced</th>');
    expect(gas).toBeGreaterThan(0);
    expect(misplaced).toBeGreaterThan(gas);
    expect(html.indexOf('KRP-GAS-001')).toBeGreaterThan(gas);
  });

  it('links every run cell to a case detail with that id', () => {
    const links = [...html.matchAll(/<td class="cell [^"]+"[^>]*><a href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(10);
    for (const id of links) expect(count(html, new RegExp(`<details class="case [^"]+" id="${id}"`, 'g'))).toBe(1);
    expect(links).toContain('case-KRP-MIS-002-legacy');
  });

  it('makes anchors safe for hostile ids', () => {
    expect(caseAnchor('a b"<c>', 'p/q')).toBe('case-a_b__c_-p_q');
  });

  it('shows expected and actual per step', () => {
    expect(html).toContain('rejected E4 GATE_NOT_REGISTERED');
    expect(html).toContain('rejected E4 X &amp; Y');
    expect(count(html, /<tr class="mismatch">/g)).toBe(2);
  });

  it('lists the alternatives of a oneOf step, escaped, with why each did not match', () => {
    expect(html).toContain(
      '<ol class="alternatives"><li>accepted: no (outcome rejected, expected accepted)</li>' +
        '<li>rejected E061507 &lt;sig&gt;: no (DUIS code E4, expected E061507)</li></ol>',
    );
  });

  it('lists findings per policy with the counterexample and replay file', () => {
    expect(html).toContain('LIVE-REPAIR');
    expect(html).toContain('BROKEN');
    expect(html).toContain('smets1 replay counterexamples/legacy-live-repair.json');
    expect(html).toMatch(/legacy <span class="meta">1\/2 invariants kept/);
  });

  it('lists waivers declared and used, and strict policies', () => {
    expect(html).toContain('W-MISPLACED-NO');
    expect(html).toContain('UNUSED');
    expect(html).toContain('No waivers declared');
  });

  it('draws estate bars only when the report has an estate', () => {
    expect(count(html, /<rect class="repaired"/g)).toBe(2);
    expect(toHtml({ ...sampleReport(), estate: undefined })).not.toContain('<svg');
  });

  it('never prints a private key', () => {
    // A key made for this test only: its PEM in a failure reason must not reach the page.
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'sec1', format: 'pem' })
      .toString();
    const body = pem.split('\n')[1]!;
    const report: RunReport = { ...sampleReport(), cases: [caseResult('A', 'legacy', 'FAIL', { reason: pem })] };
    const page = toHtml(report);
    expect(page).not.toContain(body);
    expect(page).not.toContain(body.slice(10, 40));
    expect(page).toContain('[private key redacted]');
  });

  it('greys a zero verdict chip and counts declared deviations apart in the banner', () => {
    const report = sampleReport();
    const failing = new Set(['FAIL', 'HANG', 'HARNESS_ERROR']);
    const page = toHtml({
      ...report,
      cases: report.cases.map((c) => (failing.has(c.verdict) ? { ...c, deviation: { reason: 'declared' } } : c)),
    });
    expect(page).toContain('<li class="chip zero">0 HARNESS_ERROR</li>');
    expect(page).toContain('<li class="chip v-deviation">4 expected deviations</li>');
    expect(page).toContain('All 9 cases run met expectations (4 expected deviations, declared in the manifest); 1 skipped');
    expect(page).not.toContain('cases failed');
    expect(html).toContain('<li class="chip v-harness-error">1 HARNESS_ERROR</li>');
    expect(html).toContain('4 of 10 cases failed');
  });

  it('flags waivers used but not declared apart from declared ones', () => {
    const report = sampleReport();
    const page = toHtml({
      ...report,
      waivers: [...report.waivers, { policy: 'legacy', waiver: 'smets2-device', description: 'built in', uses: 193, declared: false }],
    });
    expect(page).toContain('Used but <strong>not declared</strong> by legacy (1)');
    expect(count(page, /class="badge undeclared"/g)).toBe(1);
    expect(page).toMatch(/<table class="waivers undeclared">.*smets2-device.*193.*UNDECLARED/);
  });
});
