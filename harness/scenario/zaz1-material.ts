import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeCertificate,
  loadDccKeystore,
  parseEui,
  type CredentialPair,
  type DccKeystoreEntry,
  type Eui,
  type OrgCertificate,
  type TestParty,
} from '../../certs';
import { parseDuisRequest } from '../../simulator/duis';
import { ScenarioError } from './errors';

/** The real ZAZ1 material a scenario can use: the Z1 CA (trust anchor) and named parties. */
export interface Zaz1Material {
  readonly anchor: OrgCertificate;
  readonly parties: readonly TestParty[];
  /**
   * The keystore's XML-signing pairs by EUI (DCC Boxed's users' `xml-sign-*` and the DSP's
   * `dsp-xml-sign-*`), as the keystore names them.
   */
  readonly xmlSigning: ReadonlyMap<string, { readonly eui: Eui; readonly pair: CredentialPair }>;
  /** Every keystore entry by its name (e.g. `Z1-supplier-ka`). */
  readonly entries: ReadonlyMap<string, DccKeystoreEntry>;
}

/** Options of loadZaz1Material. */
export interface Zaz1Options {
  /** A keystore.json, or a folder holding one (default: the installed @smartdcc/dccboxed-keystore). */
  readonly keystore?: string;
}

const TEMPLATE = '@smartdcc/duis-templates/templates/CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML';

/** How to install the DCC's public test material (GPL; never bundled with this package). */
export const ZAZ1_INSTALL_HINT =
  "install the DCC's public test material (GPL, not part of this package): npm install --no-save @smartdcc/dccboxed-keystore @smartdcc/duis-templates";

/** Party name -> (EUI, role, keystore name prefix). */
const PARTIES = [
  { name: 'ZAZ1-NO', eui: '90B3D51F30020000', role: 3, prefix: 'Z1-networkOperator' },
  { name: 'ZAZ1-NO-Z1B', eui: '90B3D51F30020000', role: 3, prefix: 'Z1b-networkOperator' },
  { name: 'ZAZ1-SUP', eui: '90B3D51F30010000', role: 2, prefix: 'Z1-supplier' },
  { name: 'ZAZ1-SUP2', eui: '90B3D51F30030000', role: 2, prefix: 'Z1-supplier2' },
  { name: 'ZAZ1-SUP-Z1B', eui: '90B3D51F30010000', role: 2, prefix: 'Z1b-supplier' },
  { name: 'ZAZ1-ACB', eui: '90B3D51F30000002', role: 4, prefix: 'Z1-accessControlBroker' },
] as const;

const cache = new Map<string, Zaz1Material>();

function notInstalled(what: string, cause: unknown): ScenarioError {
  return new ScenarioError(
    'ERR_ZAZ1_NOT_INSTALLED',
    `the ZAZ1 material is not installed (${what}: ${(cause as Error).message.split('\n')[0]}); ${ZAZ1_INSTALL_HINT}, or pass --keystore FILE|DIR`,
    { cause },
  );
}

function keystorePath(given: string | undefined): string {
  if (given === undefined) {
    try {
      return require.resolve('@smartdcc/dccboxed-keystore/keystore.json');
    } catch (cause) {
      throw notInstalled('@smartdcc/dccboxed-keystore', cause);
    }
  }
  try {
    return statSync(given).isDirectory() ? join(given, 'keystore.json') : given;
  } catch (cause) {
    throw new ScenarioError('ERR_ZAZ1_NOT_INSTALLED', `keystore ${given} not found; ${ZAZ1_INSTALL_HINT}`, {
      cause,
    });
  }
}

/**
 * Loads the ZAZ1 material at run time from the user's installed copy (never copied into the repo):
 * organisation certificates and their public test keys from @smartdcc/dccboxed-keystore (or the
 * keystore given), the Z1 CA from the 6.15.1 template of @smartdcc/duis-templates 0.5.0.
 * ERR_ZAZ1_NOT_INSTALLED (with how to install it) when absent; ERR_SCENARIO_MATERIAL when malformed.
 */
export function loadZaz1Material(options: Zaz1Options = {}): Zaz1Material {
  const file = keystorePath(options.keystore);
  const hit = cache.get(file);
  if (hit) return hit;
  let keystore: unknown;
  try {
    keystore = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw notInstalled(file, cause);
    throw new ScenarioError('ERR_SCENARIO_MATERIAL', `${file}: not a readable keystore.json`, { cause });
  }
  let xml: string;
  try {
    xml = readFileSync(require.resolve(TEMPLATE), 'utf8');
  } catch (cause) {
    throw notInstalled('@smartdcc/duis-templates (the Z1 CA)', cause);
  }
  let list: DccKeystoreEntry[];
  try {
    list = loadDccKeystore(keystore);
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_MATERIAL', `${file}: ${(cause as Error).message}`, { cause });
  }
  const request = parseDuisRequest(xml);
  if (request.body.kind !== 'UpdateSecurityCredentialsKRP' || request.body.certificationPath.length === 0) {
    throw new ScenarioError('ERR_SCENARIO_MATERIAL', `${TEMPLATE}: no certification path certificate`);
  }
  const anchor = decodeCertificate(request.body.certificationPath[0]!);
  const entries = new Map(list.map((e) => [e.name, e]));
  const pair = (prefix: string, usage: 'ds' | 'ka'): CredentialPair => {
    const e = entries.get(`${prefix}-${usage}`);
    if (!e) throw new ScenarioError('ERR_SCENARIO_MATERIAL', `${file} has no ${prefix}-${usage}`);
    return e.pair;
  };
  const parties = PARTIES.map((p): TestParty => ({
    name: p.name,
    eui: parseEui(p.eui),
    role: p.role,
    ds: pair(p.prefix, 'ds'),
    ka: pair(p.prefix, 'ka'),
  }));
  const xmlSigning = new Map(
    list
      .filter((e) => /xml-sign/.test(e.name) && e.keyUsage === 'DS')
      .map((e) => [e.name, { eui: e.eui, pair: e.pair }] as const),
  );
  const material = { anchor, parties, xmlSigning, entries };
  cache.set(file, material);
  return material;
}
