import { formatEuiHyphenated, parseEui, type Eui, type TestParty, type TestPki } from '../../certs';
import {
  buildWorld,
  createDcc,
  krpRequest,
  presetPolicy,
  referencePki,
  referenceWorldSpec,
  REFERENCE_EPOCH,
  type Dcc,
  type MeterLayout,
  type Policy,
} from '../../simulator';

/** Fixed request time for simulator tests (inside every reference certificate's validity). */
export const T0 = new Date('2024-06-01T12:00:00Z');

let cachedPki: TestPki | undefined;
/** The reference PKI, issued once per test file. */
export function pki(): TestPki {
  cachedPki ??= referencePki();
  return cachedPki;
}

/** A PKI party by name. */
export function party(name: string): TestParty {
  const p = pki().parties.find((x) => x.name === name);
  if (!p) throw new Error(`no party ${name}`);
  return p;
}

/** Device IDs of the reference world. */
export const M1: Eui = parseEui('00-DB-12-34-56-78-90-01');
export const M2: Eui = parseEui('00-DB-12-34-56-78-90-02');
export const G1: Eui = parseEui('00-DB-12-34-56-78-90-03');

/** A world of one SMETS2 electricity meter, M1 (supplier SUP-1, NO cells of NO-B). */
export const SMETS2_M1: readonly MeterLayout[] = [
  {
    deviceId: '00-DB-12-34-56-78-90-01',
    mpxn: '1200000000011',
    supplier: 'SUP-1',
    noCells: 'NO-B',
    smets: 2,
  },
];

/** A reference DCC under a policy (by name or value), with a fixed clock. */
export function referenceDcc(policy: string | Policy, meters?: readonly MeterLayout[]): Dcc {
  const built = buildWorld(referenceWorldSpec(pki(), meters));
  return createDcc({
    world: built.world,
    devices: built.devices,
    policy: typeof policy === 'string' ? presetPolicy(policy) : policy,
    clock: { now: () => T0 },
    acbSigner: party('ACB').ds.signer,
  });
}

/** A 6.15.1 NetworkOperator request from `sender` installing `owner`'s NO certificates on `device`. */
export function noKrp(
  sender: string,
  owner: string,
  device: Eui,
  counter: bigint,
  extra: Partial<Parameters<typeof krpRequest>[0]> = {},
) {
  return krpRequest({
    sender: party(sender).eui,
    device,
    counter,
    remotePartyRole: 'NetworkOperator',
    ds: party(owner).ds.certificate,
    ka: party(owner).ka.certificate,
    path: [pki().ca.certificate],
    ...extra,
  });
}

export { REFERENCE_EPOCH };

/** A world spec with the device `deviceId` turned into a SMETS2 meter (everything else as given). */
export function withSmets2<T extends { devices: readonly { deviceId: string }[] }>(
  spec: T,
  deviceId: Eui,
): T {
  const id = formatEuiHyphenated(deviceId);
  return { ...spec, devices: spec.devices.map((d) => (d.deviceId === id ? { ...d, smets: 2 as const } : d)) };
}
