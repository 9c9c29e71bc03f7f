import type { CredentialPair, OrgCertificate, Signer } from '../../certs';
import type { WorldSpec } from '../../simulator';
import { ScenarioError } from './errors';
import { createScenarioKeys, resolveScenario } from './resolve';
import type { Scenario, ScenarioWorld } from './types';
import { loadZaz1Material, type Zaz1Options } from './zaz1-material';

/**
 * The twin's world clock at start (it then runs with the real time): inside the validity of every
 * ZAZ1 certificate the stock world uses (the Z1 ones end on 2025-10-29, the Z1b ones on
 * 2026-01-09, the XML-signing ones in 2118).
 */
export const DCC_BOXED_CLOCK = '2025-06-01T12:00:00.000Z';

/**
 * DCC Boxed's stock world as the project models it (docs/dcc-boxed.md, "The ZAZ1 world"): the ZAZ1
 * NO (ED, area 13) and two suppliers; the RTDS ESME `00-DB-12-34-56-78-90-A0` (SMETS2) and two
 * SMETS1 ESMEs (`...-B1`, `...-B2`, the project's choice: the public material lists no
 * SMETS1 device); every meter registered to the ZAZ1 supplier and NO, its cells holding their Z1
 * certificates and the ZAZ1 ACB's. The Z1b supplier DS certificate is revoked (the project's
 * choice, so that a revoked replacement can be judged). Scenarios of the `BOXED-*` family use
 * this world as it is.
 */
export const DCC_BOXED_WORLD: ScenarioWorld = {
  material: 'dcc-boxed',
  networkOperators: [{ name: 'ZAZ1-NO', distributorIds: [13] }],
  suppliers: [{ name: 'ZAZ1-SUP' }, { name: 'ZAZ1-SUP2' }],
  meters: [
    {
      name: 'A0',
      deviceId: '00-DB-12-34-56-78-90-A0',
      mpxn: '1312345678001',
      type: 'ESME',
      smets: 2,
      supplier: 'ZAZ1-SUP',
      noCells: 'ZAZ1-NO',
    },
    {
      name: 'B1',
      deviceId: '00-DB-12-34-56-78-90-B1',
      mpxn: '1312345678010',
      type: 'ESME',
      smets: 1,
      supplier: 'ZAZ1-SUP',
      noCells: 'ZAZ1-NO',
    },
    {
      name: 'B2',
      deviceId: '00-DB-12-34-56-78-90-B2',
      mpxn: '1312345678020',
      type: 'ESME',
      smets: 1,
      supplier: 'ZAZ1-SUP',
      noCells: 'ZAZ1-NO',
    },
  ],
  revoked: [{ party: 'ZAZ1-SUP-Z1B', keyUsage: 'DS' }],
};

/** DCC Boxed's stock world, built from the ZAZ1 keystore: what `serve --world zaz1` serves. */
export interface DccBoxedWorld {
  /** The world file (the ZAZ1 parties, the inventory, cells, registrations, revocations). */
  readonly spec: WorldSpec;
  /** The world clock at start (DCC_BOXED_CLOCK). */
  readonly clock: Date;
  /**
   * The users' XML-signing certificates (the keystore's `xml-sign-*`), trusted as they are: they do
   * not chain to the Z1 CA, and DCC Boxed holds them one by one.
   */
  readonly userXmlSigning: readonly OrgCertificate[];
  /**
   * The keys the twin answers with: the DCC's (the ZAZ1 ACB's digital-signing key, as DCC Boxed
   * signs its answers) and the SMETS1 service provider's (the DSP's XML-signing key).
   */
  readonly keys: { readonly dcc: CredentialPair; readonly s1sp: CredentialPair };
  /** The ACB's digital-signing key (signs 6.21 hand-overs; its certificate is in every ACB cell). */
  readonly acbSigner: Signer;
}

/**
 * Builds DCC Boxed's stock world from the ZAZ1 keystore the user has installed (or the one given).
 * ERR_ZAZ1_NOT_INSTALLED, saying how to install it, when the material is absent.
 */
export function dccBoxedWorld(options: Zaz1Options = {}): DccBoxedWorld {
  const material = loadZaz1Material(options);
  const scenario: Scenario = {
    id: 'DCC-BOXED',
    title: 'DCC Boxed stock world',
    description: 'DCC Boxed stock world',
    tags: [],
    specRefs: [],
    world: DCC_BOXED_WORLD,
    steps: [],
  };
  const resolved = resolveScenario(scenario, createScenarioKeys({ zaz1: () => material }));
  const pair = (name: string): CredentialPair => {
    const e = material.entries.get(name);
    if (!e) throw new ScenarioError('ERR_SCENARIO_MATERIAL', `the keystore has no ${name}`);
    return e.pair;
  };
  const acb = resolved.party('ZAZ1-ACB');
  return {
    spec: resolved.world,
    clock: new Date(DCC_BOXED_CLOCK),
    userXmlSigning: [...material.xmlSigning.entries()]
      .filter(([name]) => !name.startsWith('dsp-'))
      .map(([, x]) => x.pair.certificate),
    keys: { dcc: acb.ds, s1sp: pair('dsp-xml-sign-90B3D51F30000002-ds') },
    acbSigner: acb.ds.signer,
  };
}
