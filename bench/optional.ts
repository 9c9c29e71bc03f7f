import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A figure another part of the project provides, or why it is not available. */
export type OptionalFigure =
  | { readonly status: 'ok'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly status: 'n/a'; readonly reason: string };

/**
 * Calls `exportName(args)` from a module of the project when the module and the export exist
 * (loaded at run time so the bench builds before the other module is written).
 */
export async function callOptional(
  root: string,
  modulePath: string,
  exportName: string,
  args: unknown,
): Promise<OptionalFigure> {
  const file = join(root, modulePath);
  const candidates = [`${file}.ts`, join(file, 'index.ts'), `${file}.js`, join(file, 'index.js')];
  if (!candidates.some((c) => existsSync(c)))
    return { status: 'n/a', reason: `${modulePath} does not exist yet` };
  let mod: Record<string, unknown>;
  try {
    mod = createRequire(__filename)(file) as Record<string, unknown>;
  } catch (err) {
    return {
      status: 'n/a',
      reason: `${modulePath} failed to load: ${(err as Error).message.split('\n')[0]}`,
    };
  }
  const fn = mod[exportName];
  if (typeof fn !== 'function')
    return { status: 'n/a', reason: `${modulePath} does not export ${exportName}()` };
  try {
    const value = (await (fn as (a: unknown) => unknown)(args)) as Record<string, unknown>;
    return { status: 'ok', value: value ?? {} };
  } catch (err) {
    return { status: 'n/a', reason: `${exportName}() failed: ${(err as Error).message.split('\n')[0]}` };
  }
}
