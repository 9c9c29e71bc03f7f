import { CERT_DEFECTS } from '../../certs';
import { MODELLED_SRVS, USER_ROLES } from '../../simulator';
import { DATE, EUI, KEY_USAGE, NAME, SEQ_NUMBER } from './schema-common';
import { EXPECTATION, ONE_OF_EXPECTATION, PER_POLICY_EXPECT } from './schema-expect';
import { WORLD } from './schema-world';
const CERT_REF = {
  type: 'object',
  additionalProperties: false,
  required: ['party'],
  properties: {
    party: NAME,
    keyUsage: KEY_USAGE,
    label: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$' },
    defects: { type: 'array', uniqueItems: true, maxItems: 12, items: { enum: CERT_DEFECTS } },
    notBefore: DATE,
    notAfter: DATE,
    issuer: { enum: ['ca', 'foreign'] },
    role: { type: 'integer', minimum: 0, maximum: 255 },
    issuedKeyUsage: KEY_USAGE,
    owner: NAME,
  },
} as const;

const CERT_REF_INPUT = { anyOf: [NAME, { $ref: '#/$defs/certRef' }] } as const;

const WORLD_CHANGE_PROPS = {
  register: {
    kind: { const: 'register' },
    device: NAME,
    mpxn: { type: 'string', pattern: '^\\d{6,13}$' },
    capacity: { enum: ['supplier', 'networkOperator'] },
    party: NAME,
    at: DATE,
  },
  revoke: { kind: { const: 'revoke' }, certificate: { $ref: '#/$defs/certRef' } },
} as const;

const REGISTER = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'capacity', 'party', 'at'],
  properties: WORLD_CHANGE_PROPS.register,
} as const;
const REVOKE = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'certificate'],
  properties: WORLD_CHANGE_PROPS.revoke,
} as const;

/** Whether the implementation applies a world change given as a step, or refuses it as bad input. */
const WORLD_EXPECT = { enum: ['applied', 'refused'] } as const;
const REGISTER_STEP = {
  ...REGISTER,
  properties: { ...WORLD_CHANGE_PROPS.register, expect: WORLD_EXPECT },
} as const;
const REVOKE_STEP = {
  ...REVOKE,
  properties: { ...WORLD_CHANGE_PROPS.revoke, expect: WORLD_EXPECT },
} as const;

const REQUEST = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'actor', 'srv', 'device', 'counter', 'expect'],
  properties: {
    kind: { const: 'request' },
    actor: NAME,
    userRole: { enum: USER_ROLES },
    srv: { enum: MODELLED_SRVS },
    device: { anyOf: [NAME, EUI] },
    counter: SEQ_NUMBER,
    remotePartyRole: { enum: ['Supplier', 'NetworkOperator'] },
    replacements: {
      anyOf: [
        NAME,
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: { ds: { $ref: '#/$defs/certRefInput' }, ka: { $ref: '#/$defs/certRefInput' } },
        },
      ],
    },
    path: {
      type: 'array',
      maxItems: 3,
      items: { anyOf: [{ enum: ['ca', 'foreign-ca', 'root', 'anchor'] }, { $ref: '#/$defs/certRef' }] },
    },
    floor: SEQ_NUMBER,
    applyTimeBasedCpvChecks: { type: 'boolean' },
    at: DATE,
    signer: {
      anyOf: [
        { enum: ['forged', 'none'] },
        NAME,
        {
          type: 'object',
          additionalProperties: false,
          required: ['party', 'keyUsage'],
          properties: { party: NAME, keyUsage: KEY_USAGE },
        },
      ],
    },
    gbcs: { type: 'string', pattern: '^([0-9A-Fa-f]{2})+$', maxLength: 65536 },
    commandVariant: { enum: [1, 4] },
    tamper: { enum: ['signed-counter', 'request-id', 'mac'] },
    sendAt: DATE,
    between: {
      type: 'array',
      maxItems: 8,
      items: {
        type: 'object',
        required: ['kind'],
        discriminator: { propertyName: 'kind' },
        oneOf: [REGISTER, REVOKE],
      },
    },
    expect: { $ref: '#/$defs/perPolicyExpect' },
  },
} as const;

const REPLAY = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'of', 'expect'],
  properties: {
    kind: { const: 'replay' },
    of: { type: 'integer', minimum: 0, maximum: 1000 },
    at: DATE,
    expect: { $ref: '#/$defs/perPolicyExpect' },
  },
} as const;

