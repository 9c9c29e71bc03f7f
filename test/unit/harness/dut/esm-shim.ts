import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { transformSync } from '@swc/core';

/**
 * Loads an ESM-only package (msw 2.15 depends on `rettime`, which ships only .mjs) as CommonJS for
 * Jest on Node 20, by compiling its files with swc at test time. Used from a `jest.mock` factory
 * until jest.config.js lets swc transform that package.
 */
export function requireEsmAsCommonJs(packageName: string): unknown {
  const cache = new Map<string, { exports: unknown }>();
  const load = (file: string): unknown => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const module = { exports: {} as unknown };
    cache.set(file, module);
    const { code } = transformSync(readFileSync(file, 'utf8'), {
      filename: file,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    });
    const localRequire = (id: string): unknown =>
      id.startsWith('.') ? load(resolve(dirname(file), id)) : createRequire(file)(id);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('module', 'exports', 'require', code)(module, module.exports, localRequire);
    return module.exports;
  };
  return load(require.resolve(packageName));
}
