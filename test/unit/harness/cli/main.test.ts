/**
 * The `smets1` program in process: every registered command answers --help with its own usage and
 * refuses an unknown option (exit 2, nothing written to stdout), coded errors become one line
 * `smets1: CODE: message`, and the exit codes are the documented ones (0 ok, 1 check failed, 2 bad input).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
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
    expect(c.err()).toMatch(/unknown option '--no-such-option-xyz'|unknown command|error:/);
    expect(c.out()).toBe('');
    expect(readdirSync(c.cwd)).toEqual([]);
  });
});

describe('errors', () => {
  it('an unknown command exits 2', async () => {
    const c = capture();
    expect(await main(['no-such-command'], c.io)).toBe(2);
    expect(c.err()).toMatch(/unknown command/);
  });

  it('a coded error of a layer is one line with its code, exit 2, and changes nothing', async () => {
    const c = capture();
    expect(await main(['run', '--policy', 'lax', '--out', 'r'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^smets1: ERR_POLICY_UNKNOWN: --policy: .*"lax".*presets are legacy/);
    expect(c.err().trim().split('\n')).toHaveLength(1);
    expect(readdirSync(c.cwd)).toEqual([]);
  });

  it('a missing input file is ERR_CLI_FILE naming the file', async () => {
    const c = capture();
    expect(await main(['inspect', 'missing.pem'], c.io)).toBe(2);
    expect(c.err()).toMatch(/^smets1: ERR_CLI_FILE: cannot read missing\.pem: ENOENT/);
  });
});
