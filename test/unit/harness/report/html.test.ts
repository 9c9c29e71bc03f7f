import { generateKeyPairSync } from 'node:crypto';
import { caseAnchor, toHtml, type RunReport } from '../../../../harness/report';
import { sequenceDiagram } from '../../../../harness/report/html-analyst';
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

  it('names the target once when its name is its kind (the in-process reference)', () => {
    const meta = (name: string): string =>
      /<p class="meta">Target (.*?) · /.exec(toHtml({ ...sampleReport(), target: { kind: 'reference', name } }))![1]!;
    expect(meta('reference')).toBe('<strong>reference</strong>');
    expect(meta('in-process twin')).toBe('<strong>in-process twin</strong> (reference)');
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
    expect(count(html, /<td class="cell v-fail[ "]/g)).toBe(2);
    expect(count(html, /<td class="cell v-harness-error[ "]/g)).toBe(1);
  });

  it('puts in each matrix cell what the implementation answered per step, code and stage included', () => {
    const report = sampleReport();
    const page = toHtml({
      ...report,
      cases: report.cases.map((c) =>
        c.id === 'KRP-MIS-002' && c.policy === 'corrective'
          ? { ...c, steps: [{ ...c.steps[0]!, actual: 'rejected E4 GATE_NOT_REGISTERED (alternative 2 matched)', stage: 'gate' }] }
          : c,
      ),
    });
    expect(page).toMatch(
      /<td class="cell v-fail differs"><a href="#case-KRP-MIS-002-corrective"[^>]*><span class="o rej">✗ E4 GATE_NOT_REGISTERED @ gate<\/span><\/a><\/td>/,
    );
    // Legacy is the baseline: never marked as differing; a cell whose outcomes equal legacy's is not marked.
    expect(page).not.toMatch(/<td class="cell [^"]*differs"><a href="#case-[^"]+-legacy"/);
    expect(page).toMatch(/<td class="cell v-pass"><a href="#case-KRP-MIS-001-relaxed"/);
  });

  it('groups matrix rows under their first tag, collapsed, each group saying how many rows differ from legacy', () => {
    const gas = html.indexOf('<details class="mgroup" data-group="gas">');
    const misplaced = html.indexOf('<details class="mgroup" data-group="misplaced">');
    expect(gas).toBeGreaterThan(0);
    expect(misplaced).toBeGreaterThan(gas);
    const row = html.indexOf('data-search="krp-gas-001');
    expect(row).toBeGreaterThan(gas);
    expect(row).toBeLessThan(misplaced);
    expect(html).toContain('3 scenarios, 1 differ from legacy');
  });

  it('links every run cell to the case column of its scenario, which exists once', () => {
    const links = [...html.matchAll(/<td class="cell [^"]+"[^>]*><a href="#([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toHaveLength(10);
    for (const id of links) expect(count(html, new RegExp(`<th scope="col" id="${id}"`, 'g'))).toBe(1);
    expect(links).toContain('case-KRP-MIS-002-legacy');
  });

  it('has an options page with one row per policy: broken invariants, verdicts differing from legacy, estate', () => {
    const rows = [...html.matchAll(/<tr data-policy="([^"]+)"><th scope="row">[^<]+<\/th><td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['legacy', 'relaxed', 'corrective']);
    expect(html).toContain('<a class="inv-broken" href="#cx-legacy-LIVE-REPAIR">LIVE-REPAIR</a>');
    expect(html).toMatch(/<tr data-policy="corrective">.*?<strong>2<\/strong>/);
  });

  it('makes anchors safe for hostile ids', () => {
    expect(caseAnchor('a b"<c>', 'p/q')).toBe('case-a_b__c_-p_q');
  });

  it('shows the actual outcome per step, and the expectation where they differ', () => {
    expect(html).toContain('<span class="detail">expected rejected E4 GATE_NOT_REGISTERED</span>');
    expect(html).toContain('rejected E4 X &amp; Y');
    expect(count(html, /<td class="mono mismatch"/g)).toBe(2);
  });

  it('lists the alternatives of a oneOf step, escaped, with why each did not match', () => {
    expect(html).toContain(
      '<ol class="alternatives"><li>accepted: no (outcome rejected, expected accepted)</li>' +
        '<li>rejected E061507 &lt;sig&gt;: no (DUIS code E4, expected E061507)</li></ol>',
    );
  });

  it('shows findings as a policy x invariant grid, a broken cell opening its counterexample with replay and state', () => {
    expect(html).toContain('<td class="fg broken"><a href="#cx-legacy-LIVE-REPAIR"');
    expect(count(html, /<td class="fg kept"/g)).toBe(2);
    expect(html).toContain('<details class="cx" id="cx-legacy-LIVE-REPAIR">');
    expect(html).toContain('smets1 replay counterexamples/legacy-live-repair.json');
    expect(html).toContain('<a href="counterexamples/legacy-live-repair.json" download>');
    const report = sampleReport();
    const withState = toHtml({
      ...report,
      findings: report.findings.map((f) =>
        f.counterexample
          ? {
              ...f,
              counterexample: {
                ...f.counterexample,
                steps: f.counterexample.steps.map((s) => ({ ...s, state: [{ name: 'M1 cells', value: 'networkOperator/DS/management=NO-B' }] })),
              },
            }
          : f,
      ),
    });
    expect(count(withState, /<dl class="state"><dt>M1 cells<\/dt><dd>networkOperator\/DS\/management=NO-B<\/dd><\/dl>/g)).toBe(2);
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
      waivers: [...report.waivers, { policy: 'legacy', waiver: 'vendor-shortcut', description: 'undeclared', uses: 193, declared: false }],
    });
    expect(page).toContain('Used but <strong>not declared</strong> by legacy (1)');
    // One badge in the waivers section, one on the options page (+193 undeclared).
    expect(count(page, /class="badge undeclared"/g)).toBe(2);
    expect(page).toContain('<span class="badge undeclared">+193 undeclared</span>');
    expect(page).toMatch(/<table class="waivers undeclared">.*vendor-shortcut.*193.*UNDECLARED/);
  });

  it("shows the gate's built-in SMETS2 rule as built in, neither declared by the policy nor undeclared", () => {
    const report = sampleReport();
    const page = toHtml({
      ...report,
      waivers: [...report.waivers, { policy: 'legacy', waiver: 'smets2-device', description: 'the gate', uses: 7, builtIn: true }],
    });
    expect(page).not.toContain('Used but <strong>not declared</strong> by legacy');
    expect(page).not.toContain('+7 undeclared');
    expect(page).toMatch(/<table class="waivers builtin">.*smets2-device.*7.*BUILT-IN/);
    expect(page).toContain('+7 built-in');
  });

  it('draws a counterexample as a sequence diagram: party, DCC and meter lifelines, refusals back to the party', () => {
    const svg = sequenceDiagram([
      { label: 'NO-B 6.15.1 NetworkOperator -> M1 installing NO-A', outcome: 'rejected E4 GATE_NOT_REGISTERED', actor: 'NO-B', device: 'M1' },
      { label: 'registration: NO-B becomes the registered networkOperator of M1', outcome: 'done' },
      { label: 'NO-B 6.15.1 NetworkOperator -> M1 installing NO-A', outcome: 'accepted', actor: 'NO-B', device: 'M1' },
    ]);
    expect(count(svg, /<rect class="lane"/g)).toBe(3);
    expect(svg).toContain('>1. 6.15.1 NetworkOperator</text>');
    expect(count(svg, /<line class="msg bad"/g)).toBe(1);
    expect(count(svg, /<line class="msg ok"/g)).toBe(1);
    expect(svg).toContain('<text class="note"');
    expect(sequenceDiagram([{ label: 'start: misplaced meter', outcome: 'stuck' }])).toBe('');
  });
});
