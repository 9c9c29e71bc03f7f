/**
 * examples/policies/corrective-electricity.json, the documented policy file: loaded with the loader
 * every `--policy` uses (resolvePolicySpec), run through the catalogue against the in-process
 * reference, and its failing cases compared with those examples/policies/README.md shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarios } from '../../../api/run';
import { resolvePolicySpec } from '../../../harness/policies';
import { PACKAGE_ROOT } from '../../../harness/scenario';

const DIR = join(PACKAGE_ROOT, 'examples', 'policies');

describe('the documented policy file', () => {
  const [policy, ...more] = resolvePolicySpec('examples/policies/corrective-electricity.json', PACKAGE_ROOT);

  it('loads as one policy, narrowing corrective to electricity network operators', () => {
    expect(more).toEqual([]);
    expect(policy?.name).toBe('corrective-electricity');
    expect(policy?.extends).toBe('corrective');
    expect(policy?.waivers.map((w) => w.userRoles)).toEqual([['ED']]);
  });

  it('fails exactly the cases the README shows, and passes the rest of the catalogue', async () => {
    const report = await runScenarios({ policies: [policy!] });
    const failing = report.cases.filter((c) => c.verdict !== 'PASS' && c.verdict !== 'SKIPPED');
    expect(failing.map((c) => `${c.id} ${c.verdict}`)).toEqual(['KRP-GAS-001 FAIL']);
    expect(failing[0]?.reason).toMatch(/expected accepted, got rejected E4 GATE_NOT_REGISTERED/);
    const readme = readFileSync(join(DIR, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/^ {2}FAIL {2}(\S+) \[corrective-electricity\]/gm)].map((m) => m[1]);
    expect(shown).toEqual(failing.map((c) => c.id));
    const passed = report.cases.filter((c) => c.verdict === 'PASS').length;
    expect(readme).toContain(`corrective-electricity  ${passed}    ${failing.length}`);
  }, 60_000);
});
