/**
 * The import graph of the published code, read by the compiler's parser: no runtime import cycle
 * (type-only imports are erased and may loop), and bench/ is imported only by the CLI.
 */
import { cyclesOf, importGraph, importsOf, type ImportEdge } from '../support/import-graph';

const PUBLISHED = ['certs', 'simulator', 'harness', 'api', 'bench', 'index.ts'];
const edges = importGraph(PUBLISHED);

describe('the import graph', () => {
  it('sees the project (sanity: the root entry imports the harness)', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges.some((e) => e.from === 'index.ts' && e.to === 'harness/index.ts')).toBe(true);
  });

  it('has no runtime import cycle', () => {
    expect(cyclesOf(edges.filter((e) => !e.typeOnly))).toEqual([]);
  });

  it('lets only the CLI import bench/', () => {
    const importers = edges.filter((e) => e.to.startsWith('bench/') && !e.from.startsWith('bench/'));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((e) => !e.from.startsWith('harness/cli/'))).toEqual([]);
  });
});

describe('cyclesOf', () => {
  const e = (from: string, to: string): ImportEdge => ({ from, to, typeOnly: false });
  it('finds a two-file loop through a barrel and a self-import, and nothing in a DAG', () => {
    expect(cyclesOf([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd')])).toEqual([['a', 'b', 'c']]);
    expect(cyclesOf([e('x', 'x')])).toEqual([['x']]);
    expect(cyclesOf([e('a', 'b'), e('a', 'c'), e('b', 'c')])).toEqual([]);
  });
});

describe('importsOf', () => {
  it('marks erased imports as type-only and keeps value imports', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B, type C } from './b';",
      "import { D, type E } from './c';",
      "export { F } from './d';",
      "export type { G } from './e';",
      "import './f';",
    ].join('\n');
    const got = importsOf('harness/index.ts', text).map((x) => [x.to, x.typeOnly]);
    // Only files that exist resolve; harness/{dut,scenario,...} do, so probe with real neighbours.
    expect(got).toEqual([]);
    const real = importsOf(
      'harness/index.ts',
      "import type { A } from './dut';\nimport { type B } from './scenario';\nimport { C, type D } from './report';\nexport { E } from './io';\nimport './estate';",
    ).map((x) => [x.to, x.typeOnly]);
    expect(real).toEqual([
      ['harness/dut/index.ts', true],
      ['harness/scenario/index.ts', true],
      ['harness/report/index.ts', false],
      ['harness/io/index.ts', false],
      ['harness/estate/index.ts', false],
    ]);
  });
});
