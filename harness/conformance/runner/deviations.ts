import { fileReadReason, jsonErrorText } from '../../../certs';
import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { ScenarioError } from '../../scenario/errors';
import { formatScenarioErrors } from '../../scenario/validate';

/** One known gap of an implementation: a case that is expected to fail under a policy. */
export interface Deviation {
  readonly id: string;
  readonly policy: string;
  readonly reason: string;
}

/** The expected-deviation manifest a provider keeps for its implementation. @see README.md (Plugging in your implementation over HTTP) */
export interface DeviationManifest {
  readonly deviations: readonly Deviation[];
}

/** JSON Schema of the expected-deviation manifest; unknown fields are errors. */
export const DEVIATION_SCHEMA = {
  $id: 'https://smets1-harness/deviations.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['deviations'],
  properties: {
    $schema: { type: 'string' },
    deviations: {
      type: 'array',
      maxItems: 10000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'policy', 'reason'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 100 },
          policy: { type: 'string', minLength: 1, maxLength: 64 },
          reason: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
    },
  },
} as const;

// Compiled on first use: schema compilation at import time slowed every CLI start (even --help).
let compiledDeviations: ValidateFunction | undefined;
const deviationValidator = (): ValidateFunction =>
  (compiledDeviations ??= new Ajv({ allErrors: true, strict: true }).compile(DEVIATION_SCHEMA));

/** Validates a parsed deviation manifest; ERR_SCENARIO_SCHEMA with `file: /pointer: reason`. */
export function parseDeviationManifest(value: unknown, file = 'deviations'): DeviationManifest {
  const validate = deviationValidator();
  if (!validate(value)) {
    throw new ScenarioError(
      'ERR_SCENARIO_SCHEMA',
      formatScenarioErrors(validate.errors ?? [])
        .map((l) => `${file}: ${l}`)
        .join('; '),
    );
  }
  const m = value as DeviationManifest;
  const seen = new Set<string>();
  m.deviations.forEach((d, i) => {
    const key = `${d.id}\u0000${d.policy}`;
    if (seen.has(key))
      throw new ScenarioError(
        'ERR_SCENARIO_REFERENCE',
        `${file}: /deviations/${i}: duplicate entry for ${d.id} under ${d.policy}`,
      );
    seen.add(key);
  });
  return m;
}

/** Reads a deviation manifest file. */
export function loadDeviationManifest(path: string): DeviationManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_IO', `${path}: cannot read: ${fileReadReason(cause)}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_JSON', `${path}: not valid JSON: ${jsonErrorText(text, cause)}`, {
      cause,
    });
  }
  return parseDeviationManifest(value, path);
}
