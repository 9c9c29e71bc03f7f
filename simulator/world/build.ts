import Ajv, { type ValidateFunction } from 'ajv';
import {
  CertsError,
  decodeCertificate,
  keyAgreementKeyFromPem,
  parseEui,
  spkiOf,
  type CellId,
  type Eui,
  type KeyAgreementKey,
  type OrgCertificate,
  type RemotePartyRoleCode,
} from '../../certs';
import { createDeviceState, type DeviceState } from '../device/state';
import { SimulatorError } from '../errors';
import { formatSchemaErrors } from '../policy/load';
import { fuelOf, parseMpan, parseMprn, distributorIdOf } from '../registry/mpan';
import { indexRegistrations } from '../registry/registration';
import type { InventoryDevice, Party, Registration, UserRole } from '../types';
import { WORLD_SCHEMA, type WorldSpec } from './schema';
import { DEFAULT_SETTINGS, type AcbKeyAgreement, type World } from './world';

// Compiled on first use: schema compilation at import time slowed every CLI start (even --help).
let compiledWorld: ValidateFunction | undefined;
const worldValidator = (): ValidateFunction =>
  (compiledWorld ??= new Ajv({ allErrors: true, strict: true }).compile(WORLD_SCHEMA));

/** A world and the initial device states it describes. */
export interface BuiltWorld {
  readonly world: World;
  readonly devices: readonly DeviceState[];
}

function cert(text: string, where: string): OrgCertificate {
  try {
    return decodeCertificate(text);
  } catch (cause) {
    const reason = cause instanceof CertsError ? `${cause.code}: ${cause.message}` : String(cause);
    throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}: not a certificate (${reason})`, { cause });
  }
}

function date(text: string, where: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}: not a date-time: ${text}`);
  return d;
}

/** A parsed KA private key and the DER SPKI of its public key (exported once, not per world). */
interface ParsedKaKey {
  readonly key: KeyAgreementKey;
  readonly spki: Buffer;
}

const kaKeys = new Map<string, ParsedKaKey>();

/**
 * A KA private key from PEM with its public key's SPKI, parsed and exported once per distinct PEM
 * (worlds of one PKI share their ACB key; every provision of a served world builds it again).
 */
function kaKeyOf(pem: string): ParsedKaKey {
  let parsed = kaKeys.get(pem);
  if (!parsed) {
    const key = keyAgreementKeyFromPem(pem);
    parsed = { key, spki: Buffer.from(spkiOf(key.publicKey)) };
    if (kaKeys.size >= 64) kaKeys.clear();
    kaKeys.set(pem, parsed);
  }
  return parsed;
}

/**
 * The ACB's key-agreement credentials of a world file: a KA certificate and, when given, its private
 * key, which must be the certificate's (ERR_WORLD_SCHEMA otherwise).
 */
function acbKeyAgreementOf(spec: NonNullable<WorldSpec['acbKeyAgreement']>): AcbKeyAgreement {
  const where = '/acbKeyAgreement';
  const certificate = cert(spec.certificate, `${where}/certificate`);
  if (certificate.keyUsage !== 'KA')
    throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}/certificate: not a key-agreement certificate`);
  if (spec.privateKey === undefined) return { certificate };
  let parsed;
  try {
    parsed = kaKeyOf(spec.privateKey);
  } catch (cause) {
    const reason = cause instanceof CertsError ? `${cause.code}: ${cause.message}` : String(cause);
    throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}/privateKey: not a P-256 private key (${reason})`, {
      cause,
    });
  }
  if (!parsed.spki.equals(certificate.spki))
    throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}/privateKey: not the certificate's private key`);
  return { certificate, key: parsed.key, privateKeyPem: spec.privateKey };
}

/** The ED user serving an MPAN's area, for registrations that leave the NO implicit. */
function areaOwner(parties: readonly Party[], mpan: string): Eui | undefined {
  const area = distributorIdOf(mpan);
  return parties.find((p) => p.userRoles.includes('ED') && p.distributorIds.includes(area))?.userId;
}

/**
 * Builds a World and its device states from a world file, after schema validation (unknown fields
 * refused) and reference checks; errors name the offending field path.
 */
