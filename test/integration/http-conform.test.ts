import { presetPolicy } from '../../simulator';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../harness/cli/main';
import { DEFAULT_CATALOGUE } from '../../harness/cli/commands/conform';
import { createReferenceHttpServer, type DutFault, type DutHttpServer } from '../../harness/serve';
import type { RunReport } from '../../harness/report';
import { alternativesOf } from '../../harness/conformance/runner';
import {
  loadCatalogue,
  type ExpectationInput,
  type LoadedScenario,
  type StepExpectation,
} from '../../harness/scenario';

jest.setTimeout(180_000);

const catalogue: LoadedScenario[] = loadCatalogue(DEFAULT_CATALOGUE);
const out = mkdtempSync(join(tmpdir(), 'smets1-conform-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Serves the reference on loopback with a pinned policy (and optionally a fault) for the duration of `fn`. */
async function withServer<T>(
  policy: string,
  fault: DutFault | undefined,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const server: DutHttpServer = createReferenceHttpServer({
    policy: presetPolicy(policy),
    pinned: true,
    ...(fault ? { fault } : {}),
  });
  const { url } = await server.listen(0);
  try {
    return await fn(url);
  } finally {
    await server.close();
  }
}

/** Runs `smets1 conform` through the CLI entry point and returns its exit code and report. */
async function conform(
  url: string,
  expectation: string,
  name: string,
  scenarios?: string,
): Promise<{ exit: number; report: RunReport }> {
  const dir = join(out, name);
  const stderr: string[] = [];
  const exit = await main(
    [
      'conform',
      '--target',
      url,
      '--policy-expectation',
      expectation,
      '--out',
      dir,
      '--json',
      ...(scenarios ? ['--scenarios', scenarios] : []),
    ],
    {
      stdout: () => undefined,
      stderr: (t) => stderr.push(t),
      cwd: process.cwd(),
      quiet: true,
    },
  );
  if (exit === 2) throw new Error(stderr.join(''));
  return { exit, report: JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport };
}

const idsWith = (report: RunReport, verdict: string) =>
  report.cases
    .filter((c) => c.verdict === verdict)
    .map((c) => c.id)
    .sort();

const pick = <T>(m: Readonly<Record<string, T>> | undefined, policy: string): T | undefined =>
  m ? (m[policy] ?? m['*']) : undefined;

/** True when no single response can meet both expectations (outcome, or both name different codes). */
function incompatibleOne(a: StepExpectation, b: StepExpectation): boolean {
  if (a.outcome !== b.outcome) return true;
  if (a.outcome === 'rejected' && b.outcome === 'rejected') {
    if (a.code !== undefined && b.code !== undefined && a.code !== b.code) return true;
    if (a.duisCode !== undefined && b.duisCode !== undefined && a.duisCode !== b.duisCode) return true;
  }
  return false;
}

/** True when no alternative of one is compatible with any alternative of the other. */
function incompatible(a: ExpectationInput | undefined, b: ExpectationInput | undefined): boolean {
  if (!a || !b) return false;
  return alternativesOf(a).every((x) => alternativesOf(b).every((y) => incompatibleOne(x, y)));
}

/** Case ids whose written expectations differ between two policies (from the catalogue, not from running). */
function expectedToDiffer(actual: string, expected: string): string[] {
  return catalogue
    .filter(({ scenario: s }) => {
      const steps = s.steps.some(
        (st) =>
          (st.kind === 'request' || st.kind === 'replay') &&
          incompatible(pick(st.expect, actual), pick(st.expect, expected)),
      );
      const finals =
        JSON.stringify(pick(s.expectFinal, actual) ?? {}) !==
        JSON.stringify(pick(s.expectFinal, expected) ?? {});
      return steps || finals;
    })
    .map(({ scenario: s }) => s.id)
    .sort();
}

describe('smets1 conform against smets1 serve on loopback', () => {
  test('expecting the served policy passes every case', async () => {
    const { exit, report } = await withServer('legacy', undefined, (url) =>
      conform(url, 'legacy', 'legacy-legacy'),
    );
    expect(exit).toBe(0);
    expect(report.target.kind).toBe('http');
    expect(report.cases).toHaveLength(catalogue.length);
    expect(idsWith(report, 'PASS')).toHaveLength(catalogue.length);
  });

  test('expecting another policy fails exactly the cases whose expected verdicts differ', async () => {
    const differ = expectedToDiffer('legacy', 'relaxed');
    expect(differ.length).toBeGreaterThan(0);
    const { exit, report } = await withServer('legacy', undefined, (url) =>
      conform(url, 'relaxed', 'legacy-relaxed'),
    );
    expect(exit).toBe(1);
    expect(idsWith(report, 'FAIL')).toEqual(differ);
    expect(idsWith(report, 'HANG')).toEqual([]);
    expect(idsWith(report, 'HARNESS_ERROR')).toEqual([]);
  });
});

describe('the faulty example implementations are caught by specific cases', () => {
  const nonFamily = catalogue.map((l) => l.scenario.id).filter((id) => !id.startsWith('KRP-AREA-'));
  const some = [...nonFamily, 'KRP-AREA-12-14', 'KRP-AREA-14-12'].join(',');

  test('skip-counter (accepts replays and rollbacks) fails the replay cases and the counters below a floor, nothing else', async () => {
    const { exit, report } = await withServer('legacy', 'skip-counter', (url) =>
      conform(url, 'legacy', 'skip-counter', some),
    );
    expect(exit).toBe(1);
    expect(idsWith(report, 'FAIL')).toEqual([
      // DCC Boxed's replayed CV 5 and stale counters, SMETS1 and SMETS2
      'BOXED-005',
      'BOXED-007',
      'BOXED-014',
      'KRP-FLOOR-004',
      'KRP-FLOOR-005',
      'KRP-REPLAY-001',
      'KRP-REPLAY-002',
    ]);
    const floor = report.cases.find((c) => c.id === 'KRP-FLOOR-004');
    expect(floor?.reason).toMatch(/AUTHORITY_BELOW_FLOOR, got accepted/);
    const replay = report.cases.find((c) => c.id === 'KRP-REPLAY-001');
    expect(replay?.reason).toMatch(/AUTHORITY_REPLAY, got accepted/);
  });

  test('waive-all-gates (no E4 for any SRV) fails the gate cases, among them KRP-MIS-001, KRP-SUP-001 and the area family', async () => {
    const { exit, report } = await withServer('legacy', 'waive-all-gates', (url) =>
      conform(url, 'legacy', 'waive-all-gates', some),
    );
    expect(exit).toBe(1);
    const failed = idsWith(report, 'FAIL');
    expect(failed).toEqual(
      expect.arrayContaining([
        'KRP-MIS-001',
        'KRP-SUP-001',
        'KRP-DET-001',
        'KRP-AREA-12-14',
        'KRP-AREA-14-12',
      ]),
    );
    expect(idsWith(report, 'PASS')).toEqual(expect.arrayContaining(['KRP-REPLAY-001', 'KRP-REPLAY-002']));
    for (const c of report.cases.filter((x) => x.verdict === 'FAIL'))
      expect(c.reason).toContain('GATE_NOT_REGISTERED');
  });
});
