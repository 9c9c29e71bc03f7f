import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import * as api from '../../index';

/** The ```ts blocks of docs/api.md, each a complete program importing 'smets1-harness'. */
const DOC = join(__dirname, '..', '..', 'docs', 'api.md');
const blocks = [...readFileSync(DOC, 'utf8').matchAll(/^## (.+)$|^```ts\n([\s\S]*?)^```$/gm)]
  .reduce<{ heading: string; code: string }[]>((acc, m) => {
    if (m[1] !== undefined) acc.push({ heading: m[1], code: '' });
    else if (m[2] !== undefined) {
      const last = acc[acc.length - 1];
      if (last && last.code === '') last.code = m[2];
      else acc.push({ heading: last?.heading ?? '(top)', code: m[2] });
    }
    return acc;
  }, [])
  .filter((b) => b.code !== '');

const nodeRequire = createRequire(__filename);

/** Runs one example as CommonJS in an async body, with 'smets1-harness' mapped to the package entry. */
async function runExample(code: string): Promise<void> {
  const js = ts.transpileModule(code, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
  const load = (id: string): unknown => {
    if (id === 'smets1-harness') return api;
    if (id.startsWith('node:')) return nodeRequire(id);
    throw new Error(`examples import only smets1-harness and node: modules, not ${id}`);
  };
  const module = { exports: {} };
  // Evaluated in this test's realm (not vm's outer one), so arrays and errors compare as in a user's program.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the documented examples are the code under test
  const body = new Function('require', 'module', 'exports', `return (async () => {\n${js}\n})();`) as (
    r: typeof load,
    m: typeof module,
    e: object,
  ) => Promise<void>;
  await body(load, module, module.exports);
}

describe('docs/api.md examples', () => {
  it('has an example for every section that documents a function', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(11);
    for (const b of blocks) expect(b.code).toContain("from 'smets1-harness'");
  });

  it.each(blocks.map((b, i) => [`${i + 1}. ${b.heading}`, b.code] as const))('%s', async (_name, code) => {
    await runExample(code);
  });
});
