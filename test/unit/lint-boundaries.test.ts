/**
 * The layer and job boundaries of docs/architecture.md are enforced by ESLint
 * (`no-restricted-imports` in eslint.config.mjs): linting a deliberately wrong import must fail with
 * the rule's message, a right one must pass.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

// ESLint loads its flat config by dynamic import, which Jest's module sandbox refuses, so the probes
// run in one child Node. Type-aware rules need files on disk; the probes are virtual, so type
// checking is off for them (the boundary rule does not need types).
const PROBE = `
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const path = require('path');
const probes = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked });
Promise.all(probes.map(([file, code]) => eslint.lintText(code, { filePath: path.join(process.cwd(), file) })))
  .then((rs) => process.stdout.write(JSON.stringify(rs.map((r) => r[0].messages.map((m) => m.ruleId + ': ' + m.message)))));
`;

const imp = (spec: string): string => `import * as m from '${spec}';\nexport const x = m;\n`;

/** [file, import specifier, expected message (undefined: must pass)] */
const PROBES: readonly (readonly [string, string, RegExp | undefined])[] = [
  // The three layers.
  ['simulator/boundary-probe.ts', '../harness/conformance/runner', /simulator imports nothing of harness/],
  ['certs/boundary-probe.ts', '../simulator', /certs imports nothing/],
  ['certs/boundary-probe.ts', '../harness/cli/main', /certs imports nothing/],
  ['certs/boundary-probe.ts', '../simulator/gbcs', /certs imports nothing/],
  ['simulator/boundary-probe.ts', '../certs', undefined],
  // The runner: the port only.
  ['harness/conformance/runner/boundary-probe.ts', '../clients/http-adapter', /harness\/dut\/port\.ts only/],
  ['harness/conformance/runner/boundary-probe.ts', '../../serve/http-server', /harness\/dut\/port\.ts only/],
  ['harness/conformance/runner/boundary-probe.ts', '../../../harness/dut/port', undefined],
  ['harness/conformance/runner/boundary-probe.ts', '../../dut/port', undefined],
  // The jobs.
  ['harness/analysis/model/boundary-probe.ts', '../../conformance/runner', /analysis never imports/],
  ['harness/analysis/prove/boundary-probe.ts', '../../serve', /analysis never imports/],
  ['harness/analysis/boundary-probe.ts', '../cli/main', /analysis never imports/],
  ['harness/analysis/prove/boundary-probe.ts', '../../scenario/types', undefined],
  ['harness/estate/boundary-probe.ts', '../dut', /estate never imports/],
  ['harness/estate/boundary-probe.ts', '../conformance', /estate never imports/],
  ['harness/estate/boundary-probe.ts', '../report/types', undefined],
  ['harness/serve/boundary-probe.ts', '../conformance/clients/http-adapter', /servers import no client/],
  ['harness/serve/boundary-probe.ts', '../dut/http-schemas', undefined],
  [
    'harness/conformance/clients/boundary-probe.ts',
    '../../serve/http-sessions',
    /conformance imports no server/,
  ],
  ['harness/dut/boundary-probe.ts', '../serve', /foundation of harness\/ imports no job/],
  ['harness/report/boundary-probe.ts', '../analysis/model', /foundation of harness\/ imports no job/],
  ['harness/mutate/boundary-probe.ts', '../serve/http-server', /mutation testing drives the reference/],
  ['harness/mutate/boundary-probe.ts', '../conformance', undefined],
  ['harness/captures/boundary-probe.ts', '../cli/io', /GBCS captures read files/],
  ['harness/captures/boundary-probe.ts', '../dut/port', /GBCS captures read files/],
  ['harness/captures/boundary-probe.ts', '../../simulator/gbcs', undefined],
  ['harness/io/boundary-probe.ts', '../captures', /foundation of harness\/ imports no job/],
  ['bench/boundary-probe.ts', '../harness/captures', undefined],
  // bench/: only the CLI imports it, and it never imports the CLI.
  ['harness/serve/boundary-probe.ts', '../../bench/run-bench', /servers import no client/],
  ['harness/estate/boundary-probe.ts', '../../bench/measure', /estate never imports/],
  ['api/boundary-probe.ts', '../bench/measure', /only the CLI imports bench/],
  ['index.ts', './bench/measure', /only the CLI imports bench/],
  ['bench/boundary-probe.ts', '../harness/cli/commands/serve', /bench\/ never imports the CLI/],
  ['harness/cli/commands/boundary-probe.ts', '../../../bench/run-bench', undefined],
];

let results: string[][] = [];
beforeAll(() => {
  const run = spawnSync(process.execPath, ['-e', PROBE], {
    cwd: root,
    input: JSON.stringify(PROBES.map(([file, spec]) => [file, imp(spec)])),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint probe failed: ${run.stderr}`);
  results = JSON.parse(run.stdout) as string[][];
});

describe('layer and job boundaries (eslint)', () => {
  it.each(PROBES.map((p, i) => [i, ...p] as const))('probe %i: %s imports %s', (i, _file, _spec, want) => {
    if (want === undefined) expect(results[i]).toEqual([]);
    else
      expect(results[i]).toEqual([
        expect.stringMatching(new RegExp(`^no-restricted-imports: .*${want.source}`)),
      ]);
  });
});
