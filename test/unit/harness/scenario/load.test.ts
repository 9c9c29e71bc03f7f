import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expandFamily,
  idMatcher,
  loadCatalogue,
  parseScenarioFile,
  SCENARIO_SCHEMA,
  ScenarioError,
  type ScenarioFamily,
} from '../../../../harness/scenario';

const template = () => ({
  title: 'misplaced',
  description: 'M1 holds NO-B certificates',
  tags: ['misplaced'],
  specRefs: ['DUIS 6.15.1'],
  world: { meters: [{ name: 'M1', area: 12, supplier: 'SUP-1', noCells: 'NO-B' }] },
  steps: [
    {
      kind: 'register',
      device: 'M1',
      capacity: 'networkOperator',
      party: 'NO-C',
      at: '2024-05-01T00:00:00Z',
    },
    {
      kind: 'request',
      actor: 'NO-A',
      srv: '6.15.1',
      device: 'M1',
      counter: 1,
      remotePartyRole: 'NetworkOperator',
      replacements: 'NO-A',
      expect: { '*': { outcome: 'accepted' } },
    },
    {
      kind: 'request',
      actor: 'NO-B',
      srv: '6.15.1',
      device: 'M1',
      counter: 1,
      remotePartyRole: 'NetworkOperator',
      replacements: 'NO-A',
      expect: { '*': { outcome: 'accepted' } },
    },
    {
      kind: 'request',
      actor: 'NO-B',
      srv: '6.15.1',
      device: 'M1',
      counter: 2,
      remotePartyRole: 'NetworkOperator',
      replacements: 'NO-A',
      signer: 'NO-A',
      expect: { '*': { outcome: 'accepted' } },
    },
  ],
});
const scenario = () => ({ id: 'KRP-TEST-001', ...template() });

function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

const parse = (value: unknown) =>
  parseScenarioFile(typeof value === 'string' ? value : JSON.stringify(value), 'cases/x.json', {
    zaz1Unavailable: () => undefined,
  });

