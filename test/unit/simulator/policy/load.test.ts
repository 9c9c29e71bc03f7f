import {
  correctivePolicy,
  parsePolicy,
  parsePolicyJson,
  PRESET_POLICIES,
  presetPolicy,
} from '../../../../simulator';

describe('policies as data', () => {
  it('names the seven presets', () => {
    expect(PRESET_POLICIES.map((p) => p.name)).toEqual([
      'legacy',
      'relaxed',
      'relaxed-6151',
      'corrective',
      'smets2',
      'prevent',
      'prevent-corrective',
    ]);
    expect(presetPolicy('corrective')).toBe(correctivePolicy);
  });

  it('round-trips every preset through JSON', () => {
    for (const p of PRESET_POLICIES) expect(parsePolicyJson(JSON.stringify(p))).toEqual(p);
  });

  it('lets a custom policy combine a waiver with the placement check, and refuses a malformed check', () => {
    const custom = {
      name: 'relaxed-6151-prevent',
      description: 'relaxed-6151 plus the placement check',
      authority: 'dcc',
      waivers: presetPolicy('relaxed-6151').waivers,
      placementChecks: presetPolicy('prevent').placementChecks,
    };
    expect(parsePolicy(custom).placementChecks).toHaveLength(2);
    expect(() =>
      parsePolicy({ ...custom, placementChecks: [{ ...custom.placementChecks![0], srvs: ['7.2'] }] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_POLICY_SCHEMA' }));
    expect(() =>
      parsePolicy({ ...custom, placementChecks: [{ ...custom.placementChecks![0], id: 'srv-6.15.1' }] }),
    ).toThrow(/duplicate waiver id srv-6.15.1/);
  });

  it('refuses an unknown preset, listing the valid ones', () => {
    expect(() => presetPolicy('lax')).toThrow(/unknown policy "lax"; presets are legacy, relaxed/);
  });

  it('refuses unknown fields with their path', () => {
    const bad = { ...correctivePolicy, waivers: [{ ...correctivePolicy.waivers[0], allowEverything: true }] };
    expect(() => parsePolicy(bad)).toThrow(
      /\/waivers\/0: must NOT have additional properties \(allowEverything\)/,
    );
  });

  it('refuses wrong values, malformed JSON and duplicate waiver ids', () => {
    expect(() => parsePolicy({ ...correctivePolicy, authority: 'meter' })).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_SCHEMA' }),
    );
    expect(() => parsePolicyJson('{"name":')).toThrow(expect.objectContaining({ code: 'ERR_POLICY_JSON' }));
    const w = correctivePolicy.waivers[0]!;
    expect(() => parsePolicy({ ...correctivePolicy, waivers: [w, w] })).toThrow(/duplicate waiver id/);
  });

  it('accepts a custom policy', () => {
    const custom = parsePolicyJson(
      JSON.stringify({
        name: 'gas-only',
        description: 'Waive 6.15.1 for gas transporters only',
        authority: 'dcc',
        waivers: [{ id: 'gt-6151', description: 'GT may correct', srvs: ['6.15.1'], userRoles: ['GT'] }],
      }),
    );
    expect(custom.waivers[0]!.userRoles).toEqual(['GT']);
  });
});
