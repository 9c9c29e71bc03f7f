import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ScenarioError } from './errors';
import { SCENARIO_SCHEMA } from './schema';

const ajv = new Ajv({
  allErrors: true,
  strict: true,
  discriminator: true,
  allowUnionTypes: true,
  strictRequired: false,
});
ajv.addSchema(SCENARIO_SCHEMA);

let compiled: Record<'scenario' | 'group' | 'family', ValidateFunction> | undefined;
function validators(): Record<'scenario' | 'group' | 'family', ValidateFunction> {
  const id = SCENARIO_SCHEMA.$id;
  compiled ??= {
    scenario: ajv.getSchema(`${id}#/$defs/scenario`)!,
    group: ajv.getSchema(`${id}#/$defs/group`)!,
    family: ajv.getSchema(`${id}#/$defs/family`)!,
  };
  return compiled;
}

function reasonOf(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties')
    return `unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty)}`;
  if (e.keyword === 'enum')
    return `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  if (e.keyword === 'anyOf') return 'does not match any allowed form (see scenarios/scenario.schema.json)';
  return e.message ?? e.keyword;
}

/**
 * Formats ajv errors as `path: reason`, dropping the branch noise of `anyOf`: when a branch failed
 * deeper inside the value, only those deeper errors are reported.
 */
export function formatScenarioErrors(errors: readonly ErrorObject[]): string[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const lines: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue; // the branch's own errors say why
    if (e.keyword === 'anyOf') {
      if (errors.some((d) => d.instancePath.startsWith(`${e.instancePath}/`))) continue;
    } else if (
      anyOfPaths.has(e.instancePath) &&
      e.keyword !== 'additionalProperties' &&
      e.keyword !== 'required'
    )
      continue;
    const line = `${e.instancePath || '/'}: ${reasonOf(e)}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return lines;
}

/** Which form a parsed scenario file has. */
export type ScenarioFileKind = 'scenario' | 'group' | 'family';

/** The form of a parsed file: a family has `family`, a group `scenarios`, anything else is one scenario. */
export function fileKindOf(value: unknown): ScenarioFileKind {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if ('family' in value) return 'family';
    if ('scenarios' in value) return 'group';
  }
  return 'scenario';
}

/** Validates a value against one form of the schema; throws ERR_SCENARIO_SCHEMA as `file: /pointer: reason`. */
export function assertSchema(value: unknown, kind: ScenarioFileKind, where: string): void {
  const validate = validators()[kind];
  if (validate(value)) return;
  const lines = formatScenarioErrors(validate.errors ?? []);
  throw new ScenarioError('ERR_SCENARIO_SCHEMA', lines.map((l) => `${where}: ${l}`).join('; '));
}
