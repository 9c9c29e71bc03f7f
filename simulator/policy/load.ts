import { jsonErrorText } from '../../certs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { SimulatorError } from '../errors';
import { PRESET_POLICIES, type Policy } from './policy';
import { SRVS } from '../duis/types';
import { USER_ROLES } from '../types';
import { PLACEMENT_SRVS } from '../pipeline/srv-registry';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** JSON Schema of a custom policy file; unknown fields are an error. */
export const POLICY_SCHEMA = {
  $id: 'https://smets1-harness/policy.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'waivers', 'authority'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    description: { type: 'string', maxLength: 2000 },
    authority: { enum: ['dcc', 'device'] },
    extends: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
    waivers: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'srvs', 'userRoles'],
        properties: {
          id: { type: 'string', pattern: ID_PATTERN },
          description: { type: 'string', maxLength: 2000 },
          srvs: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: SRVS } },
          userRoles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: USER_ROLES } },
          remotePartyRoles: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['Supplier', 'NetworkOperator'] },
          },
          requireReplacementOwner: { enum: ['registered-network-operator', 'registered-supplier'] },
          maxNewFloorSeqNumber: { type: 'integer', minimum: 0 },
        },
      },
    },
    placementChecks: {
      type: 'array',
      maxItems: 16,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description', 'srvs', 'userRoles', 'deviceTypes'],
        properties: {
          id: { type: 'string', pattern: ID_PATTERN },
          description: { type: 'string', maxLength: 2000 },
          srvs: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: PLACEMENT_SRVS } },
          userRoles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: USER_ROLES } },
          deviceTypes: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['ESME', 'GSME', 'GPF'] },
          },
        },
      },
    },
  },
} as const;

// Compiled on first use: schema compilation at import time slowed every CLI start (even --help).
let compiledPolicy: ValidateFunction | undefined;
const policyValidator = (): ValidateFunction =>
  (compiledPolicy ??= new Ajv({ allErrors: true, strict: true }).compile(POLICY_SCHEMA));

/** Formats ajv errors as `path: reason` lines. */
export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath || '/';
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
          : e.keyword === 'enum'
            ? ` (one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)})`
            : '';
      return `${where}: ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

/** Validates a parsed policy object against the schema; throws ERR_POLICY_SCHEMA with field paths. */
export function parsePolicy(value: unknown): Policy {
  const validatePolicyJson = policyValidator();
  if (!validatePolicyJson(value)) {
    throw new SimulatorError(
      'ERR_POLICY_SCHEMA',
      `invalid policy: ${formatSchemaErrors(validatePolicyJson.errors)}`,
    );
  }
  const policy = value as Policy;
  const ids = new Set<string>();
  for (const w of [...policy.waivers, ...(policy.placementChecks ?? [])]) {
    if (ids.has(w.id))
      throw new SimulatorError(
        'ERR_POLICY_SCHEMA',
        `invalid policy: duplicate waiver id ${w.id} (waivers and placement checks share one id space)`,
      );
    ids.add(w.id);
  }
  return policy;
}

/** Parses policy JSON text; throws ERR_POLICY_JSON for malformed JSON. */
export function parsePolicyJson(text: string): Policy {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new SimulatorError('ERR_POLICY_JSON', `policy is not valid JSON: ${jsonErrorText(text, cause)}`, {
      cause,
    });
  }
  return parsePolicy(value);
}

/** The error of a policy name that names no preset (`why`: what else it is not), listing the presets. */
export function unknownPolicy(name: string, why?: string): SimulatorError {
  const what =
    why === undefined ? `unknown policy ${JSON.stringify(name)}` : `policy ${JSON.stringify(name)} ${why}`;
  return new SimulatorError(
    'ERR_POLICY_UNKNOWN',
    `${what}; presets are ${PRESET_POLICIES.map((p) => p.name).join(', ')}`,
  );
}

/** Looks up a named preset policy (the one lookup); throws ERR_POLICY_UNKNOWN listing the valid names. */
export function presetPolicy(name: string): Policy {
  const found = PRESET_POLICIES.find((p) => p.name === name);
  if (!found) throw unknownPolicy(name);
  return found;
}
