import { renderConsoleSummary, renderFailingCases } from '../../../../harness/report';
import type { CaseResult } from '../../../../harness/report';
import { sampleReport } from './sample-report';

describe('renderConsoleSummary', () => {
  const text = renderConsoleSummary(sampleReport());
  const lines = text.split('\n');
  const cells = (prefix: string): string[] => lines.find((l) => l.startsWith(prefix))!.trim().split(/\s+/).slice(1);

  it('names the tool and target on the first line', () => {
    expect(lines[0]).toBe('smets1-harness 0.1.0: target reference in-process <reference> & "friends"');
  });

  it('says a target whose name is its kind once: `target reference`, not `target reference reference`', () => {
    const report = sampleReport();
    const first = (name: string): string =>
      renderConsoleSummary({ ...report, target: { kind: 'reference', name } }).split('\n')[0]!;
    expect(first('reference')).toBe('smets1-harness 0.1.0: target reference');
    expect(first('http://127.0.0.1:8080')).toBe('smets1-harness 0.1.0: target reference http://127.0.0.1:8080');
  });

  it('prints verdict counts per policy and a total row', () => {
    expect(cells('legacy ')).toEqual(['2', '1', '0', '1', '0', '0', '4']);
    expect(cells('relaxed ')).toEqual(['2', '0', '1', '0', '0', '0', '3']);
    expect(cells('corrective ')).toEqual(['1', '1', '0', '0', '1', '0', '3']);
    expect(cells('total ')).toEqual(['5', '2', '1', '1', '1', '0', '10']);
  });

  it('lists failing cases with their reason or first mismatching step', () => {
    expect(text).toContain('FAIL  KRP-MIS-002 [legacy] step 2 mismatch');
    expect(text).toContain(
      'FAIL  KRP-MIS-002 [corrective] step 1: expected one of: accepted | rejected E061507 <sig>, actual rejected E4 X & Y',
    );
    expect(text).toContain('HANG  KRP-GAS-001 [legacy] watchdog after 5000 ms');
    expect(text).not.toContain('KRP-MIS-001 [');
  });

  it('lists broken invariants per policy', () => {
    expect(text).toContain('1/2 kept; broken: LIVE-REPAIR');
    expect(text).toContain('LIVE-REPAIR: M1 can never be repaired <deadlock>');
  });

  it('shows the estate outcome per policy', () => {
    expect(text).toMatch(/corrective +118\/120 repaired, 2 stuck/);
  });

  it('has no ANSI escapes unless colour is asked for', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderConsoleSummary(sampleReport(), { color: true })).toContain('\u001b[31m');
  });

  it('counts declared deviations apart: a DEV column, their own list, not under failing cases', () => {
    const report = sampleReport();
    const withDev = {
      ...report,
      cases: report.cases.map((c) =>
        c.id === 'KRP-MIS-002' && c.policy === 'legacy' ? { ...c, deviation: { reason: 'our gateway is older' } } : c,
      ),
    };
    const out = renderConsoleSummary(withDev).split('\n');
    const row = (prefix: string): string[] => out.find((l) => l.startsWith(prefix))!.trim().split(/\s+/).slice(1);
    expect(row('legacy ')).toEqual(['2', '0', '0', '1', '0', '1', '4']);
    expect(row('total ')).toEqual(['5', '1', '1', '1', '1', '1', '10']);
    const failingAt = out.findIndex((l) => l.startsWith('Failing cases'));
    expect(out[failingAt]).toBe('Failing cases (3):');
    expect(out.slice(failingAt, failingAt + 4).join('\n')).not.toContain('KRP-MIS-002 [legacy]');
    const devAt = out.findIndex((l) => l.startsWith('1 expected deviation'));
    expect(devAt).toBeGreaterThan(failingAt);
    expect(out[devAt + 1]).toContain('KRP-MIS-002 [legacy] our gateway is older (actual: FAIL)');
  });

  it('lists skipped cases with their reason and undeclared waivers apart', () => {
    const report = sampleReport();
    const out = renderConsoleSummary({
      ...report,
      waivers: [
        ...report.waivers,
        { policy: 'relaxed', waiver: 'vendor-shortcut', description: 'undeclared', uses: 193, declared: false },
        { policy: 'relaxed', waiver: 'smets2-device', description: 'the gate', uses: 7, builtIn: true },
      ],
    });
    expect(out).toContain('Skipped cases (1):\n  SKIP  KRP-GAS-001 [relaxed] no gas support');
    expect(out).toContain('Waivers used but not declared by the policy (1):\n  UNDECL vendor-shortcut [relaxed] used 193 times');
    // the gate's built-in SMETS2 rule is not a waiver the policy failed to declare
    expect(out).not.toContain('UNDECL smets2-device');
  });
});

describe('renderFailingCases', () => {
  it('lists failing cases one line each (id, policy, expected vs actual), as the summary does', () => {
    const lines = renderFailingCases(sampleReport());
    expect(lines[0]).toBe('Failing cases (4):');
    expect(lines).toHaveLength(5);
    expect(lines).toContain('  HANG  KRP-GAS-001 [legacy] watchdog after 5000 ms');
    expect(renderConsoleSummary(sampleReport())).toContain(lines.join('\n'));
    expect(renderFailingCases({ ...sampleReport(), cases: sampleReport().cases.filter((c) => c.verdict === 'PASS') })).toEqual([]);
  });

  it('caps the list at 20 with "... and N more (where)"', () => {
    const report = sampleReport();
    const fail = report.cases.find((c) => c.verdict === 'FAIL')!;
    const many: CaseResult[] = Array.from({ length: 25 }, (_, i) => ({ ...fail, id: `KRP-X-${String(i).padStart(3, '0')}` }));
    const lines = renderFailingCases({ ...report, cases: many }, { more: 'see r/index.html' });
    expect(lines[0]).toBe('Failing cases (25):');
    expect(lines).toHaveLength(22);
    expect(lines[20]).toMatch(/^ {2}FAIL {2}KRP-X-019 \[/);
    expect(lines[21]).toBe('  ... and 5 more (see r/index.html)');
  });
});
