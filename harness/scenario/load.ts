import { fileReadReason, jsonErrorText } from '../../certs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError } from './errors';
import { expandFamily } from './family';
import { checkPolicyKeys } from './policy-keys';
import { checkReferences } from './references';
import type { LoadedScenario, Scenario, ScenarioFamily, ScenarioManifest } from './types';
import { assertSchema, fileKindOf } from './validate';

/** Options of the loader: how to tell whether the real ZAZ1 material is installed (injected for tests). */
export interface LoadOptions {
  /** Returns undefined when the ZAZ1 material can be loaded, else the reason it cannot. */
  readonly zaz1Unavailable?: () => string | undefined;
}

/** Default probe: the ZAZ1 material is a devDependency, absent from production installs. */
export function probeZaz1Material(): string | undefined {
  try {
    require.resolve('@smartdcc/dccboxed-keystore/keystore.json');
    require.resolve('@smartdcc/duis-templates/package.json');
    return undefined;
  } catch {
    return 'needs the ZAZ1 test material, not installed: npm i -D @smartdcc/dccboxed-keystore@^0.4.2 @smartdcc/duis-templates@0.5.0 (GPL-3.0, test use only)';
  }
}

function finish(s: Scenario, file: string, base: string, options: LoadOptions): LoadedScenario {
  checkReferences(s, file, base);
  checkPolicyKeys(s, file, base);
  if (s.tags.includes('zaz1') || s.world.material === 'zaz1' || s.world.material === 'dcc-boxed') {
    const reason = (options.zaz1Unavailable ?? probeZaz1Material)();
    if (reason) return { scenario: s, file, skip: reason };
  }
  return { scenario: s, file };
}

/**
 * Parses one scenario file (a scenario, a group or a family) into scenarios. Errors name the file
 * and the JSON pointer: ERR_SCENARIO_JSON, ERR_SCENARIO_SCHEMA, ERR_SCENARIO_REFERENCE.
 */
export function parseScenarioFile(text: string, file: string, options: LoadOptions = {}): LoadedScenario[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_JSON', `${file}: not valid JSON: ${jsonErrorText(text, cause)}`, {
      cause,
    });
  }
  const kind = fileKindOf(value);
  assertSchema(value, kind, file);
  if (kind === 'scenario') return [finish(value as Scenario, file, '', options)];
  if (kind === 'group')
    return (value as { scenarios: Scenario[] }).scenarios.map((s, i) =>
      finish(s, file, `/scenarios/${i}`, options),
    );
  const family = value as ScenarioFamily;
  for (const d of family.distinct ?? []) {
    if (!(d in family.parameters))
      throw new ScenarioError(
        'ERR_SCENARIO_REFERENCE',
        `${file}: /distinct: ${JSON.stringify(d)} is not a parameter`,
      );
  }
  return expandFamily(family).map((c) => {
    const id = (c.scenario as { id: unknown }).id;
    const where = `${file} (case ${String(id)}, template)`;
    assertSchema(c.scenario, 'scenario', where);
    return { ...finish(c.scenario as Scenario, where, '', options), family: family.family };
  });
}

/** Reads and parses one scenario file from disk. */
export function loadScenarioFile(path: string, options: LoadOptions = {}): LoadedScenario[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_IO', `${path}: cannot read: ${fileReadReason(cause)}`, {
      cause,
    });
  }
  return parseScenarioFile(text, path, options);
}

/** Turns an id glob (`*` any run, `?` one character; comma-separated alternatives) into a predicate. */
export function idMatcher(glob: string | undefined): (id: string) => boolean {
  if (glob === undefined || glob.trim() === '') return () => true;
  const patterns = glob
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g.length > 0)
    .map(
      (g) =>
        new RegExp(
          `^${g
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '.*')
            .replace(/\?/g, '.')}$`,
          'i',
        ),
    );
  return (id) => patterns.some((p) => p.test(id));
}

/** Reads `manifest.json` of a catalogue directory: `{ "files": [...] }`. */
export function readManifest(dir: string): ScenarioManifest {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ScenarioError(
      'ERR_SCENARIO_IO',
      `${file}: cannot read the manifest: ${fileReadReason(cause)}`,
      {
        cause,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ScenarioError('ERR_SCENARIO_JSON', `${file}: ${jsonErrorText(text, cause)}`, { cause });
  }
  const files = (value as { files?: unknown }).files;
  const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
  if (
    !Array.isArray(files) ||
    !files.every((f) => typeof f === 'string' && /^[A-Za-z0-9._/-]+\.json$/.test(f) && !f.includes('..')) ||
    keys.some((k) => k !== 'files' && k !== '$comment')
  ) {
    throw new ScenarioError(
      'ERR_SCENARIO_SCHEMA',
      `${file}: /files: must be the only field, a list of relative .json paths`,
    );
  }
  return { files: files as string[] };
}

/**
 * Loads the catalogue listed by `dir/manifest.json`, keeps the scenarios whose id matches `filter`,
 * and returns them sorted by id; duplicate ids are an error.
 */
export function loadCatalogue(
  dir: string,
  options: LoadOptions & { filter?: string } = {},
): LoadedScenario[] {
  const manifest = readManifest(dir);
  const match = idMatcher(options.filter);
  const seen = new Map<string, string>();
  const out: LoadedScenario[] = [];
  for (const f of manifest.files) {
    for (const loaded of loadScenarioFile(join(dir, f), options)) {
      const id = loaded.scenario.id;
      const previous = seen.get(id);
      if (previous)
        throw new ScenarioError(
          'ERR_SCENARIO_REFERENCE',
          `${loaded.file}: /id: duplicate id ${id} (also in ${previous})`,
        );
      seen.set(id, loaded.file);
      if (match(id)) out.push(loaded);
    }
  }
  return out.sort((a, b) => (a.scenario.id < b.scenario.id ? -1 : a.scenario.id > b.scenario.id ? 1 : 0));
}
