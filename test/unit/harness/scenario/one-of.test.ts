import { parseScenarioFile, ScenarioError } from '../../../../harness/scenario';

const withExpect = (expect: unknown) => ({
  id: 'KRP-TEST-001',
  title: 'one of',
  description: 'alternatives',
  tags: [],
  specRefs: [],
  world: { meters: [{ name: 'M1', area: 12, supplier: 'SUP-1', noCells: 'NO-B' }] },
  steps: [
    {
      kind: 'request',
      actor: 'NO-A',
      srv: '6.15.1',
      device: 'M1',
      counter: 1,
      remotePartyRole: 'NetworkOperator',
      replacements: 'NO-A',
      expect,
    },
  ],
});

const parse = (value: unknown) => parseScenarioFile(JSON.stringify(value), 'x.json');

function messageOf(value: unknown): string {
  try {
    parse(value);
  } catch (err) {
    if (err instanceof ScenarioError && err.code === 'ERR_SCENARIO_SCHEMA') return err.message;
    throw err;
  }
  throw new Error('expected ERR_SCENARIO_SCHEMA');
}

describe('oneOf expectations in the scenario schema', () => {
  const refusedAtSend = { outcome: 'rejected', code: 'AUTHORITY_SIGNATURE', phase: 'send' };
  const refusedAtTransform = { outcome: 'rejected', phase: 'transform' };

  it('accepts two or more distinct alternatives, per policy, next to plain expectations', () => {
    const [loaded] = parse(
      withExpect({ '*': { oneOf: [refusedAtSend, refusedAtTransform] }, smets2: refusedAtSend }),
    );
    const step = loaded!.scenario.steps[0];
    expect(step?.kind === 'request' && step.expect['*']).toEqual({
      oneOf: [refusedAtSend, refusedAtTransform],
    });
  });

  it.each([
    [
      'an empty list',
      { oneOf: [] },
      /^x\.json: \/steps\/0\/expect\/\*\/oneOf: must NOT have fewer than 2 items$/,
    ],
    ['a single alternative', { oneOf: [refusedAtSend] }, /oneOf: must NOT have fewer than 2 items/],
    [
      'the same alternative twice',
      { oneOf: [refusedAtSend, refusedAtSend] },
      /oneOf: must NOT have duplicate items/,
    ],
    [
      'a nested oneOf',
      { oneOf: [refusedAtSend, { oneOf: [refusedAtSend, refusedAtTransform] }] },
      /oneOf\/1: unknown field "oneOf"/,
    ],
    [
      'a field beside oneOf',
      { oneOf: [refusedAtSend, refusedAtTransform], outcome: 'rejected' },
      /^x\.json: \/steps\/0\/expect\/\*: unknown field "outcome"$/,
    ],
    [
      'a bad alternative',
      { oneOf: [refusedAtSend, { outcome: 'maybe' }] },
      /oneOf\/1\/outcome: must be one of/,
    ],
  ])('refuses %s', (_what, e, message) => {
    expect(messageOf(withExpect({ '*': e }))).toMatch(message);
  });
});
