import { parseScenarioFile, ScenarioError, type Scenario } from '../../../../harness/scenario';
import { handoverScenario } from '../../../support/handover-scenario';

const withFinal = (m1: unknown) =>
  handoverScenario(
    'KRP-TEST-001',
    { '*': { outcome: 'accepted' } },
    { expectFinal: { '*': { M1: m1 } } as unknown as Scenario['expectFinal'] },
  );

function errorOf(value: unknown): ScenarioError {
  try {
    parseScenarioFile(JSON.stringify(value), 'x.json');
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    throw err;
  }
  throw new Error('expected a ScenarioError');
}

describe('expectFinal counters and certificates in the scenario schema', () => {
  it('accepts counters per role and certificates as names, references or literal IDs', () => {
    const [loaded] = parseScenarioFile(
      JSON.stringify(
        withFinal({
          counters: { NetworkOperator: { last: 1, floor: '18446744073709551615' }, Supplier: { floor: 0 } },
          certificates: {
            noDs: 'NO-A',
            noKa: { party: 'NO-A', label: 'v2' },
            supplierDs: { certificateId: '0a1b@ZC' },
          },
        }),
      ),
      'x.json',
    );
    expect(loaded?.scenario.expectFinal?.['*']?.M1?.counters?.NetworkOperator?.last).toBe(1);
  });

  it.each([
    [
      'an unknown role',
      { counters: { Acb: { last: 1 } } },
      'ERR_SCENARIO_SCHEMA',
      /counters: unknown field "Acb"/,
    ],
    [
      'an empty counter',
      { counters: { Supplier: {} } },
      'ERR_SCENARIO_SCHEMA',
      /counters\/Supplier: must NOT have fewer than 1 properties/,
    ],
    [
      'an unknown cell',
      { certificates: { gpfDs: 'NO-A' } },
      'ERR_SCENARIO_SCHEMA',
      /certificates: unknown field "gpfDs"/,
    ],
    [
      'a malformed certificate ID',
      { certificates: { noDs: { certificateId: 'zz' } } },
      'ERR_SCENARIO_SCHEMA',
      /certificates\/noDs/,
    ],
    [
      'an unknown party',
      { certificates: { noDs: 'NO-Z' } },
      'ERR_SCENARIO_REFERENCE',
      /\/expectFinal\/\*\/M1\/certificates\/noDs: no party named "NO-Z"/,
    ],
    [
      'a floor above 2^64 - 1',
      { counters: { NetworkOperator: { floor: '18446744073709551616' } } },
      'ERR_SCENARIO_REFERENCE',
      /counters\/NetworkOperator\/floor: above 2\^64 - 1/,
    ],
  ])('refuses %s', (_what, m1, code, message) => {
    const e = errorOf(withFinal(m1));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});
