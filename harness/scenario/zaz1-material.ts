import { readFileSync } from 'node:fs';
import {
  decodeCertificate,
  loadDccKeystore,
  parseEui,
  type CredentialPair,
  type OrgCertificate,
  type TestParty,
} from '../../certs';
import { parseDuisRequest } from '../../simulator/duis';
import { ScenarioError } from './errors';

/** The real ZAZ1 material a scenario can use: the Z1 CA (trust anchor) and named parties. */
export interface Zaz1Material {
  readonly anchor: OrgCertificate;
  readonly parties: readonly TestParty[];
}

const TEMPLATE = '@smartdcc/duis-templates/templates/CS02bNOByNO_6.15.1_SUCCESS_REQUEST_DUIS.XML';

/** Party name -> (EUI, role, keystore name prefix): the NO rotating Z1 -> Z1b and two suppliers. */
const PARTIES = [
  { name: 'ZAZ1-NO', eui: '90B3D51F30020000', role: 3, prefix: 'Z1-networkOperator' },
  { name: 'ZAZ1-NO-Z1B', eui: '90B3D51F30020000', role: 3, prefix: 'Z1b-networkOperator' },
  { name: 'ZAZ1-SUP', eui: '90B3D51F30010000', role: 2, prefix: 'Z1-supplier' },
  { name: 'ZAZ1-SUP2', eui: '90B3D51F30030000', role: 2, prefix: 'Z1-supplier2' },
] as const;

let cached: Zaz1Material | undefined;

/**
 * Loads the ZAZ1 material from the GPL devDependencies at run time (never copied into the repo):
 * organisation certificates and their public test keys from @smartdcc/dccboxed-keystore, the Z1 CA
 * from the 6.15.1 template of @smartdcc/duis-templates 0.5.0.
 */
export function loadZaz1Material(): Zaz1Material {
  if (cached) return cached;
  let keystore: unknown;
  let xml: string;
  try {
    keystore = JSON.parse(readFileSync(require.resolve('@smartdcc/dccboxed-keystore/keystore.json'), 'utf8'));
    xml = readFileSync(require.resolve(TEMPLATE), 'utf8');
  } catch (cause) {
    throw new ScenarioError(
      'ERR_SCENARIO_MATERIAL',
      `the ZAZ1 material is not installed: ${(cause as Error).message}`,
      { cause },
    );
  }
  const entries = loadDccKeystore(keystore);
  const request = parseDuisRequest(xml);
  if (request.body.kind !== 'UpdateSecurityCredentialsKRP' || request.body.certificationPath.length === 0) {
    throw new ScenarioError('ERR_SCENARIO_MATERIAL', `${TEMPLATE}: no certification path certificate`);
  }
  const anchor = decodeCertificate(request.body.certificationPath[0]!);
  const pair = (prefix: string, usage: 'ds' | 'ka'): CredentialPair => {
    const e = entries.find((x) => x.name === `${prefix}-${usage}`);
    if (!e) throw new ScenarioError('ERR_SCENARIO_MATERIAL', `keystore has no ${prefix}-${usage}`);
    return e.pair;
  };
  const parties = PARTIES.map((p): TestParty => ({
    name: p.name,
    eui: parseEui(p.eui),
    role: p.role,
    ds: pair(p.prefix, 'ds'),
    ka: pair(p.prefix, 'ka'),
  }));
  cached = { anchor, parties };
  return cached;
}
