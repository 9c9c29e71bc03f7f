import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorld } from '../../../../simulator';
import {
  DCC_BOXED_CLOCK,
  DCC_BOXED_WORLD,
  dccBoxedWorld,
  loadCatalogue,
  loadZaz1Material,
  SHIPPED_CATALOGUE,
} from '../../../../harness/scenario';

describe('dccBoxedWorld (ZAZ1 keystore)', () => {
  const boxed = dccBoxedWorld();

  it('builds a valid world with the ZAZ1 users, the inventory and the ZAZ1 ACB', () => {
    const { world } = buildWorld(boxed.spec);
    expect([...world.parties.values()].map((p) => p.name).sort()).toEqual([
      'ZAZ1-NO',
      'ZAZ1-SUP',
      'ZAZ1-SUP2',
    ]);
    expect([...world.inventory.keys()].sort()).toEqual([
      '00DB1234567890A0',
      '00DB1234567890B1',
      '00DB1234567890B2',
    ]);
    expect(world.inventory.get('00DB1234567890A0' as never)?.smets).toBe(2);
    expect(world.acb).toBe('90B3D51F30000002');
    expect(world.settings.smets2GeneralCiphering).toBe(true);
    expect(world.revoked.size).toBe(1);
  });

  it('puts the keystore certificates in the device cells', () => {
    const material = loadZaz1Material();
    const noDs = material.entries.get('Z1-networkOperator-ds')!.pair.certificate;
    const acbDs = material.entries.get('Z1-accessControlBroker-ds')!.pair.certificate;
    const device = boxed.spec.devices.find((d) => d.deviceId === '00-DB-12-34-56-78-90-B1')!;
    const certs = device.cells.map((c) => c.certificate);
    expect(certs).toContain(Buffer.from(noDs.der).toString('base64'));
    expect(certs).toContain(Buffer.from(acbDs.der).toString('base64'));
  });

  it('trusts the keystore users XML-signing certificates one by one and runs inside their validity', () => {
    expect(boxed.userXmlSigning.map((c) => c.eui).sort()).toEqual([
      '00DB123456780004',
      '90B3D51F30010000',
      '90B3D51F30020000',
    ]);
    const clock = new Date(DCC_BOXED_CLOCK);
    for (const c of [...boxed.userXmlSigning, boxed.keys.dcc.certificate, boxed.keys.s1sp.certificate]) {
      expect(c.notBefore.getTime()).toBeLessThanOrEqual(clock.getTime());
      expect(c.notAfter.getTime()).toBeGreaterThan(clock.getTime());
    }
    expect(boxed.keys.dcc.certificate.role).toBe(4);
  });

  it('says how to install the keystore when it is absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zaz1-'));
    expect(() => dccBoxedWorld({ keystore: join(dir, 'missing.json') })).toThrow(
      expect.objectContaining({
        code: 'ERR_ZAZ1_NOT_INSTALLED',
        message: expect.stringContaining('npm install'),
      }),
    );
    writeFileSync(join(dir, 'keystore.json'), '{"nope": 1}');
    expect(() => dccBoxedWorld({ keystore: dir })).toThrow(
      expect.objectContaining({ code: 'ERR_SCENARIO_MATERIAL' }),
    );
  });
});

describe('the BOXED-* family', () => {
  const boxed = loadCatalogue(SHIPPED_CATALOGUE, { filter: 'BOXED-*' });

  it('has at least 12 scenarios, each on DCC Boxed stock world as it is', () => {
    expect(boxed.length).toBeGreaterThanOrEqual(12);
    for (const { scenario } of boxed) expect(scenario.world).toEqual(DCC_BOXED_WORLD);
  });

  it('names its expected verdict set: legacy for SMETS1 devices, smets2 for SMETS2 ones', () => {
    for (const { scenario } of boxed) {
      const smets2 = scenario.tags.includes('smets2');
      expect(scenario.tags).toContain(smets2 ? 'verdict-smets2' : 'verdict-legacy');
      expect(scenario.specRefs.length).toBeGreaterThan(0);
    }
  });
});
