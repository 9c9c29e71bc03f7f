import { RemotePartyRole } from '../../certs';
import { mutationScore, survivors } from '../../harness/mutate';
import { createScenarioKeys, loadCatalogue, SHIPPED_CATALOGUE } from '../../harness/scenario';
import { PRESET_POLICIES } from '../../simulator';

/**
 * The catalogue's power, read from the score (not timed): every check of the reference switched off
 * in turn must make some catalogue case fail under every preset where the check can change a
 * verdict, judged only on what every provider reports (outcome, DUIS code, phase, final state).
 * Slow (the whole catalogue once per mutant and preset, about 5 minutes on two shared cores): an
 * extended-tier candidate.
 */
describe('the mutation score of the shipped catalogue', () => {
  it('kills every mutant of the reference under every preset where its check matters, by two routes', async () => {
    const keys = createScenarioKeys();
    const acbSigner = keys
      .pki('smets1-harness', [])
      .parties.find((p) => p.role === RemotePartyRole.accessControlBroker)!.ds.signer;
    const report = await mutationScore({
      scenarios: loadCatalogue(SHIPPED_CATALOGUE),
      policies: PRESET_POLICIES,
      keys,
      acbSigner,
    });
    expect(report.baselineNotPassing).toEqual([]);
    expect(survivors(report)).toEqual([]);
    const singleRoute = report.mutants.flatMap((m) =>
      m.outcomes
        .filter((o) => o.status === 'killed' && o.routes < 2)
        .map((o) => `${m.check} under ${o.policy}`),
    );
    expect(singleRoute).toEqual([]);
    // every not-applicable pair says why
    for (const m of report.mutants)
      for (const o of m.outcomes) if (o.status === 'not-applicable') expect(o.why.length).toBeGreaterThan(20);
  }, 1_800_000);
});
