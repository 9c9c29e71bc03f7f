import { EUI_SCHEMA, jsonErrorText } from '../../../certs';
import { readFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import {
  CertsError,
  decodeCertificate,
  parseEui,
  pemToDerList,
  signerFromPrivateKeyPem,
  spkiOf,
  keyAgreementKeyFromPem,
  type CredentialPair,
  type DccKeystoreEntry,
  type Eui,
  type OrgCertificate,
} from '../../../certs';
import {
  createDuisDut,
  type DccTrust,
  type DuisDut,
  type DuisGbcsKeys,
} from '../../conformance/clients/duis-adapter';
import { REFERENCE_S1SP_EUI, referenceDuisKeys } from '../../serve/duis-routes';
import { loadZaz1Material, PACKAGE_ROOT, type LoadedScenario } from '../../scenario';
import { deviceKeys, REFERENCE_PARTIES, USER_ROLES } from '../../../simulator';
import { CliError, type CliIo } from '../io';

const EUI = EUI_SCHEMA;

/** JSON Schema of a DUIS target profile (a real DCC Boxed: fixed users, keys and devices). */
export const TARGET_PROFILE_SCHEMA = {
  $id: 'https://smets1-harness/duis-target-profile.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'dcc', 'users', 'devices'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    name: { type: 'string', maxLength: 200 },
    /**
     * `dcc-boxed`: the target holds DCC Boxed's stock world (harness/scenario/dcc-boxed.ts), so the
     * scenarios written on it (world material `dcc-boxed`) run; the others are SKIPPED.
     */
    world: { enum: ['dcc-boxed'] },
    dcc: {
      type: 'object',
      additionalProperties: false,
      required: ['eui', 'certificates'],
      properties: {
        eui: EUI,
        s1spEui: EUI,
        certificates: {
          type: 'array',
          minItems: 1,
          maxItems: 16,
          items: { type: 'string', maxLength: 4096 },
        },
      },
    },
    users: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'eui', 'xmlSigningKey', 'xmlSigningCertificate'],
        properties: {
          name: { type: 'string', maxLength: 200 },
          eui: EUI,
          userRoles: { type: 'array', items: { enum: USER_ROLES } },
          xmlSigningKey: { type: 'string', maxLength: 4096 },
          xmlSigningCertificate: { type: 'string', maxLength: 4096 },
          keyAgreementKeys: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 4096 } },
        },
      },
    },
    devices: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['deviceId'],
        properties: {
          deviceId: EUI,
          type: { enum: ['ESME', 'GSME', 'GPF'] },
          smets: { enum: [1, 2] },
          mpxn: { type: 'string', pattern: '^[0-9]{6,13}$' },
          /** `twin`: the device's GBCS keys are those of `smets1 serve`'s simulated devices. */
          gbcsKeys: { enum: ['twin'] },
        },
      },
    },
    registrations: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mpxn'],
        properties: { mpxn: { type: 'string' }, supplier: EUI, networkOperator: EUI },
      },
    },
  },
} as const;

/** A loaded target profile: users with their keys, the DCC's certificates, the devices. */
export interface TargetProfile {
  readonly name: string;
  readonly dcc: DccTrust;
  readonly users: ReadonlyMap<Eui, CredentialPair>;
  readonly devices: ReadonlySet<Eui>;
  /** The stock world the target holds, when the profile names one. */
  readonly world?: 'dcc-boxed';
  /** The keys a device's GBCS answer is checked with. */
  readonly gbcsKeys: DuisGbcsKeys;
}

interface RawProfile {
  name: string;
  world?: 'dcc-boxed';
  dcc: { eui: string; s1spEui?: string; certificates: string[] };
  users: {
    name: string;
    eui: string;
    xmlSigningKey: string;
    xmlSigningCertificate: string;
    keyAgreementKeys?: string[];
  }[];
  devices: { deviceId: string; gbcsKeys?: 'twin' }[];
}

/** The target profiles the package carries (`--profile NAME`), in its profiles/ folder. */
export const SHIPPED_PROFILES = ['dcc-boxed'] as const;

/** The profile file a `--profile` value names: a shipped profile by name, else a path. */
export function profilePath(cwd: string, given: string): string {
  return (SHIPPED_PROFILES as readonly string[]).includes(given)
    ? join(PACKAGE_ROOT, 'profiles', `${given}.json`)
    : resolve(cwd, given);
}

/** Prefix of a profile reference to an entry of the installed ZAZ1 keystore, by its name. */
const KEYSTORE_REF = 'keystore:';

