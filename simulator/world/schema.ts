import { EUI_SCHEMA as EUI } from '../../certs/eui';
import { USER_ROLES } from '../types';
const DATE = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
} as const;
const CERT = { type: 'string', minLength: 16, maxLength: 16384 } as const;

/** JSON Schema of a world file (parties, registrations, inventory, cells, PKI anchor). Unknown fields are errors. */
export const WORLD_SCHEMA = {
  $id: 'https://smets1-harness/world.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['trustAnchor', 'acb', 'parties', 'registrations', 'devices'],
  properties: {
    settings: {
      type: 'object',
      additionalProperties: false,
      properties: {
        checkMpanDigit: { type: 'boolean' },
        resetCounterOnChangeOfControl: { type: 'boolean' },
        smets2GeneralCiphering: { type: 'boolean' },
      },
    },
    trustAnchor: CERT,
    acb: EUI,
    acbKeyAgreement: {
      type: 'object',
      additionalProperties: false,
      required: ['certificate'],
      properties: { certificate: CERT, privateKey: { type: 'string', minLength: 16, maxLength: 4096 } },
    },
    revoked: { type: 'array', maxItems: 10000, items: { type: 'string', maxLength: 200 } },
    parties: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['userId', 'name', 'userRoles'],
        properties: {
          userId: EUI,
          name: { type: 'string', maxLength: 200 },
          userRoles: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: USER_ROLES },
          },
          status: { enum: ['active', 'suspended'] },
          distributorIds: {
            type: 'array',
            uniqueItems: true,
            items: { type: 'integer', minimum: 10, maximum: 99 },
          },
        },
      },
    },
    registrations: {
      type: 'array',
      maxItems: 1000000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mpxn', 'from'],
        properties: {
          mpxn: { type: 'string', pattern: '^[0-9]{6,13}$' },
          supplier: EUI,
          networkOperator: EUI,
          from: DATE,
          to: DATE,
        },
      },
    },
    devices: {
      type: 'array',
      maxItems: 1000000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['deviceId', 'type', 'smets', 'status', 'mpxn', 'cells'],
        properties: {
          deviceId: EUI,
          type: { enum: ['ESME', 'GSME', 'GPF'] },
          smets: { enum: [1, 2] },
          status: {
            enum: ['Commissioned', 'InstalledNotCommissioned', 'Whitelisted', 'Decommissioned', 'Suspended'],
          },
          mpxn: { type: 'string', pattern: '^[0-9]{6,13}$' },
          cells: {
            type: 'array',
            maxItems: 16,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'keyUsage', 'certificate'],
              properties: {
                role: { type: 'integer', minimum: 0, maximum: 255 },
                keyUsage: { enum: ['DS', 'KA'] },
                cellUsage: { enum: ['management', 'prePaymentTopUp'] },
                certificate: CERT,
              },
            },
          },
          counters: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['role', 'last', 'floor'],
              properties: {
                role: { type: 'integer', minimum: 0, maximum: 255 },
                last: { type: 'string', pattern: '^[0-9]{1,20}$' },
                floor: { type: 'string', pattern: '^[0-9]{1,20}$' },
              },
            },
          },
          supply: { enum: ['enabled', 'disabled'] },
        },
      },
    },
  },
} as const;

/** A world file as JSON (certificates as base64 DER or PEM; dates ISO 8601; counters decimal strings). */
export interface WorldSpec {
  settings?: {
    checkMpanDigit?: boolean;
    resetCounterOnChangeOfControl?: boolean;
    smets2GeneralCiphering?: boolean;
  };
  trustAnchor: string;
  acb: string;
  /** The ACB's KA certificate (base64 DER or PEM) and its private key (PEM), for the General-Ciphering MAC. */
  acbKeyAgreement?: { certificate: string; privateKey?: string };
  revoked?: string[];
  parties: {
    userId: string;
    name: string;
    userRoles: string[];
    status?: 'active' | 'suspended';
    distributorIds?: number[];
  }[];
  registrations: { mpxn: string; supplier?: string; networkOperator?: string; from: string; to?: string }[];
  devices: {
    deviceId: string;
    type: 'ESME' | 'GSME' | 'GPF';
    smets: 1 | 2;
    status: 'Commissioned' | 'InstalledNotCommissioned' | 'Whitelisted' | 'Decommissioned' | 'Suspended';
    mpxn: string;
    cells: {
      role: number;
      keyUsage: 'DS' | 'KA';
      cellUsage?: 'management' | 'prePaymentTopUp';
      certificate: string;
    }[];
    counters?: { role: number; last: string; floor: string }[];
    supply?: 'enabled' | 'disabled';
  }[];
}
