import { preventPolicy, relaxedPolicy } from '../../../../../simulator/policy/policy';
import {
  expectationKeys,
  missingExpectation,
  pickForPolicy,
} from '../../../../../harness/conformance/runner/expectations';
import type { Scenario } from '../../../../../harness/scenario/types';

describe('the expectation that applies to a policy', () => {
  it('is looked up by the policy name, then the preset it extends, then `*`', () => {
    expect(expectationKeys(preventPolicy)).toEqual(['prevent', 'legacy', '*']);
    expect(expectationKeys(relaxedPolicy)).toEqual(['relaxed', '*']);
    const map = { legacy: 'L', '*': 'any' };
    expect(pickForPolicy(map, preventPolicy)).toBe('L');
    expect(pickForPolicy({ ...map, prevent: 'P' }, preventPolicy)).toBe('P');
    expect(pickForPolicy({ '*': 'any' }, preventPolicy)).toBe('any');
    expect(pickForPolicy({ legacy: 'L' }, relaxedPolicy)).toBeUndefined();
    expect(pickForPolicy(undefined, relaxedPolicy)).toBeUndefined();
  });

  it('is missing at the first request or replay step without one (world changes need none)', () => {
    const scenario = {
      steps: [
        { kind: 'revoke', certificate: 'NO-A' },
        { kind: 'replay', of: 0, expect: { '*': { outcome: 'accepted' } } },
        { kind: 'replay', of: 0, expect: { legacy: { outcome: 'accepted' } } },
      ],
    } as unknown as Scenario;
    expect(missingExpectation(scenario, relaxedPolicy)).toBe('no expectation for policy relaxed at step 2');
    const covered = { steps: scenario.steps.slice(0, 2) } as unknown as Scenario;
    expect(missingExpectation(covered, relaxedPolicy)).toBeUndefined();
  });
});