export function buildWorld(spec: unknown): BuiltWorld {
  const validateWorldJson = worldValidator();
  if (!validateWorldJson(spec)) {
    throw new SimulatorError(
      'ERR_WORLD_SCHEMA',
      `invalid world: ${formatSchemaErrors(validateWorldJson.errors)}`,
    );
  }
  const s = spec as WorldSpec;
  const settings = { ...DEFAULT_SETTINGS, ...(s.settings ?? {}) };
  const parties: Party[] = s.parties.map((p) => ({
    userId: parseEui(p.userId),
    name: p.name,
    userRoles: p.userRoles as UserRole[],
    status: p.status ?? 'active',
    distributorIds: p.distributorIds ?? [],
  }));
  const partyIds = new Set(parties.map((p) => p.userId));
  if (partyIds.size !== parties.length)
    throw new SimulatorError('ERR_WORLD_REFERENCE', '/parties: duplicate userId');
  const checkMpxn = (mpxn: string, where: string) => {
    try {
      return fuelOf(mpxn) === 'electricity'
        ? parseMpan(mpxn, { checkDigit: settings.checkMpanDigit })
        : parseMprn(mpxn);
    } catch (cause) {
      throw new SimulatorError('ERR_WORLD_SCHEMA', `${where}: ${(cause as Error).message}`, { cause });
    }
  };
  const known = (eui: string, where: string): Eui => {
    const id = parseEui(eui);
    if (!partyIds.has(id)) throw new SimulatorError('ERR_WORLD_REFERENCE', `${where}: ${eui} is not a party`);
    return id;
  };
  const registrations: Registration[] = [];
  s.registrations.forEach((r, i) => {
    const where = `/registrations/${i}`;
    const mpxn = checkMpxn(r.mpxn, `${where}/mpxn`);
    const from = date(r.from, `${where}/from`);
    const to = r.to === undefined ? undefined : date(r.to, `${where}/to`);
    if (r.supplier)
      registrations.push({
        mpxn,
        capacity: 'supplier',
        userId: known(r.supplier, `${where}/supplier`),
        from,
        to,
      });
    if (r.networkOperator)
      registrations.push({
        mpxn,
        capacity: 'networkOperator',
        userId: known(r.networkOperator, `${where}/networkOperator`),
        from,
        to,
      });
  });
  // An electricity MPxN with no explicit NO registration gets the ED serving its area, from its first registration.
  const explicitNo = new Set(
    registrations.filter((r) => r.capacity === 'networkOperator').map((r) => r.mpxn),
  );
  for (const r of [...registrations]) {
    if (r.capacity !== 'supplier' || explicitNo.has(r.mpxn) || fuelOf(r.mpxn) !== 'electricity') continue;
    const owner = areaOwner(parties, r.mpxn);
    if (owner)
      registrations.push({
        mpxn: r.mpxn,
        capacity: 'networkOperator',
        userId: owner,
        from: r.from,
        to: undefined,
      });
    explicitNo.add(r.mpxn);
  }
  const inventory = new Map<Eui, InventoryDevice>();
  const devices: DeviceState[] = s.devices.map((d, i) => {
    const where = `/devices/${i}`;
    const deviceId = parseEui(d.deviceId);
    if (inventory.has(deviceId))
      throw new SimulatorError('ERR_WORLD_REFERENCE', `${where}/deviceId: duplicate device ${d.deviceId}`);
    inventory.set(deviceId, {
      deviceId,
      type: d.type,
      smets: d.smets,
      status: d.status,
      mpxn: checkMpxn(d.mpxn, `${where}/mpxn`),
    });
    const cells = d.cells.map((c, j) => ({
      cell: {
        role: c.role as RemotePartyRoleCode,
        keyUsage: c.keyUsage,
        cellUsage: c.cellUsage ?? 'management',
      } satisfies CellId,
      certificate: cert(c.certificate, `${where}/cells/${j}/certificate`),
    }));
    const state = createDeviceState(deviceId, cells);
    const counters = new Map(
      (d.counters ?? []).map((c) => [c.role, { last: BigInt(c.last), floor: BigInt(c.floor) }]),
    );
    return { ...state, counters, supply: d.supply ?? 'enabled' };
  });
  const world: World = {
    parties: new Map(parties.map((p) => [p.userId, p])),
    inventory,
    registrations: indexRegistrations(registrations),
    trustAnchor: cert(s.trustAnchor, '/trustAnchor'),
    revoked: new Set(s.revoked ?? []),
    acb: parseEui(s.acb),
    ...(s.acbKeyAgreement ? { acbKeyAgreement: acbKeyAgreementOf(s.acbKeyAgreement) } : {}),
    settings,
  };
  return { world, devices };
}
