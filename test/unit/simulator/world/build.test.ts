import { parseEui } from '../../../../certs';
import {
  buildWorld,
  registeredParty,
  worldToSpec,
  snapshotDevice,
  referenceWorldSpec,
} from '../../../../simulator';
import { party, pki } from '../../../support/reference-dcc';

describe('world files', () => {
  const spec = referenceWorldSpec(pki());

  it('builds the reference world: registered NO from the MPAN area, cells from the layout', () => {
    const { world, devices } = buildWorld(spec);
    const m1 = world.inventory.get(parseEui('00DB123456789001'))!;
    expect(m1.mpxn.slice(0, 2)).toBe('12');
    expect(
      registeredParty(world.registrations, m1.mpxn, 'networkOperator', new Date('2024-01-01T00:00:00Z')),
    ).toBe(party('NO-A').eui);
    const cells = snapshotDevice(devices[0]!).cells;
    expect(cells.find((c) => c.cell === '3/DS/management')!.owner).toBe(party('NO-B').eui);
  });

  it('saves and reloads to the same world', () => {
    const a = buildWorld(spec);
    const saved = worldToSpec(a.world, a.devices);
    const b = buildWorld(JSON.parse(JSON.stringify(saved)));
    expect(b.devices.map((d) => snapshotDevice(d))).toEqual(a.devices.map((d) => snapshotDevice(d)));
    expect(worldToSpec(b.world, b.devices)).toEqual(saved);
  });

  it.each([
    [{ ...spec, colour: 'blue' }, /must NOT have additional properties \(colour\)/],
    [{ ...spec, acb: 'not-an-eui' }, /\/acb: must match pattern/],
    [
      {
        ...spec,
        devices: [
          { ...spec.devices[0]!, cells: [{ role: 3, keyUsage: 'DS', certificate: 'AAAAAAAAAAAAAAAAAAAA' }] },
        ],
      },
      /\/devices\/0\/cells\/0\/certificate: not a certificate/,
    ],
    [
      { ...spec, registrations: [{ mpxn: '1200000000012', from: '2020-01-01T00:00:00Z' }] },
      /\/registrations\/0\/mpxn: MPAN 1200000000012 fails its check digit/,
    ],
    [
      {
        ...spec,
        registrations: [
          { mpxn: '1200000000011', supplier: '90B3D51F300400FF', from: '2020-01-01T00:00:00Z' },
        ],
      },
      /\/registrations\/0\/supplier: 90B3D51F300400FF is not a party/,
    ],
    [{ ...spec, devices: [spec.devices[0], spec.devices[0]] }, /duplicate device/],
  ])('refuses a bad world with the offending path (%#)', (bad, message) => {
    expect(() => buildWorld(bad)).toThrow(message);
  });

  it('accepts DCC test MPANs when check digits are switched off', () => {
    const d = { ...spec.devices[0]!, mpxn: '1312345678111' };
    const reg = { mpxn: '1312345678111', from: '2020-01-01T00:00:00Z' };
    expect(() => buildWorld({ ...spec, devices: [d], registrations: [reg] })).toThrow(/check digit/);
    expect(
      buildWorld({ ...spec, settings: { checkMpanDigit: false }, devices: [d], registrations: [reg] })
        .devices,
    ).toHaveLength(1);
  });
});
