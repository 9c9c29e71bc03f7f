import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The folder holding this package's package.json, found by walking up from this module, so the same
 * answer comes from the TypeScript sources (tests, tsx) and from the compiled `dist/` of an installed
 * package, whatever the working directory.
 */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}

/** The package's root folder (where `scenarios/`, `bin/` and `harness/dut/openapi.yaml` live). */
export const PACKAGE_ROOT = packageRoot();

/** This package's version (from its package.json). */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** The scenario catalogue shipped with the package (`scenarios/`, with its schema and manifest). */
export const SHIPPED_CATALOGUE = join(PACKAGE_ROOT, 'scenarios');
