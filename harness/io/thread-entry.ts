import { dirname, join } from 'node:path';

/**
 * The code a worker thread evaluates (`new Worker(code, { eval: true })`) to run `exportName` of the
 * module `entry` beside `moduleFile`: the compiled `entry.js` when `moduleFile` is compiled (an
 * installed package), or `entry.ts` through tsx when it runs from the TypeScript sources (tests,
 * development; tsx is a devDependency there).
 */
export function threadBootstrap(moduleFile: string, entry: string, exportName: string): string {
  const compiled = moduleFile.endsWith('.js');
  const file = join(dirname(moduleFile), `${entry}${compiled ? '.js' : '.ts'}`);
  const load = compiled ? '' : `require(${JSON.stringify(require.resolve('tsx/cjs'))}); `;
  return `${load}require(${JSON.stringify(file)}).${exportName}();`;
}
