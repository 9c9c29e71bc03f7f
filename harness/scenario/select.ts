import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ScenarioError } from './errors';
import { idMatcher, loadCatalogue, loadScenarioFile } from './load';
import type { LoadedScenario } from './types';

/** True when a `--scenarios` entry names files (a path or a `.json` glob) rather than scenario ids. */
export function isFileEntry(entry: string): boolean {
  return entry.includes('/') || entry.includes('\\') || entry.toLowerCase().endsWith('.json');
}

/** The files an entry names: the file itself, or the files of its folder matching its `*` / `?` glob. */
function expand(cwd: string, entry: string): string[] {
  const path = resolve(cwd, entry);
  if (!/[*?]/.test(basename(path))) {
    if (!existsSync(path)) throw new ScenarioError('ERR_SCENARIO_IO', `no scenario file ${entry}`);
    return [path];
  }
  const dir = dirname(path);
  const match = idMatcher(basename(path));
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => match(f))
        .sort()
    : [];
  if (files.length === 0) throw new ScenarioError('ERR_SCENARIO_IO', `no scenario file matches ${entry}`);
  return files.map((f) => join(dir, f));
}

/**
 * The scenarios a `--scenarios` value selects: comma-separated scenario ids and id globs (from the
 * catalogue folder), file paths and file globs (each file loaded on its own, no manifest needed).
 */
export function selectScenarios(cwd: string, catalogue: string, value: string | undefined): LoadedScenario[] {
  const entries = (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const files = entries.filter(isFileEntry);
  const ids = entries.filter((e) => !isFileEntry(e));
  const fromCatalogue =
    ids.length > 0 || files.length === 0
      ? loadCatalogue(catalogue, ids.length > 0 ? { filter: ids.join(',') } : {})
      : [];
  const fromFiles = files.flatMap((f) => expand(cwd, f)).flatMap((f) => loadScenarioFile(f));
  const seen = new Set<string>();
  return [...fromCatalogue, ...fromFiles].filter((l) => {
    if (seen.has(l.scenario.id)) return false;
    seen.add(l.scenario.id);
    return true;
  });
}