/** A role's expected counter record: the last accepted originator counter and the floor. */
const FINAL_COUNTER = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { last: SEQ_NUMBER, floor: SEQ_NUMBER },
} as const;

/** An exact certificate: a certificate reference (resolved over the scenario's PKI) or a literal certificate ID. */
const FINAL_CERTIFICATE = {
  anyOf: [
    NAME,
    { $ref: '#/$defs/certRef' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['certificateId'],
      properties: { certificateId: { type: 'string', pattern: '^[0-9A-Fa-f]{1,64}@[A-Za-z0-9 ._-]{0,64}$' } },
    },
  ],
} as const;

const FINAL_CELLS = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    noDs: NAME,
    noKa: NAME,
    supplierDs: NAME,
    supplierKa: NAME,
    supply: { enum: ['enabled', 'disabled'] },
    counters: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { Supplier: FINAL_COUNTER, NetworkOperator: FINAL_COUNTER },
    },
    certificates: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        noDs: FINAL_CERTIFICATE,
        noKa: FINAL_CERTIFICATE,
        supplierDs: FINAL_CERTIFICATE,
        supplierKa: FINAL_CERTIFICATE,
      },
    },
  },
} as const;

const SCENARIO_PROPS = {
  title: { type: 'string', minLength: 1, maxLength: 300 },
  customPolicies: {
    type: 'array',
    uniqueItems: true,
    maxItems: 64,
    items: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$' },
  },
  description: { type: 'string', maxLength: 4000 },
  tags: {
    type: 'array',
    uniqueItems: true,
    maxItems: 32,
    items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,40}$' },
  },
  specRefs: { type: 'array', maxItems: 16, items: { type: 'string', minLength: 1, maxLength: 100 } },
  at: DATE,
  world: WORLD,
  steps: {
    type: 'array',
    minItems: 1,
    maxItems: 64,
    items: {
      type: 'object',
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [REQUEST, REPLAY, REGISTER_STEP, REVOKE_STEP],
    },
  },
  expectFinal: {
    type: 'object',
    minProperties: 1,
    propertyNames: { pattern: '^(\\*|[a-z0-9][a-z0-9._-]{0,63})$' },
    additionalProperties: { type: 'object', minProperties: 1, additionalProperties: FINAL_CELLS },
  },
} as const;

const TEMPLATE_REQUIRED = ['title', 'description', 'tags', 'specRefs', 'world', 'steps'] as const;

/**
 * JSON Schema of a scenario file: one scenario, a group `{ "scenarios": [...] }`, or a family
 * (a template expanded over parameters). Unknown fields are errors. Published as
 * scenarios/scenario.schema.json.
 */
export const SCENARIO_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://smets1-harness/scenario.schema.json',
  title: 'smets1-harness scenario file',
  $defs: {
    expectation: EXPECTATION,
    oneOfExpectation: ONE_OF_EXPECTATION,
    perPolicyExpect: PER_POLICY_EXPECT,
    certRef: CERT_REF,
    certRefInput: CERT_REF_INPUT,
    scenario: {
      type: 'object',
      additionalProperties: false,
      required: ['id', ...TEMPLATE_REQUIRED],
      properties: {
        $schema: { type: 'string' },
        id: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$' },
        ...SCENARIO_PROPS,
      },
    },
    group: {
      type: 'object',
      additionalProperties: false,
      required: ['scenarios'],
      properties: {
        $schema: { type: 'string' },
        scenarios: { type: 'array', minItems: 1, maxItems: 500, items: { $ref: '#/$defs/scenario' } },
      },
    },
    family: {
      type: 'object',
      additionalProperties: false,
      required: ['family', 'idPattern', 'parameters', 'template'],
      properties: {
        $schema: { type: 'string' },
        family: { type: 'string', pattern: '^[A-Z][A-Z0-9-]{0,40}$' },
        idPattern: { type: 'string', minLength: 3, maxLength: 100 },
        parameters: {
          type: 'object',
          minProperties: 1,
          maxProperties: 4,
          propertyNames: { pattern: '^[a-z][a-zA-Z0-9]{0,20}$' },
          additionalProperties: {
            type: 'array',
            minItems: 1,
            maxItems: 64,
            items: { type: ['string', 'integer'] },
          },
        },
        distinct: { type: 'array', items: { type: 'string' } },
        /** Validated per expanded case against #/$defs/scenario (placeholders make it loose here). */
        template: { type: 'object', required: [...TEMPLATE_REQUIRED] },
      },
    },
  },
} as const;
