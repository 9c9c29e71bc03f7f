/**
 * Every `--policy` option says the forms its parser accepts: the commands that run several policies
 * (policiesOption) say "all", a preset, a policy JSON file and a comma list; those that run one
 * (onePolicyOption) say one policy only. Each help text is checked against what the command does.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildProgram, main } from '../../../../harness/cli/main';
import type { CliIo } from '../../../../harness/cli/io';
import { ONE_POLICY_HELP, POLICIES_HELP } from '../../../../harness/cli/policy-option';
import { PRESET_POLICIES } from '../../../../simulator';

function capture() {
  const cwd = mkdtempSync(join(tmpdir(), 'smets1-policy-help-'));
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd, quiet: true };
  return { io, cwd, out: () => out.join(''), err: () => err.join('') };
}

/** Every command of the tree with a `--policy` option, by its words (`gbcs submit`), with that option's help. */
function policyOptions(): { words: string[]; help: string }[] {
  const found: { words: string[]; help: string }[] = [];
  const walk = (cmd: Command, words: string[]): void => {
    const o = cmd.options.find((x) => x.long === '--policy');
    if (o) found.push({ words, help: o.description });
    for (const sub of cmd.commands) walk(sub, [...words, sub.name()]);
  };
  walk(
    buildProgram(capture().io, () => undefined),
    [],
  );
  return found;
}

const options = policyOptions();
const many = options.filter((o) => o.help.includes(POLICIES_HELP)).map((o) => o.words.join(' '));
const one = options.filter((o) => o.help.includes(ONE_POLICY_HELP)).map((o) => o.words.join(' '));

/** The cheapest arguments that reach each command's policy option (its required ones). */
const SCENARIO_FILE = resolve(__dirname, '../../../../scenarios/krp-access.json');
const REQUIRED: Record<string, string[]> = {
  'gbcs submit': ['--world', 'world.json', 'command.hex'],
  replay: [SCENARIO_FILE],
};

describe('--policy help texts', () => {
  it('every --policy option says the shared forms of its kind, and the kinds are the expected commands', () => {
    expect(options.length).toBeGreaterThan(0);
    for (const o of options)
      expect({
        command: o.words.join(' '),
        kind: o.help.includes(POLICIES_HELP) !== o.help.includes(ONE_POLICY_HELP),
      }).toEqual({
        command: o.words.join(' '),
        kind: true,
      });
    expect(one.sort()).toEqual(['gbcs submit', 'replay', 'serve']);
    expect(many.sort()).toEqual(['demo', 'estate', 'explore', 'mutate', 'prove', 'run']);
  });

  it('the shared texts name every form and every preset', () => {
    for (const form of ['"all"', 'a policy JSON file', 'comma list']) expect(POLICIES_HELP).toContain(form);
    for (const p of PRESET_POLICIES) {
      expect(POLICIES_HELP).toContain(p.name);
      expect(ONE_POLICY_HELP).toContain(p.name);
    }
    expect(ONE_POLICY_HELP).toMatch(/^one policy only: .*a policy JSON file; not "all" nor a comma list$/);
  });

  it.each(many.map((c) => [c]))(
    '%s resolves a comma list with a policy file in it before any work (the file is looked for)',
    async (command) => {
      const c = capture();
      const words = command.split(' ');
      expect(await main([...words, ...(REQUIRED[command] ?? []), '--policy', 'legacy,gone.json'], c.io)).toBe(
        2,
      );
      expect(c.err()).toMatch(/^smets1: ERR_POLICY_FILE: --policy: policy file gone\.json not found \(/);
      expect(readdirSync(c.cwd)).toEqual([]);
    },
  );

  it.each(one.map((c) => [c]))('%s refuses a comma list and "all": one policy only', async (command) => {
    for (const spec of ['legacy,corrective', 'all']) {
      const c = capture();
      const words = command.split(' ');
      expect(await main([...words, ...(REQUIRED[command] ?? []), '--policy', spec], c.io)).toBe(2);
      expect(c.err()).toMatch(/^smets1: ERR_CLI_OPTION: --policy must name one policy here, got [0-9]+\n$/);
    }
  });
});
