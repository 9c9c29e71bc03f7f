/**
 * examples/faulty-dut/README.md's table names the cases each fault fails under
 * `--policy-expectation legacy`; this runs the catalogue in-process against the reference with each
 * fault (withFault, as `serve --fault` and the example's server.ts do) and compares. The ZAZ1
 * material is installed here (devDependencies), so the BOXED-* and KRP-ZAZ1-* cases run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceDut, runScenarios } from '../../../../api/run';
import { withFault, type DutFault } from '../../../../harness/serve';
import { loadCatalogue, PACKAGE_ROOT, SHIPPED_CATALOGUE } from '../../../../harness/scenario';

const readme = readFileSync(join(PACKAGE_ROOT, 'examples', 'faulty-dut', 'README.md'), 'utf8');
const ids = loadCatalogue(SHIPPED_CATALOGUE).map((l) => l.scenario.id);

/** The "caught by" cell of a fault's row: its stated count and the ids it names, expanded. */
function caughtBy(fault: DutFault): { count: number; ids: string[] } {
  const row = readme.split('\n').find((l) => l.startsWith(`| \`${fault}\``));
  const cell = row?.split('|')[3] ?? '';
  const count = Number(/(\d+) cases/.exec(cell)?.[1]);
  const out: string[] = [];
  let prefix = '';
  for (const [, token] of cell.matchAll(/`([^`]+)`/g)) {
    const t = token!;
    if (!/^(KRP-|BOXED-|-\d)/.test(t)) continue; // not an id (a refusal code)
    if (t.endsWith('*')) {
      out.push(...ids.filter((id) => id.startsWith(t.slice(0, -1))));
      continue;
    }
    const m = /^(.*-)?(\d+)(?:\.\.(\d+))?$/.exec(t);
    if (!m) throw new Error(`cannot read ${t} in the ${fault} row`);
    if (m[1]) prefix = m[1].startsWith('-') ? prefix : m[1];
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    for (let n = from; n <= to; n++) out.push(`${prefix}${String(n).padStart(m[2]!.length, '0')}`);
  }
  return { count, ids: out.sort() };
}

describe('examples/faulty-dut: the cases each fault fails are those its README names', () => {
  it.each(['skip-counter', 'waive-all-gates'] as const)(
    '%s',
    async (fault) => {
      const report = await runScenarios({
        dut: withFault(createReferenceDut({ policy: 'legacy' }), fault),
        policies: ['legacy'],
      });
      const failed = report.cases
        .filter((c) => c.verdict !== 'PASS')
        .map((c) => c.id)
        .sort();
      const named = caughtBy(fault);
      expect(named.ids).toEqual(failed);
      expect(named.count).toBe(failed.length);
    },
    60_000,
  );
});
