import type { ExpectationInput, Scenario } from '../../harness/scenario';

/**
 * The smallest misplaced-meter scenario: M1 in London (registered NO-A) carries NO-B's
 * certificates and NO-B hands it over to NO-A in one 6.15.1. Tests pass the per-policy
 * expectation (sometimes deliberately wrong) and any extra fields.
 */
export function handoverScenario(
  id: string,
  expect: Readonly<Record<string, ExpectationInput>>,
  extra: Partial<Scenario> = {},
): Scenario {
  return {
    id,
    title: id,
    description: 'NO-B hands M1 over to NO-A',
    tags: [],
    specRefs: [],
    world: { meters: [{ name: 'M1', area: 12, supplier: 'SUP-1', noCells: 'NO-B' }] },
    steps: [
      {
        kind: 'request',
        actor: 'NO-B',
        srv: '6.15.1',
        device: 'M1',
        counter: 1,
        remotePartyRole: 'NetworkOperator',
        replacements: 'NO-A',
        expect,
      },
    ],
    ...extra,
  };
}