describe('parseScenarioFile', () => {
  it('loads a valid scenario with its file name', () => {
    const [loaded] = parse(scenario());
    expect(loaded?.scenario.id).toBe('KRP-TEST-001');
    expect(loaded?.file).toBe('cases/x.json');
    expect(loaded?.skip).toBeUndefined();
  });

  it('takes counters and floors beyond 2^53 as decimal strings, and refuses them above 2^64 - 1', () => {
    const s = scenario();
    Object.assign(s.steps[1] as Record<string, unknown>, {
      counter: '18446744073709551615',
      floor: '9007199254740993',
    });
    expect(parse(s)[0]?.scenario.steps[1]).toMatchObject({ counter: '18446744073709551615' });
    (s.steps[1] as Record<string, unknown>).counter = '18446744073709551616';
    const e = errorOf(() => parse(s));
    expect(e.message).toBe('cases/x.json: /steps/1/counter: above 2^64 - 1');
    (s.steps[1] as Record<string, unknown>).counter = '007';
    expect(errorOf(() => parse(s)).code).toBe('ERR_SCENARIO_SCHEMA');
  });

  it('refuses bad JSON with ERR_SCENARIO_JSON naming the file', () => {
    const e = errorOf(() => parse('{ "id": '));
    expect(e.code).toBe('ERR_SCENARIO_JSON');
    expect(e.message).toMatch(/^cases\/x\.json: not valid JSON/);
  });

  it('refuses an unknown field deep in a step with its JSON pointer', () => {
    const s = scenario();
    (s.steps[3] as Record<string, unknown>).signr = 'NO-A';
    const e = errorOf(() => parse(s));
    expect(e.code).toBe('ERR_SCENARIO_SCHEMA');
    expect(e.message).toBe('cases/x.json: /steps/3: unknown field "signr"');
  });

  it('refuses a signer of the wrong form at /steps/3/signer', () => {
    const s = scenario();
    (s.steps[3] as Record<string, unknown>).signer = { party: 'NO-A', keyUsage: 'XX' };
    const e = errorOf(() => parse(s));
    expect(e.code).toBe('ERR_SCENARIO_SCHEMA');
    expect(e.message).toContain('cases/x.json: /steps/3/signer/keyUsage: must be one of ["DS","KA"]');
  });

  it('refuses an unknown party as signer with ERR_SCENARIO_REFERENCE at /steps/3/signer', () => {
    const s = scenario();
    (s.steps[3] as Record<string, unknown>).signer = 'NO-Z';
    const e = errorOf(() => parse(s));
    expect(e.code).toBe('ERR_SCENARIO_REFERENCE');
    expect(e.message).toBe('cases/x.json: /steps/3/signer: no party named "NO-Z"');
  });

  it('takes the faulty-sender fields (tamper, sendAt, commandVariant), a refused world change and empty cells', () => {
    const s = scenario();
    Object.assign(s.steps[0] as Record<string, unknown>, { expect: 'refused' });
    Object.assign(s.steps[1] as Record<string, unknown>, { tamper: 'mac', sendAt: '2024-06-01T14:00:00Z' });
    Object.assign(s.steps[2] as Record<string, unknown>, { commandVariant: 1 });
    Object.assign(s.world.meters[0] as Record<string, unknown>, { emptyCells: ['noDs', 'supplierDs'] });
    expect(parse(s)[0]!.scenario.steps[1]).toMatchObject({ tamper: 'mac' });
    (s.steps[1] as Record<string, unknown>).tamper = 'bytes';
    expect(errorOf(() => parse(s)).code).toBe('ERR_SCENARIO_SCHEMA');
  });

  it('refuses a tampered Send or a Send time where no Send follows', () => {
    const s = scenario();
    Object.assign(s.steps[2] as Record<string, unknown>, { commandVariant: 1, tamper: 'request-id' });
    expect(errorOf(() => parse(s)).message).toBe(
      'cases/x.json: /steps/2/tamper: only a Critical request sent by Transform and Send has a Send to tamper with',
    );
    const t = scenario();
    Object.assign(t.steps[2] as Record<string, unknown>, { srv: '6.24.1', sendAt: '2024-06-01T14:00:00Z' });
    delete (t.steps[2] as Record<string, unknown>).replacements;
    delete (t.steps[2] as Record<string, unknown>).remotePartyRole;
    expect(errorOf(() => parse(t)).message).toBe(
      'cases/x.json: /steps/2/sendAt: only a Critical request sent by Transform and Send has a Send',
    );
  });

  it('refuses an unknown meter in a step', () => {
    const s = scenario();
    (s.steps[1] as Record<string, unknown>).device = 'M9';
    expect(errorOf(() => parse(s)).message).toBe('cases/x.json: /steps/1/device: no meter named "M9"');
  });

  it('refuses a replay of a step that is not an earlier critical request', () => {
    const s = scenario();
    s.steps.push({ kind: 'replay', of: 0, expect: { '*': { outcome: 'rejected' } } } as never);
    expect(errorOf(() => parse(s)).message).toBe(
      'cases/x.json: /steps/4/of: step 0 is not an earlier critical request step',
    );
  });

  it('refuses an unknown step kind', () => {
    const s = scenario();
    (s.steps[0] as Record<string, unknown>).kind = 'advance';
    expect(errorOf(() => parse(s)).code).toBe('ERR_SCENARIO_SCHEMA');
  });

  it('prefixes pointers with the scenario index in a group file', () => {
    const s = scenario();
    s.world.meters[0]!.supplier = 'SUP-9';
    expect(errorOf(() => parse({ scenarios: [scenario(), s] })).message).toBe(
      'cases/x.json: /scenarios/1/world/meters/0/supplier: no party named "SUP-9"',
    );
  });

  it('marks ZAZ1 cases SKIPPED with the probe reason when the material is absent', () => {
    const s = { ...scenario(), tags: ['zaz1'] };
    const [loaded] = parseScenarioFile(JSON.stringify(s), 'z.json', {
      zaz1Unavailable: () => 'material absent',
    });
    expect(loaded?.skip).toBe('material absent');
  });

  it("marks DCC Boxed's stock-world cases SKIPPED the same way", () => {
    const s = { ...scenario(), world: { ...scenario().world, material: 'dcc-boxed' } };
    const [loaded] = parseScenarioFile(JSON.stringify(s), 'b.json', {
      zaz1Unavailable: () => 'material absent',
    });
    expect(loaded?.skip).toBe('material absent');
  });
});

