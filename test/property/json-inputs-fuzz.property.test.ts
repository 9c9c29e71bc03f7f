/**
 * Every JSON input surface (policy, world, scenario, deviation manifest, run report) either
 * accepts a document or refuses it with its layer's coded error: never another exception.
 * Inputs are valid documents with one value replaced, one key added or one removed, and
 * arbitrary JSON. fast-check prints the seed and path of any counterexample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { CodedError } from '../../certs';
import { parseReportJson, toJson } from '../../harness/report';
import { parseDeviationManifest } from '../../harness/conformance/runner';
import { parseScenarioFile } from '../../harness/scenario';
import { buildWorld, correctivePolicy, parsePolicy, referenceWorldSpec } from '../../simulator';
import { pki } from '../support/reference-dcc';
import { sampleReport } from '../unit/harness/report/sample-report';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside a JSON document. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return here;
}

type Mutation = { kind: 'replace' | 'add' | 'remove'; at: number; value: Json; key: string };

function mutate(doc: Json, m: Mutation): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  const all = paths(copy);
  const path = all[m.at % all.length]!;
  if (path.length === 0) return m.kind === 'replace' ? m.value : copy;
  const parent = path
    .slice(0, -1)
    .reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, copy) as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'remove') delete parent[last];
  else if (typeof parent === 'object' && !Array.isArray(parent)) parent[m.key] = m.value;
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('replace', 'add', 'remove'),
  at: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  key: fc.string({ maxLength: 8 }),
});

/** Runs `parse`; passes if it returns or throws a CodedError with an ERR_ code. */
function acceptsOrCodes(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (err) {
    if (err instanceof CodedError && /^ERR_[A-Z0-9_]+$/.test(err.code)) return true;
    throw err;
  }
}

const surfaces: [name: string, valid: () => Json, parse: (doc: Json) => unknown][] = [
  ['policy', () => JSON.parse(JSON.stringify(correctivePolicy)) as Json, (d) => parsePolicy(d)],
  ['world', () => JSON.parse(JSON.stringify(referenceWorldSpec(pki()))) as Json, (d) => buildWorld(d)],
  [
    'scenario',
    () =>
      (
        JSON.parse(readFileSync(join(__dirname, '../../scenarios/krp-mis-core.json'), 'utf8')) as {
          scenarios: Json[];
        }
      ).scenarios[0]!,
    (d) => parseScenarioFile(JSON.stringify(d), 'fuzz.json', { zaz1Unavailable: () => undefined }),
  ],
  [
    'deviation manifest',
    () => ({ deviations: [{ id: 'KRP-MIS-001', policy: 'legacy', reason: 'known gap' }] }),
    (d) => parseDeviationManifest(d),
  ],
  ['run report', () => JSON.parse(toJson(sampleReport())) as Json, (d) => parseReportJson(JSON.stringify(d))],
];

describe.each(surfaces)('%s input', (_name, valid, parse) => {
  it('accepts the valid document', () => {
    expect(() => parse(valid())).not.toThrow();
  });

  it('accepts or refuses with a coded error every one-edit mutation', () => {
    const doc = valid();
    fc.assert(
      fc.property(mutation, (m) => acceptsOrCodes(() => parse(mutate(doc, m)))),
      { numRuns: 150 },
    );
  });

  it('accepts or refuses with a coded error arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => acceptsOrCodes(() => parse(v as Json))),
      { numRuns: 100 },
    );
  });
});
