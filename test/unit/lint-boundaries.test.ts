/**
 * The layer boundaries of docs/architecture.md are enforced by ESLint (`no-restricted-imports` in
 * eslint.config.mjs): linting a deliberately wrong import must fail, a right one must pass.
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

const PROBES: readonly (readonly [string, string])[] = [
  [
    'simulator/boundary-probe.ts',
    "import { runScenario } from '../harness/runner';\nexport const x = runScenario;\n",
  ],
  ['certs/boundary-probe.ts', "import * as m from '../simulator';\nexport const x = m;\n"],
  ['certs/boundary-probe.ts', "import * as m from '../harness/cli/main';\nexport const x = m;\n"],
  ['certs/boundary-probe.ts', "import * as m from '../simulator/gbcs';\nexport const x = m;\n"],
  [
    'harness/runner/boundary-probe.ts',
    "import { createHttpDut } from '../dut/http-adapter';\nexport const x = createHttpDut;\n",
  ],
  ['simulator/boundary-probe.ts', "import { parseEui } from '../certs';\nexport const x = parseEui;\n"],
  [
    'harness/runner/boundary-probe.ts',
    "import type { DeviceUnderTest } from '../dut/port';\nexport type X = DeviceUnderTest;\n",
  ],
];

let results: string[][] = [];
beforeAll(() => {
  const run = spawnSync(process.execPath, ['-e', PROBE], {
    cwd: root,
    input: JSON.stringify(PROBES),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint probe failed: ${run.stderr}`);
  results = JSON.parse(run.stdout) as string[][];
});

describe('layer boundaries (eslint)', () => {
  it('fails when simulator imports harness', () => {
    expect(results[0]).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*simulator imports nothing of harness/),
    ]);
  });

  it('fails when certs imports simulator or harness', () => {
    for (const r of results.slice(1, 4))
      expect(r).toEqual([expect.stringMatching(/^no-restricted-imports: .*certs imports nothing/)]);
  });

  it('fails when the runner imports an HTTP transport module', () => {
    expect(results[4]).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*harness\/dut\/port\.ts only/),
    ]);
  });

  it('passes imports along the layers', () => {
    expect(results[5]).toEqual([]);
    expect(results[6]).toEqual([]);
  });
});