function keystoreEntry(ref: string): DccKeystoreEntry {
  const name = ref.slice(KEYSTORE_REF.length);
  const entry = loadZaz1Material().entries.get(name);
  if (!entry) throw new CliError('ERR_PROFILE_SCHEMA', `profile: the ZAZ1 keystore has no entry ${name}`);
  return entry;
}

function readText(base: string, file: string): string {
  try {
    return readFileSync(resolve(base, file), 'utf8');
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `profile: cannot read ${file}`, 2, { cause });
  }
}

/** The certificates a reference names: `keystore:NAME` or a PEM file. */
function certificatesOf(base: string, ref: string): OrgCertificate[] {
  if (ref.startsWith(KEYSTORE_REF)) return [keystoreEntry(ref).pair.certificate];
  return certificatesIn(readText(base, ref), ref);
}

/** The private key PEM a reference names: `keystore:NAME` or a PEM file. */
function privateKeyPem(base: string, ref: string): string {
  if (ref.startsWith(KEYSTORE_REF)) return keystoreEntry(ref).pair.signer.exportPrivateKeyPem();
  return readText(base, ref);
}

function kaPrivateKey(base: string, ref: string): KeyObject {
  try {
    return keyAgreementKeyFromPem(privateKeyPem(base, ref)).privateKey;
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('ERR_KEY_DECODE', `profile: ${ref} is not a P-256 private key`, 2, { cause });
  }
}

function certificatesIn(text: string, file: string): OrgCertificate[] {
  try {
    return pemToDerList(text).map((der) => decodeCertificate(der));
  } catch (cause) {
    throw new CliError('ERR_PEM_DECODE', `profile: ${file} holds no PEM certificate`, 2, { cause });
  }
}

/** Loads and checks a target profile; key files are resolved against the profile's folder. */
export function loadTargetProfile(file: string): TargetProfile {
  const base = dirname(file);
  const text = readText(base, file);
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CliError('ERR_CLI_JSON', `${file} is not valid JSON: ${jsonErrorText(text, cause)}`, 2, {
      cause,
    });
  }
  const validate = new Ajv({ allErrors: false, strict: false }).compile<RawProfile>(TARGET_PROFILE_SCHEMA);
  if (!validate(raw))
    throw new CliError(
      'ERR_PROFILE_SCHEMA',
      `${file}: ${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message ?? 'invalid'}`,
    );
  const p = raw;
  const users = new Map<Eui, CredentialPair>();
  const userKa = new Map<Eui, KeyObject[]>();
  for (const u of p.users) {
    const certificate = certificatesOf(base, u.xmlSigningCertificate)[0]!;
    let signer;
    try {
      signer = signerFromPrivateKeyPem(privateKeyPem(base, u.xmlSigningKey));
    } catch (cause) {
      if (cause instanceof CertsError)
        throw new CliError(cause.code, `profile: ${u.xmlSigningKey}: ${cause.message}`, 2);
      throw cause;
    }
    if (!Buffer.from(spkiOf(signer.publicKey)).equals(Buffer.from(certificate.spki)))
      throw new CliError(
        'ERR_KEY_DECODE',
        `profile: ${u.xmlSigningKey} is not the key of ${u.xmlSigningCertificate}`,
        2,
      );
    users.set(parseEui(u.eui), { certificate, signer });
    if (u.keyAgreementKeys)
      userKa.set(
        parseEui(u.eui),
        u.keyAgreementKeys.map((k) => kaPrivateKey(base, k)),
      );
  }
  const twin = new Set(p.devices.filter((d) => d.gbcsKeys === 'twin').map((d) => parseEui(d.deviceId)));
  return {
    name: p.name,
    dcc: {
      // the profile names the DCC's certificates one by one: pinned, accepted whatever their OU
      certificates: [],
      pinned: p.dcc.certificates.flatMap((f) => certificatesOf(base, f)),
      dccEui: parseEui(p.dcc.eui),
      ...(p.dcc.s1spEui ? { s1spEui: parseEui(p.dcc.s1spEui) } : {}),
    },
    users,
    devices: new Set(p.devices.map((d) => parseEui(d.deviceId))),
    ...(p.world ? { world: p.world } : {}),
    gbcsKeys: {
      users: userKa,
      device: (id) => {
        if (!twin.has(id)) return undefined;
        const k = deviceKeys(id);
        return { ds: k.ds.publicKey, ka: k.ka.publicKey };
      },
    },
  };
}

