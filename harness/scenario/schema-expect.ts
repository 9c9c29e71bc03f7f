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

/** Expectations keyed by policy name (`*` for every policy not named). */
export const PER_POLICY_EXPECT = {
  type: 'object',
  minProperties: 1,
  propertyNames: { pattern: '^(\\*|[a-z0-9][a-z0-9._-]{0,63})$' },
  additionalProperties: { $ref: '#/$defs/expectation' },
} as const;