describe('families', () => {
  const family: ScenarioFamily = {
    family: 'KRP-PAIR',
    idPattern: 'KRP-PAIR-{from}-{to}',
    parameters: { from: [10, 11, 12], to: [10, 11, 12] },
    distinct: ['from', 'to'],
    template: {
      ...template(),
      world: {
        meters: [{ name: 'M', area: '{to}' as unknown as number, supplier: 'SUP-1', noCells: 'NO-B' }],
      },
      title: 'from {from} to {to}',
    } as unknown as ScenarioFamily['template'],
  };

  it('expands ordered pairs of distinct values, typing whole-placeholder strings', () => {
    const cases = expandFamily(family);
    expect(cases.map((c) => (c.scenario as { id: string }).id)).toEqual([
      'KRP-PAIR-10-11',
      'KRP-PAIR-10-12',
      'KRP-PAIR-11-10',
      'KRP-PAIR-11-12',
      'KRP-PAIR-12-10',
      'KRP-PAIR-12-11',
    ]);
    const first = cases[0]!.scenario as { title: string; world: { meters: { area: unknown }[] } };
    expect(first.title).toBe('from 10 to 11');
    expect(first.world.meters[0]!.area).toBe(11);
  });

  it('validates every expanded case and names the case in errors', () => {
    const bad = {
      ...family,
      template: {
        ...family.template,
        world: { meters: [{ name: 'M', area: '{to}', supplier: 'SUP-{from}', noCells: 'NO-B' }] },
      },
    };
    expect(errorOf(() => parse(bad)).message).toBe(
      'cases/x.json (case KRP-PAIR-10-11, template): /world/meters/0/supplier: no party named "SUP-10"',
    );
  });
});

describe('catalogue', () => {
  it('expands the shipped area family into 182 ordered pairs of the 14 areas', () => {
    const area = loadCatalogue(join(__dirname, '../../../../scenarios'), { filter: 'KRP-AREA-*' });
    expect(area).toHaveLength(14 * 13);
    expect(area.map((l) => l.scenario.id)).toContain('KRP-AREA-23-10');
    expect(area.some((l) => l.scenario.id === 'KRP-AREA-12-12')).toBe(false);
  });

  it('refuses duplicate ids across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(scenario()));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(scenario()));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ files: ['a.json', 'b.json'] }));
    expect(errorOf(() => loadCatalogue(dir)).message).toMatch(/b\.json: \/id: duplicate id KRP-TEST-001/);
  });

  it('names where a manifest breaks as line and column, and a missing one as not found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    expect(errorOf(() => loadCatalogue(dir))).toMatchObject({ code: 'ERR_SCENARIO_IO' });
    expect(errorOf(() => loadCatalogue(dir)).message).toMatch(
      /manifest\.json: cannot read the manifest: not found/,
    );
    writeFileSync(join(dir, 'manifest.json'), '{\n  "files": [\n    "a.json",\n  ]\n}\n');
    const err = errorOf(() => loadCatalogue(dir));
    expect(err).toMatchObject({ code: 'ERR_SCENARIO_JSON' });
    expect(err.message).toMatch(/manifest\.json: line 4, column 3: /);
  });

  it('publishes the schema file the loader uses', () => {
    const file = JSON.parse(
      readFileSync(join(__dirname, '../../../../scenarios/scenario.schema.json'), 'utf8'),
    ) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });
});

describe('idMatcher', () => {
  it('matches globs and comma-separated alternatives', () => {
    const m = idMatcher('KRP-MIS-00?,KRP-AREA-1*-23');
    expect(['KRP-MIS-001', 'KRP-MIS-0010', 'KRP-AREA-12-23', 'KRP-AREA-23-12'].map(m)).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('policy keys of expectations', () => {
  const withKey = (key: string, extra: Record<string, unknown> = {}) => {
    const s = scenario();
    return {
      ...s,
      ...extra,
      steps: s.steps.map((x, i) => (i === 1 ? { ...x, expect: { [key]: { outcome: 'accepted' } } } : x)),
    };
  };

  it('refuses a key that is neither a preset nor "*", at its pointer, suggesting the preset meant', () => {
    const e = errorOf(() => parse(withKey('relaxd')));
    expect(e.code).toBe('ERR_SCENARIO_SCHEMA');
    expect(e.message).toMatch(
      /^cases\/x\.json: \/steps\/1\/expect\/relaxd: "relaxd" is not a preset policy \(legacy, /,
    );
    expect(e.message).toContain('did you mean "relaxed"?');
  });

  it('refuses an unknown key in expectFinal too', () => {
    const e = errorOf(() =>
      parse({ ...scenario(), expectFinal: { correctve: { M1: { supply: 'enabled' } } } }),
    );
    expect(e.message).toContain('/expectFinal/correctve: "correctve" is not a preset policy');
    expect(e.message).toContain('did you mean "corrective"?');
  });

  it('takes a custom policy key the scenario declares in customPolicies', () => {
    expect(parse(withKey('my-policy', { customPolicies: ['my-policy'] }))).toHaveLength(1);
    expect(errorOf(() => parse(withKey('my-policy'))).message).toContain('goes in "customPolicies"');
    expect(parse(withKey('prevent-corrective'))).toHaveLength(1);
  });
});
