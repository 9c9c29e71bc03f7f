import { EUI_SCHEMA } from '../../../certs';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Ajv from 'ajv';
import {
  CertsError,
  decodeCertificate,
  parseEui,
  pemToDerList,
  signerFromPrivateKeyPem,
  spkiOf,
  type CredentialPair,
  type Eui,
  type OrgCertificate,
} from '../../../certs';
import { createDuisDut, type DccTrust, type DuisDut } from '../../conformance/clients/duis-adapter';
import { REFERENCE_S1SP_EUI, referenceDuisKeys } from '../../serve/duis-routes';
import type { LoadedScenario } from '../../scenario';
import { REFERENCE_PARTIES, USER_ROLES } from '../../../simulator';
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
    name: { type: 'string', maxLength: 200 },
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
}

interface RawProfile {
  name: string;
  dcc: { eui: string; s1spEui?: string; certificates: string[] };
  users: { name: string; eui: string; xmlSigningKey: string; xmlSigningCertificate: string }[];
  devices: { deviceId: string }[];
}

function readText(base: string, file: string): string {
  try {
    return readFileSync(resolve(base, file), 'utf8');
  } catch (cause) {
    throw new CliError('ERR_CLI_FILE', `profile: cannot read ${file}`, 2, { cause });
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
  let raw: unknown;
  try {
    raw = JSON.parse(readText(base, file)) as unknown;
  } catch (cause) {
    if (cause instanceof CliError) throw cause;
    throw new CliError('ERR_CLI_JSON', `${file} is not valid JSON`, 2, { cause });
  }
  const validate = new Ajv({ allErrors: false, strict: false }).compile<RawProfile>(TARGET_PROFILE_SCHEMA);
  if (!validate(raw))
    throw new CliError(
      'ERR_PROFILE_SCHEMA',
      `${file}: ${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message ?? 'invalid'}`,
    );
  const p = raw;
  const users = new Map<Eui, CredentialPair>();
  for (const u of p.users) {
    const certificate = certificatesIn(readText(base, u.xmlSigningCertificate), u.xmlSigningCertificate)[0]!;
    let signer;
    try {
      signer = signerFromPrivateKeyPem(readText(base, u.xmlSigningKey));
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
  }
  return {
    name: p.name,
    dcc: {
      // the profile names the DCC's certificates one by one: pinned, accepted whatever their OU
      certificates: [],
      pinned: p.dcc.certificates.flatMap((f) => certificatesIn(readText(base, f), f)),
      dccEui: parseEui(p.dcc.eui),
      ...(p.dcc.s1spEui ? { s1spEui: parseEui(p.dcc.s1spEui) } : {}),
    },
    users,
    devices: new Set(p.devices.map((d) => parseEui(d.deviceId))),
  };
}

/** Why a scenario's world does not map onto a fixed target, or undefined when it does. */
export function unmappedReason(loaded: LoadedScenario, profile: TargetProfile): string | undefined {
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
    profile?: string;
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
  const profile = o.profile ? loadTargetProfile(resolve(io.cwd, o.profile)) : undefined;
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
    ...(profile ? { userKeys: profile.users, jsonContract: false } : {}),
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
      return `duis: ${s.requestsSigned} requests signed; ${s.signaturesChecked} answer signatures checked (${s.signaturesRefused} refused); asynchronous answers received ${s.asyncReceived} of ${s.asyncExpected} awaited`;
    },
  };
}
