/**
 * The layer boundaries of docs/architecture.md are enforced by ESLint (`no-restricted-imports` in
 * eslint.config.mjs): linting a deliberately wrong import must fail, a right one must pass.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = join(__dirname, '..', '..');
// Type-aware rules need files on disk; the probes are virtual, so type checking is off for them.
const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries (eslint)', () => {
  it('fails when simulator imports harness', async () => {
    const messages = await restricted(
      'simulator/boundary-probe.ts',
      "import { runScenario } from '../harness/runner';\nexport const x = runScenario;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*simulator imports nothing of harness/),
    ]);
  });

  it('fails when certs imports simulator or harness', async () => {
    for (const from of ['../simulator', '../harness/cli/main', '../simulator/gbcs']) {
      const messages = await restricted(
        'certs/boundary-probe.ts',
        `import * as m from '${from}';\nexport const x = m;\n`,
      );
      expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*certs imports nothing/)]);
    }
  });

  it('fails when the runner imports an HTTP transport module', async () => {
    const messages = await restricted(
      'harness/runner/boundary-probe.ts',
      "import { createHttpDut } from '../dut/http-adapter';\nexport const x = createHttpDut;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*harness\/dut\/port\.ts only/),
    ]);
  });

  it('passes imports along the layers', async () => {
    expect(
      await restricted(
        'simulator/boundary-probe.ts',
        "import { parseEui } from '../certs';\nexport const x = parseEui;\n",
      ),
    ).toEqual([]);
    expect(
      await restricted(
        'harness/runner/boundary-probe.ts',
        "import type { DeviceUnderTest } from '../dut/port';\nexport type X = DeviceUnderTest;\n",
      ),
    ).toEqual([]);
  });
});
