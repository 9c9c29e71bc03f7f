import { EUI_SCHEMA } from '../../certs';
import Ajv, { type ValidateFunction } from 'ajv';
import { formatSchemaErrors, POLICY_SCHEMA, USER_ROLES, WORLD_SCHEMA } from '../../simulator';

/** Header naming an independent DUT session, so concurrent conformance runs do not share a world. */
export const SESSION_HEADER = 'x-dut-session';
/** The session a request without the header belongs to. */
export const DEFAULT_SESSION = 'default';

const EUI = EUI_SCHEMA;
const DATE = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
} as const;

/** Largest DUIS XML document accepted inside a JSON request (the body limit applies too). */
export const MAX_XML_CHARS = 1_048_576;

/** JSON Schema of `POST /v1/provision`: a world file and, for the reference, a policy (preset name or object). */
export const PROVISION_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['world'],
  properties: {
    world: WORLD_SCHEMA,
    policy: { oneOf: [{ type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' }, POLICY_SCHEMA] },
  },
} as const;

/** JSON Schema of `POST /v1/requests` with a JSON body. @see DUIS 3.3 (request format) */
export const REQUEST_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['xml', 'at'],
  properties: {
    xml: { type: 'string', minLength: 1, maxLength: MAX_XML_CHARS },
    userRole: { enum: USER_ROLES },
    at: DATE,
  },
} as const;

/** JSON Schema of `POST /v1/world-events`: a registration change or a revocation. */
export const WORLD_EVENT_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'mpxn', 'capacity', 'userId', 'at'],
      properties: {
        kind: { const: 'registration' },
        mpxn: { type: 'string', pattern: '^[0-9]{6,13}$' },
        capacity: { enum: ['supplier', 'networkOperator'] },
        userId: EUI,
        at: DATE,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'certificateId'],
      properties: {
        kind: { const: 'revoke' },
        certificateId: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
  ],
} as const;

/** JSON Schema of a DutResponse as an implementation returns it (extra fields are tolerated). */
export const DUT_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['outcome', 'duisCode'],
  properties: {
    outcome: { enum: ['accepted', 'rejected'] },
    duisCode: { type: 'string', minLength: 1, maxLength: 64 },
    code: { type: 'string', maxLength: 128 },
    stage: { type: 'string', maxLength: 64 },
    waiver: { type: 'string', maxLength: 128 },
    preCommand: { type: 'string', pattern: '^([0-9A-Fa-f]{2})*$' },
    response: { type: 'string', pattern: '^([0-9A-Fa-f]{2})*$' },
    outcomes: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        required: ['cell', 'status', 'previousOwner', 'newOwner', 'certificateId'],
        properties: {
          cell: { type: 'string', maxLength: 64 },
          status: { type: 'integer', minimum: 0, maximum: 255 },
          previousOwner: { type: ['string', 'null'], maxLength: 64 },
          newOwner: { type: ['string', 'null'], maxLength: 64 },
          certificateId: { type: 'string', maxLength: 400 },
        },
      },
    },
    detail: { type: 'string' },
  },
} as const;

/** JSON Schema of a DeviceSnapshot (counters as decimal strings). */
export const DEVICE_SNAPSHOT_SCHEMA = {
  type: 'object',
  required: ['deviceId', 'cells', 'counters', 'supply'],
  properties: {
    deviceId: { type: 'string' },
    cells: {
      type: 'array',
      items: {
        type: 'object',
        required: ['cell', 'fingerprint', 'certificateId', 'owner'],
        properties: {
          cell: { type: 'string' },
          fingerprint: { type: 'string' },
          certificateId: { type: 'string' },
          owner: { type: ['string', 'null'] },
        },
      },
    },
    counters: {
      type: 'array',
      items: {
        type: 'object',
        required: ['role', 'last', 'floor'],
        properties: {
          role: { type: 'integer' },
          last: { type: 'string', pattern: '^[0-9]{1,20}$' },
          floor: { type: 'string', pattern: '^[0-9]{1,20}$' },
        },
      },
    },
    supply: { enum: ['enabled', 'disabled'] },
  },
} as const;

/** The validators the HTTP server and adapter use, compiled once on first use. */
export interface HttpValidators {
  readonly provision: ValidateFunction;
  readonly request: ValidateFunction;
  readonly worldEvent: ValidateFunction;
  readonly response: ValidateFunction;
  readonly snapshot: ValidateFunction;
}

let compiled: HttpValidators | undefined;

/** The compiled body validators (lazily, so importing this module has no cost). */
export function httpValidators(): HttpValidators {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    compiled = {
      provision: ajv.compile(PROVISION_BODY_SCHEMA),
      request: ajv.compile(REQUEST_BODY_SCHEMA),
      worldEvent: ajv.compile(WORLD_EVENT_SCHEMA),
      response: ajv.compile(DUT_RESPONSE_SCHEMA),
      snapshot: ajv.compile(DEVICE_SNAPSHOT_SCHEMA),
    };
  }
  return compiled;
}

let requestWithinLength: ValidateFunction | undefined;

/**
 * The problem with a `POST /v1/requests` JSON body, as `schemaProblem(httpValidators().request, v)`
 * finds it, without counting the code points of `xml` on every request: when its UTF-16 length is
 * within MAX_XML_CHARS its code point count is too, so a validator without that one maxLength
 * decides; a longer string goes to the whole schema (code points counted there).
 */
export function requestBodyProblem(value: unknown): string | undefined {
  const xml = (value as { xml?: unknown } | null)?.xml;
  if (typeof xml !== 'string' || xml.length > MAX_XML_CHARS)
    return schemaProblem(httpValidators().request, value);
  requestWithinLength ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile({
    ...REQUEST_BODY_SCHEMA,
    properties: { ...REQUEST_BODY_SCHEMA.properties, xml: { type: 'string', minLength: 1 } },
  });
  return schemaProblem(requestWithinLength, value);
}

/** Validates `value`; returns undefined when valid or a `path: reason` message. */
export function schemaProblem(validate: ValidateFunction, value: unknown): string | undefined {
  return validate(value) ? undefined : formatSchemaErrors(validate.errors) || 'invalid';
}
