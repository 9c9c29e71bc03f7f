/**
 * What demo and run say about their results and their output folder: the demo names its failing
 * cases (as `smets1 report` does), run says the in-process reference once in its header, and a
 * report written into a folder holding another command's output (the demo's proof-*.json) keeps
 * those files, deletes nothing, and says which ones it left that it does not refer to.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const cwd = mkdtempSync(join(tmpdir(), 'cli-report-folders-'));
/** A user policy with no waivers and DCC authority: many relaxed-style expectations fail under it. */
writeFileSync(
  join(cwd, 'my-policy.json'),
  JSON.stringify({ name: 'my-policy', description: 'no waivers', waivers: [], authority: 'dcc' }),
);

describe('smets1 demo with a failing policy', () => {
  it('lists the failing cases one line each, capped with "and N more", and exits 1', async () => {
    const r = await runCli(
      ['demo', '--policy', 'legacy,my-policy.json', '--no-proof', '--estate', '0', '--out', 'mine'],
      cwd,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(cwd, 'mine', 'report.json'), 'utf8')) as {
      cases: { id: string; policy: string; verdict: string }[];
    };
    const failing = report.cases.filter((c) => c.verdict === 'FAIL');
    expect(failing.length).toBeGreaterThan(20);
    expect(failing.every((c) => c.policy === 'my-policy')).toBe(true);
    const lines = r.out.split('\n');
    const at = lines.indexOf(`Failing cases (${failing.length}):`);
    expect(at).toBeGreaterThan(0);
    const listed = lines.slice(at + 1, at + 21);
    for (const l of listed)
      expect(l).toMatch(/^ {2}FAIL {2}KRP-[A-Z0-9-]+ \[my-policy\] step \d+: expected .*, got /);
    expect(listed.map((l) => l.split(/\s+/)[2]).every((id) => failing.some((c) => c.id === id))).toBe(true);
    expect(lines[at + 21]).toBe(`  ... and ${failing.length - 20} more (see mine/index.html)`);
  });
});

describe('smets1 run into the demo folder', () => {
  it('keeps the proof files, names them as left and not referred to, and says the reference once', async () => {
    const demo = await runCli(['demo', '--policy', 'relaxed', '--estate', '0', '--out', 'report'], cwd);
    expect(demo.code).toBe(0);
    const proofs = readdirSync(join(cwd, 'report')).filter((f) => f.startsWith('proof-'));
    expect(proofs.length).toBeGreaterThan(0);
    expect(demo.out).not.toContain('left ');

    const run = await runCli(
      ['run', '--policy', 'relaxed', '--scenarios', 'KRP-MIS-001', '--out', 'report'],
      cwd,
    );
    expect(run.code).toBe(0);
    expect(run.out.split('\n')[0]).toMatch(/^smets1-harness \S+: target reference$/);
    const n = proofs.length;
    expect(run.out).toContain(
      `left ${n === 1 ? '1 entry' : `${n} entries`} already in report/ that this report does not refer to (an earlier run's output or your own; delete them or choose another --out): ${proofs.sort().slice(0, 10).join(', ')}`,
    );
    for (const p of proofs) expect(existsSync(join(cwd, 'report', p))).toBe(true);
    const html = readFileSync(join(cwd, 'report', 'index.html'), 'utf8');
    expect(proofs.some((p) => html.includes(p))).toBe(false);

    const json = await runCli(
      ['run', '--policy', 'relaxed', '--scenarios', 'KRP-MIS-001', '--out', 'report', '--json'],
      cwd,
    );
    const parsed = JSON.parse(json.out) as { written: { kept: string[] } };
    expect(parsed.written.kept).toEqual(proofs.sort());

    // `smets1 report --out` re-writes a report set into the same folder and says the same
    const rewritten = await runCli(['report', join('report', 'report.json'), '--out', 'report'], cwd);
    expect(rewritten.code).toBe(0);
    expect(rewritten.out).toContain(`left ${n === 1 ? '1 entry' : `${n} entries`} already in report/`);

    const again = await runCli(['demo', '--policy', 'relaxed', '--estate', '0', '--out', 'report'], cwd);
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('left ');
  });

  it('estate --out into the same folder replaces index.html and names the reports it left beside it', async () => {
    const r = await runCli(
      ['estate', '--meters', '50', '--policy', 'legacy', '--workers', '0', '--out', 'report'],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /left \d+ entries already in report\/ that this estate run does not refer to .*: junit\.xml, proof-/,
    );
    expect(existsSync(join(cwd, 'report', 'report.json'))).toBe(true);
    const json = await runCli(
      ['estate', '--meters', '50', '--policy', 'legacy', '--workers', '0', '--out', 'report', '--json'],
      cwd,
    );
    expect(json.code).toBe(0);
    expect(() => JSON.parse(json.out) as unknown).not.toThrow();
    expect(json.err).toContain('that this estate run does not refer to');
  });

  it('says nothing when the folder is new', async () => {
    const r = await runCli(
      ['run', '--policy', 'legacy', '--scenarios', 'KRP-MIS-001', '--out', 'fresh'],
      cwd,
    );
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('left ');
  });
});
