import { REFUSAL_CODES, STAGES } from '../../simulator';

/**
 * One step's expected verdict: the outcome, and for a refusal optionally the reference refusal code
 * (one of the simulator's REFUSAL_CODES), the DUIS response code, the pipeline stage and the phase
 * (the Transform or the Send of a Critical request) that refused it.
 */
export const EXPECTATION = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: {
    outcome: { enum: ['accepted', 'rejected'] },
    code: { enum: REFUSAL_CODES },
    duisCode: { type: 'string', pattern: '^[EIW][0-9]{1,7}$' },
    stage: { enum: STAGES },
    phase: { enum: ['transform', 'send'] },
  },
} as const;

/**
 * Alternatives where the domain allows several correct answers: the step passes when the actual
 * result meets any one of 2 to 8 distinct expectations. Alternatives are plain expectations (no
 * nested `oneOf`: a nested list says nothing a flat one cannot).
 */
export const ONE_OF_EXPECTATION = {
  type: 'object',
  additionalProperties: false,
  required: ['oneOf'],
  properties: {
    oneOf: {
      type: 'array',
      minItems: 2,
      maxItems: 8,
      uniqueItems: true,
      items: { $ref: '#/$defs/expectation' },
    },
  },
} as const;

/** Expectations keyed by policy name (`*` for every policy not named): one expectation or a `oneOf`. */
export const PER_POLICY_EXPECT = {
  type: 'object',
  minProperties: 1,
  propertyNames: { pattern: '^(\\*|[a-z0-9][a-z0-9._-]{0,63})$' },
  additionalProperties: {
    // A value with `oneOf` is alternatives, anything else one expectation (errors name the one form).
    if: { type: 'object', required: ['oneOf'] },
    then: { $ref: '#/$defs/oneOfExpectation' },
    else: { $ref: '#/$defs/expectation' },
  },
} as const;
