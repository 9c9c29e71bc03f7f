import { EUI_SCHEMA } from '../../certs';
/** A party or meter name. */
export const NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;
/** An ISO 8601 date-time. */
export const DATE = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
} as const;
/** An EUI-64, hyphenated or plain hex. */
export const EUI = EUI_SCHEMA;
/** DS or KA. */
export const KEY_USAGE = { enum: ['DS', 'KA'] } as const;
/**
 * A GBCS sequence number (0 .. 2^64 - 1): a JSON integer up to 2^53 - 1, or a decimal string for the
 * whole range (e.g. "18446744073709551615"); strings above 2^64 - 1 are refused by checkReferences.
 */
export const SEQ_NUMBER = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' },
  ],
} as const;
