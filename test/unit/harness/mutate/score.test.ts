import { RemotePartyRole } from '../../../../certs';
import {
  MUTANTS,
  mutationRunReport,
  mutationScore,
  renderMutation,
  survivors,
  whyCheckCannotMatter,
} from '../../../../harness/mutate';
import { toHtml, validateReport } from '../../../../harness/report';
import type { CaseResult } from '../../../../harness/report/types';
import {
  createScenarioKeys,
  loadCatalogue,
  SHIPPED_CATALOGUE,
  type Scenario,
} from '../../../../harness/scenario';
import { PIPELINE_CHECKS, presetPolicy, PRESET_POLICIES, type PipelineCheck } from '../../../../simulator';

const keys = createScenarioKeys();
const acbSigner = keys
  .pki('smets1-harness', [])
  .parties.find((p) => p.role === RemotePartyRole.accessControlBroker)!.ds.signer;
const cases = (filter: string) => loadCatalogue(SHIPPED_CATALOGUE, { filter });

describe('mutationScore', () => {
  it('has one mutant per check of the reference, in pipeline order', () => {
    expect(MUTANTS.map((m) => m.check)).toEqual([...PIPELINE_CHECKS]);
  });

  it('reports a mutant killed by the cases that catch it, with their routes, and survived by a catalogue that does not', async () => {
    let baseline: readonly CaseResult[] = [];
    const report = await mutationScore({
      scenarios: cases('KRP-FLOOR-004,KRP-FLOOR-005,KRP-MIS-001'),
      policies: [presetPolicy('legacy')],
      keys,
      acbSigner,
      checks: ['floor', 'send-match'],
      onBaseline: (c) => {
        baseline = c;
      },
    });
    expect(report.baselineNotPassing).toEqual([]);
    // in pipeline order, whatever order they were asked in
    expect(report.mutants.map((m) => m.check)).toEqual(['send-match', 'floor']);
    const [match, floor] = report.mutants;
    expect(floor!.outcomes[0]).toMatchObject({ status: 'killed', routes: 2 });
    const kills = floor!.outcomes[0]!.status === 'killed' ? floor!.outcomes[0]!.kills : [];
    expect(kills.map((k) => k.id)).toEqual(['KRP-FLOOR-004', 'KRP-FLOOR-005']);
    expect(kills[0]!.reason).toMatch(/step 1: expected rejected E061508/);
    expect(match!.outcomes[0]).toEqual({ policy: 'legacy', status: 'survived' });
    expect(survivors(report)).toEqual([
      expect.objectContaining({
        check: 'send-match',
        policy: 'legacy',
        source: expect.stringMatching(/DUIS 3.4/),
      }),
    ]);
    expect(report.summary).toMatchObject({
      pairs: 2,
      killed: 1,
      survived: 1,
      notApplicable: 0,
      singleRoute: 0,
    });
    expect(renderMutation(report)).toMatch(/send-match\s+SURVIVED[\s\S]*floor\s+K 2\/2[\s\S]*survivors/);
    const run = validateReport(JSON.parse(JSON.stringify(mutationRunReport(report, baseline))));
    expect(run.mutation?.mutants).toHaveLength(2);
    expect(toHtml(run)).toMatch(/id="mutation"[\s\S]*SURVIVED/);
  }, 60_000);

  it('counts a kill only where a provider would see it unless asked to observe every field', async () => {
    // Wrong role and wrong key usage: with the role check skipped the key-usage check refuses, with
    // the same DUIS code (E061504) but another refusal code, which a provider need not report.
    const scenario: Scenario = {
      id: 'KRP-TEST-001',
      title: 'two defects',
      description: 'a DS cell given a KA certificate of the NO role',
      tags: [],
      specRefs: ['GBCS CS02b'],
      world: { meters: [{ name: 'M1', area: 12, supplier: 'SUP-1', noCells: 'NO-A' }] },
      steps: [
        {
          kind: 'request',
          actor: 'SUP-1',
          userRole: 'IS',
          srv: '6.15.1',
          device: 'M1',
          counter: 1,
          remotePartyRole: 'Supplier',
          replacements: { ds: { party: 'SUP-1', role: 3, keyUsage: 'KA' }, ka: 'SUP-1' },
          expect: { '*': { outcome: 'rejected', code: 'REPLACEMENT_ROLE' } },
        },
      ],
    };
    const run = async (observe: 'duis' | 'full') =>
      (
        await mutationScore({
          scenarios: [{ scenario, file: '(inline)' }],
          policies: [presetPolicy('relaxed')],
          keys,
          acbSigner,
          checks: ['replacement-role'],
          observe,
        })
      ).mutants[0]!.outcomes[0]!.status;
    expect(await run('duis')).toBe('survived');
    expect(await run('full')).toBe('killed');
  }, 60_000);

  it('says why a check cannot change a verdict under a policy, from the policy data', () => {
    const why = (check: PipelineCheck, policy: string) => whyCheckCannotMatter(check, presetPolicy(policy));
    expect(why('placement', 'legacy')).toMatch(/no placement check/);
    expect(why('placement', 'prevent')).toBeUndefined();
    expect(why('waiver-binding', 'corrective')).toBeUndefined();
    expect(why('waiver-scope', 'corrective')).toMatch(/can only name NetworkOperator/);
    expect(why('device-mac', 'legacy')).toBeUndefined();
    expect(why('replacement-present', 'relaxed')).toMatch(/PARSE_XML/);
    for (const p of PRESET_POLICIES) expect(whyCheckCannotMatter('signature', p)).toBeUndefined();
  });
});