/** The EUI of a ZAZ1 party name (DCC Boxed's users), or undefined. */
function partyEui(name: string): Eui | undefined {
  return loadZaz1Material().parties.find((p) => p.name === name)?.eui;
}

/** Why a scenario's world does not map onto a fixed target, or undefined when it does. */
export function unmappedReason(loaded: LoadedScenario, profile: TargetProfile): string | undefined {
  const world = loaded.scenario.world;
  if (world.material === 'dcc-boxed' || profile.world === 'dcc-boxed') {
    if (world.material !== 'dcc-boxed' || profile.world !== 'dcc-boxed')
      return `the scenario's world is not the stock world of ${profile.name}`;
    for (const step of loaded.scenario.steps)
      if (step.kind === 'request' && ![...profile.users.keys()].some((eui) => eui === partyEui(step.actor)))
        return `the target profile has no XML-signing key of ${step.actor}`;
    for (const meter of world.meters)
      if (meter.deviceId && !profile.devices.has(parseEui(meter.deviceId)))
        return `device ${meter.deviceId} is not a device of ${profile.name}`;
    if (
      loaded.scenario.expectFinal ||
      loaded.scenario.steps.some((s) => s.kind === 'register' || s.kind === 'revoke')
    )
      return `${profile.name} cannot be inspected or changed outside DUIS: the scenario needs the JSON contract`;
    return undefined;
  }
  for (const party of REFERENCE_PARTIES)
    if (!profile.users.has(party.eui))
      return `the target profile has no user ${party.name} (${party.eui}); its world cannot be provisioned on ${profile.name}`;
  for (const meter of loaded.scenario.world.meters ?? []) {
    if (meter.deviceId && !profile.devices.has(parseEui(meter.deviceId)))
      return `device ${meter.deviceId} is not a device of ${profile.name}`;
  }
  return `${profile.name} cannot be provisioned: the scenario's cells and registrations cannot be set`;
}

/** A DUIS target for `smets1 conform`: the transport, scenario selection and a closing summary. */
export interface DuisTarget {
  readonly dut: DuisDut;
  select(scenarios: readonly LoadedScenario[]): LoadedScenario[];
  summary(): string;
}

/** Builds the DUIS transport for `conform --target duis+http://...` (reference defaults, or a profile). */
export function createDuisTarget(
  io: CliIo,
  o: {
    baseUrl: string;
    timeoutMs: number;
    watchdogMs: number;
    receiverPort?: string;
    /** A target profile: its file (a shipped name or a path), or the profile already loaded. */
    profile?: string | TargetProfile;
    session?: string;
    /** Bearer token of the target's JSON contract and extensions. */
    token?: string;
  },
): DuisTarget {
  const port = Number(o.receiverPort ?? '0');
  if (!/^[0-9]+$/.test(o.receiverPort ?? '0') || port > 65535)
    throw new CliError(
      'ERR_CLI_OPTION',
      `--receiver-port must be 0..65535, got ${JSON.stringify(o.receiverPort)}`,
    );
  const profile =
    typeof o.profile === 'string' ? loadTargetProfile(profilePath(io.cwd, o.profile)) : o.profile;
  const reference = referenceDuisKeys();
  const dccTrust: DccTrust = profile?.dcc ?? {
    certificates: [reference.dcc.certificate, reference.s1sp.certificate],
    dccEui: reference.dcc.certificate.eui!,
    s1spEui: REFERENCE_S1SP_EUI,
  };
  const dut = createDuisDut({
    baseUrl: o.baseUrl,
    receiverPort: port,
    timeoutMs: o.timeoutMs,
    asyncWaitMs: Math.max(100, Math.floor(o.watchdogMs / 2)),
    dccTrust,
    ...(o.session ? { session: o.session } : {}),
    ...(o.token ? { token: o.token } : {}),
    ...(profile ? { userKeys: profile.users, jsonContract: false, gbcsKeys: profile.gbcsKeys } : {}),
  });
  return {
    dut,
    select: (scenarios) =>
      profile
        ? scenarios.map((s) => {
            const reason = unmappedReason(s, profile);
            return reason ? { ...s, skip: reason } : s;
          })
        : [...scenarios],
    summary: () => {
      const s = dut.stats();
      return `duis: ${s.requestsSigned} requests signed; ${s.signaturesChecked} answer signatures checked (${s.signaturesRefused} refused); asynchronous answers received ${s.asyncReceived} of ${s.asyncExpected} awaited; GBCS answers: ${s.gbcsSignaturesChecked} device signatures and ${s.gbcsMacsChecked} MACs checked (${s.gbcsRefused} refused)`;
    },
  };
}
