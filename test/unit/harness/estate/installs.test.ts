import {
  buildEstateLayout,
  buildInstallPlan,
  estateCredentials,
  estateParties,
  installDeviceId,
  installRange,
  isMisplaced,
  materializeShard,
  runEstate,
  runShardCampaign,
  EstateError,
  type EstateCredentials,
} from '../../../../harness/estate';
import { certificateIn, presetPolicy, PRESET_POLICIES, REFERENCE_EPOCH } from '../../../../simulator';
import { reconcileEstate } from '../../../../harness/cli/commands/estate';

const AT = new Date('2024-06-01T12:00:00Z');
const SEED = 'installs-test';
const NO_DS = { role: 3, keyUsage: 'DS', cellUsage: 'management' } as const;

describe('installation plan', () => {
  it('is drawn from its own stream: the estate is the same with or without installations', () => {
    const a = buildEstateLayout({ meters: 300, misplacedRate: 0.2, seed: SEED });
    buildInstallPlan({ installs: 100, misplacedRate: 0.2, seed: SEED });
    const b = buildEstateLayout({ meters: 300, misplacedRate: 0.2, seed: SEED });
    expect(Buffer.from(b.cellNo)).toEqual(Buffer.from(a.cellNo));
    const p1 = buildInstallPlan({ installs: 100, misplacedRate: 0.2, seed: SEED });
    const p2 = buildInstallPlan({ installs: 100, misplacedRate: 0.2, seed: SEED });
    expect(Buffer.from(p2.cellNo)).toEqual(Buffer.from(p1.cellNo));
    expect(Buffer.from(p1.cellNo)).not.toEqual(Buffer.from(a.cellNo.subarray(0, 100)));
  });

  it('spreads installations over the shards: disjoint ranges covering every install once', () => {
    for (const [installs, tasks] of [
      [0, 3],
      [7, 3],
      [100, 7],
      [5, 9],
    ] as const) {
      const covered = Array.from({ length: tasks }, (_, k) => installRange(installs, k, tasks)).flatMap((r) =>
        Array.from({ length: r.end - r.start }, (_, i) => r.start + i),
      );
      expect(covered).toEqual(Array.from({ length: installs }, (_, i) => i));
    }
  });
});

describe('installations in a shard campaign (in this thread)', () => {
  const layout = buildEstateLayout({ meters: 200, misplacedRate: 0.2, seed: SEED });
  const plan = buildInstallPlan({ installs: 120, misplacedRate: 0.3, seed: SEED });
  const wrong = Array.from({ length: 120 }, (_, j) => j).filter((j) => isMisplaced(plan, j));
  let creds: EstateCredentials;
  beforeAll(() => {
    creds = estateCredentials(SEED);
  });
  const shardWith = () =>
    materializeShard(layout, 0, 200, creds, estateParties(creds), REFERENCE_EPOCH, false, {
      plan,
      meters: 200,
      start: 0,
      end: 120,
    });

  it('materialises the new meters DCC-controlled (the ACB in the NO cells), numbered after the estate', () => {
    const shard = shardWith();
    expect(shard.installs).toHaveLength(120);
    const first = shard.devices.find((d) => d.deviceId === installDeviceId(200, 0))!;
    expect(certificateIn(first, NO_DS)).toBe(creds.acb.ds);
    expect(shard.world.inventory.get(installDeviceId(200, 0))).toBeDefined();
    expect(new Set(shard.devices.map((d) => d.deviceId)).size).toBe(shard.devices.length);
    expect(new Set([...shard.world.inventory.values()].map((d) => d.mpxn)).size).toBe(
      shard.world.inventory.size,
    );
  });

  it('without the placement check the wrong NO named by the installer ends in the cells', () => {
    expect(wrong.length).toBeGreaterThan(10);
    const shard = shardWith();
    const t = runShardCampaign(layout, shard, creds, presetPolicy('legacy'), AT, plan);
    expect(t.installs).toBe(120);
    expect(t.installsMisplaced).toBe(wrong.length);
    expect(t.installRetries).toBe(0);
    expect(t.installsFailed).toBe(0);
    // Two correction requests per misplaced meter, one hand-over per installation.
    expect(t.requests).toBe(2 * shard.misplaced.length + 120);
  });

  it('with the placement check every wrong installation is refused, retried and placed right', () => {
    const shard = shardWith();
    const t = runShardCampaign(layout, shard, creds, presetPolicy('prevent'), AT, plan);
    expect(t.installsMisplaced).toBe(0);
    expect(t.installRetries).toBe(wrong.length);
    expect(t.refusals.GATE_PLACEMENT_NOT_REGISTERED_NO).toBe(wrong.length);
    expect(t.requests).toBe(2 * shard.misplaced.length + 120 + wrong.length);
  });
});

describe('runEstate with installations', () => {
  it('reports the misplaced stock before and after per policy: cure, prevention, both', async () => {
    const run = await runEstate({
      meters: 600,
      misplacedRate: 0.2,
      installs: 200,
      policies: PRESET_POLICIES,
      workers: 0,
      seed: SEED,
      shardSize: 128,
    });
    expect(run.installs).toBe(200);
    const by = new Map(run.results.map((r) => [r.policy, r]));
    const before = by.get('legacy')!.misplaced;
    const wrong = by.get('legacy')!.installs!.misplaced;
    expect(wrong).toBeGreaterThan(0);
    expect(by.get('legacy')!.installs).toMatchObject({
      misplacedBefore: before,
      misplacedAfter: before + wrong,
    });
    expect(by.get('corrective')!.installs).toMatchObject({ misplacedAfter: wrong });
    expect(by.get('prevent')!.installs).toMatchObject({
      misplacedAfter: before,
      retries: wrong,
      misplaced: 0,
    });
    expect(by.get('prevent-corrective')!.installs).toMatchObject({ misplacedAfter: 0, misplaced: 0 });
  });

  it('leaves the run without installation fields when there are none', async () => {
    const run = await runEstate({ meters: 50, policies: [presetPolicy('legacy')], workers: 0 });
    expect(run.installs).toBeUndefined();
    expect(run.results[0]!.installs).toBeUndefined();
  });

  it('refuses a negative or fractional count with ERR_ESTATE_OPTIONS', async () => {
    for (const installs of [-1, 1.5])
      await expect(
        runEstate({ meters: 10, installs, policies: [presetPolicy('legacy')], workers: 0 }),
      ).rejects.toThrow(EstateError);
  });
});

describe('reconcileEstate with installations', () => {
  it('flags a stock after that is not stuck + misplaced installations', async () => {
    const run = await runEstate({
      meters: 200,
      installs: 50,
      misplacedRate: 0.3,
      policies: [presetPolicy('legacy')],
      workers: 0,
      seed: SEED,
    });
    expect(reconcileEstate(run)).toEqual([]);
    const r = run.results[0]!;
    const tampered = { ...run, results: [{ ...r, installs: { ...r.installs!, misplacedAfter: r.stuck } }] };
    expect(reconcileEstate(tampered)).toEqual([expect.stringContaining('legacy: installs do not add up')]);
  });
});
