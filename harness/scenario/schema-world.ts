import { EUI, NAME } from './schema-common';

const METER = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'supplier', 'noCells'],
  properties: {
    name: NAME,
    deviceId: EUI,
    area: { type: 'integer', minimum: 10, maximum: 99 },
    mpxn: { type: 'string', pattern: '^\\d{6,13}$' },
    type: { enum: ['ESME', 'GSME', 'GPF'] },
    smets: { enum: [1, 2] },
    status: {
      enum: ['Commissioned', 'InstalledNotCommissioned', 'Decommissioned', 'Withdrawn', 'Suspended'],
    },
    supplier: NAME,
    networkOperator: NAME,
    noCells: {
      anyOf: [
        NAME,
        {
          type: 'object',
          additionalProperties: false,
          required: ['ds', 'ka'],
          properties: { ds: NAME, ka: NAME },
        },
      ],
    },
    supplierCells: NAME,
    emptyCells: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['noDs', 'noKa', 'supplierDs', 'supplierKa'] },
    },
  },
} as const;

/** A scenario world: parties, registrations, meters with their cells. */
export const WORLD = {
  type: 'object',
  additionalProperties: false,
  required: ['meters'],
  properties: {
    pkiSeed: { type: 'string', minLength: 1, maxLength: 200 },
    material: { enum: ['generated', 'zaz1', 'dcc-boxed'] },
    extraParties: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'eui', 'role'],
        properties: { name: NAME, eui: EUI, role: { enum: [2, 3] } },
      },
    },
    networkOperators: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: NAME,
          distributorIds: {
            type: 'array',
            uniqueItems: true,
            items: { type: 'integer', minimum: 10, maximum: 99 },
          },
          gas: { type: 'boolean' },
          status: { enum: ['active', 'suspended'] },
        },
      },
    },
    suppliers: {
      type: 'array',
      maxItems: 64,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: NAME,
          userRoles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['IS', 'GS'] } },
          status: { enum: ['active', 'suspended'] },
        },
      },
    },
    meters: { type: 'array', minItems: 1, maxItems: 64, items: METER },
    revoked: { type: 'array', maxItems: 64, items: { $ref: '#/$defs/certRef' } },
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: { checkMpanDigit: { type: 'boolean' }, resetCounterOnChangeOfControl: { type: 'boolean' } },
    },
  },
} as const;
