import { redactPrivateKeys } from './redact';
import { CASE_VERDICTS } from './summary';
import type { CaseResult, EstateResult, Finding, RunReport, WaiverUse } from './types';

/** Preferred key order in canonical JSON; keys not listed follow alphabetically. */
const KEY_ORDER: readonly string[] = [
  'schemaVersion',
  'tool',
  'target',
  'policies',
  'summary',
  'total',
  'byPolicy',
  ...CASE_VERDICTS,
  'cases',
  'findings',
  'waivers',
  'estate',
  'mutation',
  'observe',
  'score',
  'mutants',
  'check',
  'place',
  'rule',
  'source',
  'outcomes',
  'status',
  'kills',
  'routes',
  'why',
  'kind',
  'name',
  'version',
  'id',
  'index',
  'label',
  'title',
  'tags',
  'specRefs',
  'policy',
  'invariant',
  'waiver',
  'verdict',
  'kept',
  'reason',
  'deviation',
  'description',
  'uses',
  'expected',
  'actual',
  'outcome',
  'ok',
  'stage',
  'detail',
  'steps',
  'durationMs',
  'declared',
  'builtIn',
  'counterexample',
  'seed',
  'path',
  'file',
  'meters',
  'misplaced',
  'repaired',
  'stuck',
  'requests',
  'refusals',
  'installs',
  'retries',
  'failed',
  'misplacedBefore',
  'misplacedAfter',
  'value',
  'actor',
  'device',
  'state',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i] as const));

/** Code-unit string order: locale-independent, so every machine sorts the same way. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rb = RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ra !== rb ? ra - rb : compareText(a, b);
}

/** Orders cases by id then policy (the canonical report order). */
export function compareCases(a: CaseResult, b: CaseResult): number {
  return compareText(a.id, b.id) || compareText(a.policy, b.policy);
}

function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.policy, b.policy) || compareText(a.invariant, b.invariant) || compareText(a.summary, b.summary);
}

function compareWaivers(a: WaiverUse, b: WaiverUse): number {
  return compareText(a.policy, b.policy) || compareText(a.waiver, b.waiver);
}

function compareEstate(a: EstateResult, b: EstateResult): number {
  return compareText(a.policy, b.policy);
}

/** Deep copy with object keys in canonical order and undefined fields dropped. */
function orderKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(orderKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = orderKeys(v);
    }
    return out;
  }
  return value;
}

/** The report with its arrays in canonical order (cases by id then policy, steps by index). */
export function canonicalReport(report: RunReport): RunReport {
  const cases = [...report.cases]
    .sort(compareCases)
    .map((c) => ({ ...c, steps: [...c.steps].sort((x, y) => x.index - y.index) }));
  return {
    ...report,
    cases,
    findings: [...report.findings].sort(compareFindings),
    waivers: [...report.waivers].sort(compareWaivers),
    ...(report.estate ? { estate: [...report.estate].sort(compareEstate) } : {}),
  };
}

/** Canonical JSON: stable key order, cases sorted by id then policy, 2-space indent, trailing newline. */
export function toJson(report: RunReport): string {
  return `${redactPrivateKeys(JSON.stringify(orderKeys(canonicalReport(report)), null, 2))}\n`;
}
