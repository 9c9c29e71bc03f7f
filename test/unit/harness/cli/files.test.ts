/** The CLI's file helpers and policy options: coded errors naming the file or flag, exit 2. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile, readJsonFile, writeOutputFile } from '../../../../harness/cli/files';
import { CliError, type CliIo } from '../../../../harness/cli/io';
import { onePolicyOption, policiesOption } from '../../../../harness/cli/policy-option';
import { PRESET_POLICIES } from '../../../../simulator';

const io = (): CliIo => ({
  stdout: () => undefined,
  stderr: () => undefined,
  cwd: mkdtempSync(join(tmpdir(), 'smets1-files-')),
  quiet: true,
});

describe('readInputFile, readJsonFile, writeOutputFile', () => {
  it('read and write relative to the working directory', () => {
    const i = io();
    writeOutputFile(i, 'sub/a.json', '{"x":1}');
    expect(readFileSync(join(i.cwd, 'sub/a.json'), 'utf8')).toBe('{"x":1}');
    expect(readJsonFile(i, 'sub/a.json')).toEqual({ x: 1 });
    expect(readInputFile(i, 'sub/a.json').length).toBe(7);
  });

  it('name the file in ERR_CLI_FILE and ERR_CLI_JSON (exit 2)', () => {
    const i = io();
    const missing = (() => {
      try {
        readInputFile(i, 'nope.json');
      } catch (e) {
        return e;
      }
    })() as CliError;
    expect(missing).toBeInstanceOf(CliError);
    expect(missing).toMatchObject({ code: 'ERR_CLI_FILE', exitCode: 2 });
    expect(missing.message).toBe('cannot read nope.json: not found');
    writeFileSync(join(i.cwd, 'bad.json'), '{"x":');
    expect(() => readJsonFile(i, 'bad.json')).toThrow(expect.objectContaining({ code: 'ERR_CLI_JSON' }));
  });
});

describe('policiesOption', () => {
  it('resolves all, presets, files and lists, prefixing errors with the flag', () => {
    const i = io();
    expect(policiesOption(i, 'all').map((p) => p.name)).toEqual(PRESET_POLICIES.map((p) => p.name));
    expect(policiesOption(i, 'legacy, corrective').map((p) => p.name)).toEqual(['legacy', 'corrective']);
    writeFileSync(
      join(i.cwd, 'mine.json'),
      JSON.stringify({ name: 'mine', description: 'd', waivers: [], authority: 'dcc' }),
    );
    expect(policiesOption(i, 'mine.json').map((p) => p.name)).toEqual(['mine']);
    expect(() => policiesOption(i, 'lax', '--policy-expectation')).toThrow(
      expect.objectContaining({
        code: 'ERR_POLICY_UNKNOWN',
        message: expect.stringMatching(/^--policy-expectation: /),
      }),
    );
    expect(() => policiesOption(i, 'legacy,')).toThrow(
      expect.objectContaining({ code: 'ERR_POLICY_UNKNOWN' }),
    );
    expect(() => onePolicyOption(i, 'legacy,corrective')).toThrow(
      expect.objectContaining({ code: 'ERR_CLI_OPTION' }),
    );
    expect(onePolicyOption(i, 'smets2').name).toBe('smets2');
  });
});

describe('policiesOption on files', () => {
  it('a missing .json or path is ERR_POLICY_FILE "not found" with its path; a bare unknown name stays ERR_POLICY_UNKNOWN', () => {
    const i = io();
    for (const spec of ['missing.json', 'sub/mine', 'legacy,missing.json']) {
      const item = spec.split(',').pop()!;
      expect(() => policiesOption(i, spec)).toThrow(
        expect.objectContaining({
          code: 'ERR_POLICY_FILE',
          exitCode: 2,
          message: `--policy: policy file ${item} not found (${join(i.cwd, item)})`,
        }),
      );
    }
    expect(() => policiesOption(i, 'lax')).toThrow(
      expect.objectContaining({
        code: 'ERR_POLICY_UNKNOWN',
        message: expect.stringMatching(
          /^--policy: policy "lax" is neither "all", a preset nor a policy file; presets are legacy/,
        ),
      }),
    );
  });

  it('a policy file with invalid JSON names the file, line and column; a schema error names the file', () => {
    const i = io();
    writeFileSync(join(i.cwd, 'bad.json'), '{\n  "name": "x",\n  oops\n}\n');
    expect(() => policiesOption(i, 'bad.json')).toThrow(
      expect.objectContaining({
        code: 'ERR_POLICY_JSON',
        message: expect.stringMatching(
          /^--policy: policy file bad\.json: policy is not valid JSON: line 3, column 3: /,
        ),
      }),
    );
    writeFileSync(join(i.cwd, 'shape.json'), JSON.stringify({ name: 'x' }));
    expect(() => policiesOption(i, 'legacy,shape.json')).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^--policy: policy file shape\.json: /) }),
    );
  });
});
