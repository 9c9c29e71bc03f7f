import { jsonErrorText } from '../../certs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { ReportError } from './errors';
import { CASE_VERDICTS } from './summary';
import { INVARIANT_IDS, type RunReport } from './types';


const text = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const verdictCounts = {
  type: 'object',
  additionalProperties: false,
  required: CASE_VERDICTS,
  properties: Object.fromEntries(CASE_VERDICTS.map((v) => [v, count])),
} as const;

/** JSON Schema of report.json (schemaVersion 1); unknown fields are an error. @see docs/ci.md */
export const RUN_REPORT_SCHEMA = {
  $id: 'https://smets1-harness/run-report.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'target', 'policies', 'summary', 'cases', 'findings', 'waivers'],
  properties: {
    schemaVersion: { const: 1 },
    tool: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'version'],
      properties: { name: { const: 'smets1-harness' }, version: text },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name'],
      properties: { kind: { enum: ['reference', 'http', 'duis+http'] }, name: text },
    },
    policies: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['total', 'byPolicy'],
      properties: { total: verdictCounts, byPolicy: { type: 'object', additionalProperties: verdictCounts } },
    },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'tags', 'specRefs', 'policy', 'verdict', 'steps'],
        properties: {
          id: { type: 'string', minLength: 1 },
          title: text,
          tags: { type: 'array', items: text },
          specRefs: { type: 'array', items: text },
          policy: { type: 'string', minLength: 1 },
          verdict: { enum: CASE_VERDICTS },
          reason: text,
          deviation: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: text } },
          durationMs: { type: 'number', minimum: 0 },
          steps: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['index', 'label', 'expected', 'actual', 'ok'],
              properties: {
                index: count,
                label: text,
                expected: text,
                actual: text,
                ok: { type: 'boolean' },
                stage: text,
                detail: text,
                alternatives: {
                  type: 'array',
                  minItems: 2,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['expected', 'matched'],
                    properties: { expected: text, matched: { type: 'boolean' }, why: text },
                  },
                },
              },
            },
          },
        },
      },
    },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'invariant', 'kept', 'summary'],
        properties: {
          policy: text,
          invariant: { enum: INVARIANT_IDS },
          kept: { type: 'boolean' },
          summary: text,
          counterexample: {
            type: 'object',
            additionalProperties: false,
            required: ['steps'],
            properties: {
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['label', 'outcome'],
                  properties: {
                    label: text,
                    outcome: text,
                    actor: text,
                    device: text,
                    state: {
                      type: 'array',
                      items: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['name', 'value'],
                        properties: { name: text, value: text },
                      },
                    },
                  },
                },
              },
              seed: { type: 'integer' },
              path: text,
              file: text,
            },
          },
        },
      },
    },
    waivers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'waiver', 'description', 'uses'],
        properties: {
          policy: text,
          waiver: text,
          description: text,
          uses: count,
          declared: { type: 'boolean' },
          builtIn: { type: 'boolean' },
        },
      },
    },
    mutation: {
      type: 'object',
      additionalProperties: false,
      required: ['observe', 'cases', 'score', 'mutants'],
      properties: {
        observe: { enum: ['duis', 'full'] },
        cases: count,
        score: { type: 'number', minimum: 0, maximum: 1 },
        mutants: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['check', 'place', 'rule', 'source', 'outcomes'],
            properties: {
              check: text,
              place: text,
              rule: text,
              source: text,
              outcomes: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['policy', 'status', 'kills'],
                  properties: {
                    policy: text,
                    status: { enum: ['killed', 'survived', 'not-applicable'] },
                    kills: { type: 'array', items: text },
                    routes: count,
                    why: text,
                  },
                },
              },
            },
          },
        },
      },
    },
    estate: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'meters', 'misplaced', 'repaired', 'stuck', 'requests', 'refusals'],
        properties: {
          policy: text,
          meters: count,
          misplaced: count,
          repaired: count,
          stuck: count,
          requests: count,
          refusals: { type: 'object', additionalProperties: count },
          installs: {
            type: 'object',
            additionalProperties: false,
            required: ['meters', 'misplaced', 'retries', 'failed', 'misplacedBefore', 'misplacedAfter'],
            properties: {
              meters: count,
              misplaced: count,
              retries: count,
              failed: count,
              misplacedBefore: count,
              misplacedAfter: count,
            },
          },
        },
      },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;

/** The compiled validator, built on first use (no work at import time). */
function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile(RUN_REPORT_SCHEMA);
  return compiled;
}

function formatErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => {
      const extra =
        e.keyword === 'additionalProperties'
          ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})`
          : '';
      return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${extra}`;
    })
    .join('; ');
}

/** Rules JSON Schema cannot say: unique (id, policy) pairs and every case policy listed in `policies`. */
function checkConsistency(report: RunReport): string | undefined {
  const seen = new Set<string>();
  const policies = new Set(report.policies);
  for (const [i, c] of report.cases.entries()) {
    const key = `${c.id}\u0000${c.policy}`;
    if (seen.has(key)) return `/cases/${i}: duplicate case ${c.id} under policy ${c.policy}`;
    seen.add(key);
    if (!policies.has(c.policy)) return `/cases/${i}/policy: ${c.policy} is not listed in /policies`;
  }
  return undefined;
}

/** Validates a parsed value as a RunReport; throws ERR_REPORT_SCHEMA naming the offending fields. */
export function validateReport(value: unknown): RunReport {
  const validate = validator();
  if (!validate(value)) throw new ReportError('ERR_REPORT_SCHEMA', `invalid report: ${formatErrors(validate.errors)}`);
  const report = value as RunReport;
  const problem = checkConsistency(report);
  if (problem) throw new ReportError('ERR_REPORT_SCHEMA', `invalid report: ${problem}`);
  return report;
}

/** Parses report.json text; ERR_REPORT_JSON for malformed JSON, ERR_REPORT_SCHEMA for a wrong shape. */
export function parseReportJson(text: string): RunReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ReportError('ERR_REPORT_JSON', `report is not valid JSON: ${jsonErrorText(text, cause)}`, { cause });
  }
  return validateReport(value);
}
