/**
 * The `smets1` program in process: every registered command answers --help with its own usage and
 * refuses an unknown option (exit 2, nothing written to stdout), coded errors become one line
 * `smets1: CODE: message`, and the exit codes are the documented ones (0 ok, 1 check failed, 2 bad input).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram, main } from '../../../../harness/cli/main';
import { registeredCommands } from '../../../../harness/cli/registry';
import type { CliIo } from '../../../../harness/cli/io';
import { PACKAGE_VERSION } from '../../../../harness/scenario';

function capture(cwd = mkdtempSync(join(tmpdir(), 'smets1-cli-'))) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, quiet: true };
  return { io, cwd, out: () => out.join(''), err: () => err.join('') };
}

const names = buildProgram(capture().io, () => undefined).commands.map((c) => c.name());

describe('the command registry', () => {
  it('registers each command once, in help order, and the program lists every one', async () => {
    expect(new Set(names).size).toBe(registeredCommands.length);
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    for (const n of names) expect(c.out()).toMatch(new RegExp(`^\\s+${n}\\b`, 'm'));
  });

  it('prints the package version', async () => {
    const c = capture();
    expect(await main(['--version'], c.io)).toBe(0);
    expect(c.out().trim()).toBe(PACKAGE_VERSION);
  });
});

describe.each(names.map((n) => [n]))('smets1 %s', (name) => {
  it('answers --help with its own usage and exit 0, writing no file', async () => {
    const c = capture();
    expect(await main([name, '--help'], c.io)).toBe(0);
    expect(c.out()).toContain(`Usage: smets1 ${name}`);
    expect(readdirSync(c.cwd)).toEqual([]);
  });

  it('refuses an unknown option with exit 2 and nothing on stdout or disk', async () => {
    const c = capture();
    expect(await main([name, '--no-such-option-xyz'], c.io)).toBe(2);
    expect(c.err()).toMatch(
      // Commands with a required option report it missing first; either way one coded line.
      /^smets1: ERR_CLI_(OPTION|COMMAND): (unknown (option '--no-such-option-xyz'|command)|required option)/,
    );
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(c.out()).toBe('');
    expect(readdirSync(c.cwd)).toEqual([]);
  });
});

describe('errors', () => {
  it('an unknown command exits 2', async () => {
    const c = capture();
    expect(await main(['no-such-command'], c.io)).toBe(2);
    expect(c.err()).toBe(
      "smets1: ERR_CLI_COMMAND: unknown command 'no-such-command' (usage: smets1 --help)\n",
    );
  });

  it("puts commander's errors in the coded format, suggesting the option an unknown one starts", async () => {
    const c = capture();
    expect(await main(['conform', '--target', 'http://127.0.0.1:1', '--policy', 'legacy'], c.io)).toBe(2);
    expect(c.err()).toBe(
      "smets1: ERR_CLI_OPTION: unknown option '--policy' (did you mean --policy-expectation?) (usage: smets1 conform --help)\n",
    );
    const d = capture();
    expect(await main(['run', '--polcy', 'legacy'], d.io)).toBe(2);
    expect(d.err()).toMatch(/^smets1: ERR_CLI_OPTION: unknown option '--polcy' \(did you mean --policy\?\)/);
    const e = capture();
    expect(await main(['inspect'], e.io)).toBe(2);
    expect(e.err()).toMatch(/^smets1: ERR_CLI_ARGUMENT: missing required argument/);
  });

  it('takes --quiet (or -q) before or after the command', async () => {
    const c = capture();
    expect(await main(['-q', 'world', '--help'], c.io)).toBe(0);
    expect(await main(['run', '--scenarios', 'KRP-MIS-001', '--policy', 'legacy', '--quiet'], c.io)).toBe(0);
  });

  it('prints the elapsed time of a finished command when it speaks, and nothing more on an error', async () => {
    const c = capture();
    const io: CliIo = { ...c.io, voice: 'lines' };
    expect(await main(['run', '--scenarios', 'KRP-MIS-001', '--policy', 'legacy'], io)).toBe(0);
    expect(c.err()).toMatch(
      /^smets1 run: catalogue: 1 cases in [0-9.]+ s\nsmets1 run: done in [0-9.]+ s \(exit 0\)\n$/,
    );
    const d = capture();
    expect(await main(['run', '--policy', 'lax'], { ...d.io, voice: 'lines' })).toBe(2);
    expect(d.err().trim().split('\n')).toHaveLength(1);
  });

  it('a coded error of a layer is one line with its code, exit 2, and changes nothing', async () => {
    const c = capture();
    expect(await main(['run', '--policy', 'lax', '--out', 'r'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^smets1: ERR_POLICY_UNKNOWN: --policy: .*"lax".*presets are legacy/);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(readdirSync(c.cwd)).toEqual([]);
  });

  it.each([
    [['duis', 'emit', '--no-such-option-xyz'], 'duis emit'],
    [['gbcs', 'sign', '--no-such-option-xyz'], 'gbcs sign'],
    [['-q', 'gbcs', 'submit', '--world'], 'gbcs submit'],
    [['run', '--polcy', 'legacy'], 'run'],
  ])('a usage hint names the subcommand that failed: %j', async (argv, path) => {
    const c = capture();
    expect(await main(argv, c.io)).toBe(2);
    expect(c.err()).toMatch(new RegExp(`^smets1: ERR_CLI_OPTION: .* \\(usage: smets1 ${path} --help\\)\\n$`));
  });

  it('a missing input file is ERR_CLI_FILE naming the file', async () => {
    const c = capture();
    expect(await main(['inspect', 'missing.pem'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^smets1: ERR_CLI_FILE: cannot read missing\.pem: not found/);
  });

  it('a missing deviation manifest is "not found", and broken JSON names its line and column', async () => {
    const c = capture();
    expect(await main(['run', '--manifest', 'nope.json'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^smets1: ERR_SCENARIO_IO: .*nope\.json: cannot read: not found\n$/);
    writeFileSync(join(c.cwd, 'bad.json'), '{\n  "deviations": [\n  ]\n  "x": 1\n}');
    const d = capture(c.cwd);
    expect(await main(['run', '--manifest', 'bad.json'], d.io)).toBe(2);
    expect(d.err()).toMatch(/^smets1: ERR_SCENARIO_JSON: .*bad\.json: not valid JSON: line 4, column 3: /);
  });

  it('conform against a closed port exits 2 with one line before running any case', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const c = capture();
    expect(
      await main(
        ['conform', '--target', `http://127.0.0.1:${port}`, '--policy-expectation', 'legacy', '--out', 'r'],
        c.io,
      ),
    ).toBe(2);
    expect(c.err()).toBe(
      `smets1: ERR_CLI_TARGET: cannot reach http://127.0.0.1:${port}: ECONNREFUSED (is the implementation running? \`smets1 serve\` starts the reference)\n`,
    );
    expect(c.out()).toBe('');
    expect(readdirSync(c.cwd)).toEqual([]);
  });
});
