import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as DiffModule from '../../../../harness/cli/commands/diff';
import type * as ReportModule from '../../../../harness/cli/commands/report';
import { main } from '../../../../harness/cli/main';
import { toJson, type RunReport } from '../../../../harness/report';
import { caseResult, sampleReport } from './sample-report';

// Registers only the report commands, so this suite does not depend on other helpers' commands.
jest.mock('../../../../harness/cli/registry', () => {
  const { diffCommand } = jest.requireActual<typeof DiffModule>('../../../../harness/cli/commands/diff');
  const { reportCommand } = jest.requireActual<typeof ReportModule>('../../../../harness/cli/commands/report');
  return { registeredCommands: [diffCommand, reportCommand] };
});

const dir = mkdtempSync(join(tmpdir(), 'smets1-diff-'));
const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir, quiet: true });
  return { code, out: out.join(''), err: err.join('') };
};
const save = (name: string, report: RunReport): string => {
  writeFileSync(join(dir, name), toJson(report));
  return name;
};

const base = sampleReport();
const old = save('old.json', base);
const same = save('same.json', { ...base, cases: [...base.cases].reverse() });
const flipped = save('flipped.json', {
  ...base,
  cases: base.cases.map((c) => (c.id === 'KRP-MIS-001' && c.policy === 'legacy' ? { ...c, verdict: 'FAIL' as const } : c)),
});
const grown = save('grown.json', { ...base, cases: [...base.cases, caseResult('KRP-NEW-001', 'relaxed', 'PASS')] });
writeFileSync(join(dir, 'broken.json'), '{"schemaVersion": 1');
writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ schemaVersion: 1 }));

describe('smets1 diff', () => {
  it('exits 0 when no verdict changed', async () => {
    const r = await run('diff', old, same);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no verdict changed (10 cases in both reports)');
  });

  it('exits 1 and lists the change when a verdict changed', async () => {
    const r = await run('diff', old, flipped);
    expect(r.code).toBe(1);
    expect(r.out).toContain('KRP-MIS-001 [legacy] PASS -> FAIL');
  });

  it('exits 0 but lists cases only in the new report', async () => {
    const r = await run('diff', old, grown);
    expect(r.code).toBe(0);
    expect(r.out).toContain('+ KRP-NEW-001 [relaxed] PASS');
  });

  it('exits 2 with a coded line when the reports share no case, JSON or text', async () => {
    const other = save('other.json', {
      ...base,
      cases: [caseResult('KRP-NEW-001', 'legacy', 'PASS'), caseResult('KRP-NEW-002', 'legacy', 'PASS')],
    });
    const r = await run('diff', old, other);
    expect(r.code).toBe(2);
    expect(r.out).not.toContain('no verdict changed');
    expect(r.out).toContain('2 cases only in the new report:');
    expect(r.out).toContain('10 cases only in the old report:');
    expect(r.err.trim().split('\n')).toEqual([
      `smets1: ERR_DIFF_NOTHING_COMPARED: nothing to compare: old.json (10 cases) and other.json (2 cases) have no case (scenario id, policy) in common; check the baseline is a report of the same catalogue and policies`,
    ]);
    const json = await run('diff', old, other, '--json');
    expect(json.code).toBe(2);
    expect((JSON.parse(json.out) as { compared: number }).compared).toBe(0);
    // an empty baseline compares nothing either
    const empty = save('empty.json', { ...base, cases: [] });
    expect((await run('diff', empty, old)).err).toContain('ERR_DIFF_NOTHING_COMPARED');
  });

  it('prints JSON with --json', async () => {
    const r = await run('diff', old, flipped, '--json');
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out) as { verdictChanged: boolean; changed: unknown[] };
    expect(body.verdictChanged).toBe(true);
    expect(body.changed).toEqual([{ id: 'KRP-MIS-001', policy: 'legacy', from: 'PASS', to: 'FAIL' }]);
  });

  it.each([
    ['missing.json', 'ERR_CLI_FILE'],
    ['broken.json', 'ERR_REPORT_JSON'],
    ['wrong.json', 'ERR_REPORT_SCHEMA'],
  ])('exits 2 on unreadable input %s', async (file, code) => {
    const r = await run('diff', old, file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(code);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('caps each list at --limit lines and says how many more there are', async () => {
    const many = save('many.json', {
      ...base,
      cases: [...base.cases, ...Array.from({ length: 7 }, (_, i) => caseResult(`KRP-NEW-00${i}`, 'relaxed', 'PASS'))],
    });
    const r = await run('diff', old, many, '--limit', '3');
    expect(r.code).toBe(0);
    expect(r.out).toContain('7 cases only in the new report:');
    expect(r.out.split('\n').filter((l) => l.startsWith('  + '))).toHaveLength(3);
    expect(r.out).toContain('  ... and 4 more (--limit N to show more, --json for all)');
    const all = JSON.parse((await run('diff', old, many, '--json', '--limit', '3')).out) as { added: unknown[] };
    expect(all.added).toHaveLength(7);
    expect((await run('diff', old, many, '--limit', '0')).code).toBe(2);
  });
});

describe('smets1 report', () => {
  it('prints the console summary by default', async () => {
    const r = await run('report', old);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Failing cases (4):');
  });

  it('exits 1 with --check when cases failed', async () => {
    expect((await run('report', old, '--check')).code).toBe(1);
  });

  it('prints JUnit with --format junit', async () => {
    expect((await run('report', old, '--format', 'junit')).out).toContain('<testsuite name="legacy"');
  });

  it('rejects an unknown format with exit 2', async () => {
    expect((await run('report', old, '--format', 'pdf')).code).toBe(2);
  });

  it('writes the three files with --out, the JSON identical to the canonical input', async () => {
    const r = await run('report', old, '--out', 'rerendered', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { written: { json: string; html: string } };
    expect(readFileSync(body.written.json, 'utf8')).toBe(readFileSync(join(dir, old), 'utf8'));
    expect(readFileSync(body.written.html, 'utf8')).toContain('<!DOCTYPE html>');
  });
});
