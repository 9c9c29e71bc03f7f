/**
 * Each vocabulary is written once and read everywhere: a preset registered in the policy module is
 * proven, explored, run by the demo, measured by the bench, expected by every shipped scenario and
 * documented; an invariant in the table is stated in README.md as the table states it (that the
 * proof decides every invariant of the table, in its order, is checked for every preset in
 * test/unit/harness/analysis/prove/findings.test.ts). A preset or invariant registered in one place
 * but missing in another fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESET_POLICIES, SRVS, USER_ROLES, MODELLED_SRVS, SRV_REGISTRY } from '../../simulator';
import { EXPLORED_POLICIES, PROVEN_POLICIES } from '../../harness/analysis';
import { DEMO_POLICIES } from '../../harness/cli/commands/demo';
import { loadCatalogue, SHIPPED_CATALOGUE, SCENARIO_SCHEMA } from '../../harness/scenario';
import { missingExpectation } from '../../harness/conformance/runner/expectations';
import { INVARIANTS, INVARIANT_IDS } from '../../harness/report';
import { POLICY_SCHEMA, WORLD_SCHEMA } from '../../simulator';
import { EUI_PATTERN } from '../../certs';
import { TARGET_PROFILE_SCHEMA } from '../../harness/cli/commands/conform-duis';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The rows of the Markdown table that follows `heading` in README.md, as arrays of trimmed cells. */
function tableAfter(heading: string): string[][] {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no ${heading}`);
  const lines = readme.slice(at).split('\n').slice(2);
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith('|')) break;
    rows.push(
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2);
}

const catalogue = loadCatalogue(SHIPPED_CATALOGUE);

describe.each(PRESET_POLICIES.map((p) => [p.name, p] as const))('preset %s', (name, policy) => {
  it('is proven by default (prove, the demo, the bench)', () => expect(PROVEN_POLICIES).toContain(name));
  it('is explored by default', () => expect(EXPLORED_POLICIES).toContain(policy));
  it('is run by the demo', () => expect(DEMO_POLICIES).toContain(policy));
  it('has an expectation in every shipped scenario', () => {
    const missing = catalogue
      .map((s) => [s.scenario.id, missingExpectation(s.scenario, policy)] as const)
      .filter(([, why]) => why !== undefined);
    expect(missing).toEqual([]);
  });
  it("has a row in README.md's policy table", () => {
    expect(tableAfter('## Policies').map((r) => r[0])).toContain(`\`${name}\``);
  });
});

describe('the preset registry', () => {
  it('is the whole policy table of README.md, in order', () => {
    expect(tableAfter('## Policies').map((r) => r[0])).toEqual(PRESET_POLICIES.map((p) => `\`${p.name}\``));
  });
});

describe.each(INVARIANTS.map((i) => [i.id, i] as const))('invariant %s', (id, spec) => {
  it("is stated in README.md's table as the table states it", () => {
    const row = tableAfter('## Invariants').find((r) => r[0] === id);
    expect(row?.[2]).toBe(spec.statement);
  });
});

describe('the invariant table', () => {
  it('is the whole table of README.md, in order', () => {
    expect(tableAfter('## Invariants').map((r) => r[0])).toEqual([...INVARIANT_IDS]);
  });
});

describe('one list per vocabulary, read by the schemas', () => {
  const enumsIn = (schema: unknown): unknown[][] => {
    const out: unknown[][] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (Array.isArray(o.enum)) out.push(o.enum);
        Object.values(o).forEach(walk);
      }
    };
    walk(schema);
    return out;
  };
  const patternsIn = (schema: unknown): string[] =>
    JSON.stringify(schema).match(/"pattern":"([^"]*)"/g) ?? [];

  it('user roles: the schemas that list roles list USER_ROLES (the same array)', () => {
    for (const schema of [POLICY_SCHEMA, WORLD_SCHEMA, SCENARIO_SCHEMA, TARGET_PROFILE_SCHEMA]) {
      const roleEnums = enumsIn(schema).filter((e) => e.includes('ED'));
      expect(roleEnums.length).toBeGreaterThan(0);
      for (const e of roleEnums) expect(e).toBe(USER_ROLES);
    }
  });
  it("SRVs: the policy schema lists SRVS, the scenario schema the registry's modelled SRVs", () => {
    expect(enumsIn(POLICY_SCHEMA).filter((e) => e.includes('7.1')).length).toBeGreaterThan(0);
    for (const e of enumsIn(POLICY_SCHEMA).filter((x) => x.includes('7.1'))) expect(e).toBe(SRVS);
    const scenarioSrvs = enumsIn(SCENARIO_SCHEMA).filter((e) => e.includes('6.24.1'));
    expect(scenarioSrvs.length).toBeGreaterThan(0);
    for (const e of scenarioSrvs) expect(e).toBe(MODELLED_SRVS);
    expect(MODELLED_SRVS).toEqual([...SRV_REGISTRY.keys()]);
  });
  it('EUIs: every EUI pattern in the schemas is EUI_PATTERN', () => {
    for (const schema of [WORLD_SCHEMA, SCENARIO_SCHEMA]) {
      const euiPatterns = patternsIn(schema).filter((p) => p.includes('{16}'));
      expect(euiPatterns.length).toBeGreaterThan(0);
      for (const p of euiPatterns) expect(JSON.parse(`{${p}}`).pattern).toBe(EUI_PATTERN);
    }
  });
});
