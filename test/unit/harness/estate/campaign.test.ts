import fc from 'fast-check';
import {
  buildEstateLayout,
  estateCredentials,
  estateParties,
  isMisplaced,
  materializeShard,
  meterDeviceId,
  runEstate,
  runShardCampaign,
  type EstateCredentials,
} from '../../../../harness/estate';
import { deriveSigner, parseEui } from '../../../../certs';
import { certificateIn, PRESET_POLICIES, presetPolicy, REFERENCE_EPOCH } from '../../../../simulator';

const AT = new Date('2024-06-01T12:00:00Z');
const SEED = 'campaign-test';

describe('estate campaign (in this thread)', () => {
  const layout = buildEstateLayout({ meters: 400, misplacedRate: 0.25, seed: SEED });
  let creds: EstateCredentials;
  beforeAll(() => {
    creds = estateCredentials(SEED);
  });

  it('materialises a shard whose cells point at the interned certificates', () => {
    const shard = materializeShard(layout, 100, 200, creds, estateParties(creds), REFERENCE_EPOCH, true);
    expect(shard.meters).toBe(100);
    expect(shard.devices).toHaveLength(100);
    expect(shard.world.inventory.size).toBe(100);
    expect(shard.misplaced).toEqual(
      Array.from({ length: 100 }, (_, k) => 100 + k).filter((i) => isMisplaced(layout, i)),
    );
    const first = shard.devices[0]!;
    const holder = creds.networkOperators[layout.cellNo[100]!]!;
    expect(certificateIn(first, { role: 3, keyUsage: 'DS', cellUsage: 'management' })).toBe(holder.ds);
  });

  it('materialises only the misplaced meters by default, each as it would be in the whole shard', () => {
    const whole = materializeShard(layout, 100, 200, creds, estateParties(creds), REFERENCE_EPOCH, true);
    const shard = materializeShard(layout, 100, 200, creds, estateParties(creds), REFERENCE_EPOCH);
    expect(shard.meters).toBe(100);
    expect(shard.misplaced).toEqual(whole.misplaced);
    expect(shard.devices).toHaveLength(whole.misplaced.length);
    expect(shard.world.inventory.size).toBe(whole.misplaced.length);
    for (const d of shard.devices) {
      expect(d).toEqual(whole.devices.find((w) => w.deviceId === d.deviceId));
      const mpxn = shard.world.inventory.get(d.deviceId)!.mpxn;
      expect(whole.world.inventory.get(d.deviceId)!.mpxn).toBe(mpxn);
    }
  });

  it('gives the same tally whether every meter or only the misplaced ones are materialised', () => {
    for (const policy of PRESET_POLICIES) {
      const run = (all: boolean) =>
        runShardCampaign(
          layout,
          materializeShard(layout, 0, 400, creds, estateParties(creds), REFERENCE_EPOCH, all),
          creds,
          policy,
          AT,
        );
      expect(run(false)).toEqual(run(true));
    }
  });

  it('reconciles its counts and repairs nothing under legacy, everything under the relaxed family', async () => {
    const run = await runEstate({
      meters: 400,
      misplacedRate: 0.25,
      policies: PRESET_POLICIES,
      workers: 0,
      seed: SEED,
      shardSize: 128,
    });
    const misplaced = Array.from({ length: 400 }, (_, i) => isMisplaced(layout, i)).filter(Boolean).length;
    expect(run.results.map((r) => r.policy)).toEqual(PRESET_POLICIES.map((p) => p.name));
    for (const r of run.results) {
      expect(r.meters).toBe(400);
      expect(r.misplaced).toBe(misplaced);
      expect(r.repaired + r.stuck).toBe(r.misplaced);
      expect(r.accepted + Object.values(r.refusals).reduce((a, b) => a + b, 0)).toBe(r.requests);
      expect(r.requests).toBe(2 * misplaced);
    }
    const byName = new Map(run.results.map((r) => [r.policy, r]));
    expect(byName.get('legacy')).toMatchObject({
      repaired: 0,
      stuck: misplaced,
      accepted: 0,
      refusals: { AUTHORITY_SIGNATURE: misplaced, GATE_NOT_REGISTERED: misplaced },
    });
    for (const name of ['relaxed', 'relaxed-6151', 'corrective', 'smets2']) {
      expect(byName.get(name)).toMatchObject({
        repaired: misplaced,
        stuck: 0,
        accepted: misplaced,
        refusals: { AUTHORITY_SIGNATURE: misplaced },
      });
    }
    expect(byName.get('corrective')!.waivers).toEqual({ 'no-correction-to-registered-no': misplaced });
  });

  it('really verifies every signature: a holder signing with a wrong key repairs nothing', () => {
    const forged: EstateCredentials = {
      ...creds,
      networkOperators: creds.networkOperators.map((p) => ({ ...p, signer: deriveSigner('forger', p.name) })),
    };
    const shard = materializeShard(layout, 0, 120, forged, estateParties(forged), REFERENCE_EPOCH);
    const tally = runShardCampaign(layout, shard, forged, presetPolicy('relaxed'), AT);
    expect(tally.misplaced).toBeGreaterThan(0);
    expect(tally).toMatchObject({
      repaired: 0,
      stuck: tally.misplaced,
      accepted: 0,
      refusals: { AUTHORITY_SIGNATURE: 2 * tally.misplaced },
    });
  });

  it('leaves correctly placed meters alone and installs the registered NO on repaired ones', () => {
    const shard = materializeShard(layout, 0, 50, creds, estateParties(creds), REFERENCE_EPOCH);
    const tally = runShardCampaign(layout, shard, creds, presetPolicy('corrective'), AT);
    expect(tally.meters).toBe(50);
    expect(tally.repaired).toBe(shard.misplaced.length);
  });

  it('names every meter with a canonical EUI of its own (00DB and the index)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        (i, j) => {
          expect(parseEui(meterDeviceId(i))).toBe(meterDeviceId(i));
          expect(meterDeviceId(i).startsWith('00DB')).toBe(true);
          expect(meterDeviceId(i) === meterDeviceId(j)).toBe(i === j);
        },
      ),
    );
  });
});
