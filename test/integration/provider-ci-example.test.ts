/**
 * examples/provider-ci's own suite (`node --test`), run against the built harness (dist/, as
 * `require('smets1-harness')`) in both states its test decides between: with the DCC's public test
 * material resolvable from the harness (a git checkout's devDependencies: BOXED-* run, and the
 * faulty implementation fails three of them) and without it (resolution of `@smartdcc/*` refused
 * by a preload, as in a plain `npm install --omit=dev` of the tarball: BOXED-* are SKIPPED).
 * `.ci/package-checks.sh` runs the same suite against the packed tarball.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'provider-ci');

/** A copy of the example (its files, not its node_modules or outputs) with the harness on NODE_PATH. */
function exampleCopy(): { dir: string; nodePath: string; hide: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-provider-ci-'));
  for (const f of ['package.json', 'my-dcc.js', 'deviations.json', 'test'])
    cpSync(join(EXAMPLE, f), join(dir, f), { recursive: true });
  const nodePath = join(dir, 'harness-path');
  mkdirSync(nodePath);
  symlinkSync(ROOT, join(nodePath, 'smets1-harness'), 'dir');
  const hide = join(dir, 'hide-zaz1.js');
  writeFileSync(
    hide,
    [
      "'use strict';",
      "const Module = require('node:module');",
      'const resolveFilename = Module._resolveFilename;',
      'Module._resolveFilename = function (request, ...rest) {',
      "  if (request.startsWith('@smartdcc/')) {",
      "    const err = new Error(`Cannot find module '${request}' (not installed)`);",
      "    err.code = 'MODULE_NOT_FOUND';",
      '    throw err;',
      '  }',
      '  return resolveFilename.call(this, request, ...rest);',
      '};',
      '',
    ].join('\n'),
  );
  return { dir, nodePath, hide };
}

function runSuite(copy: { dir: string; nodePath: string; hide: string }, hideZaz1: boolean) {
  const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'test/'], {
    cwd: copy.dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      NODE_PATH: copy.nodePath,
      NODE_OPTIONS: hideZaz1 ? `--require ${copy.hide}` : '',
    },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('examples/provider-ci', () => {
  let copy: ReturnType<typeof exampleCopy>;
  beforeAll(() => {
    copy = exampleCopy();
  });
  afterAll(() => rmSync(copy.dir, { recursive: true, force: true }));

  it('passes with the ZAZ1 material installed: the three BOXED-* deviations ran and failed as listed', () => {
    const { status, out } = runSuite(copy, false);
    expect(out).toContain('ZAZ1 material installed: BOXED-* ran');
    expect(out).toMatch(/DEV +BOXED-014 \[legacy\].*\(actual: FAIL\)/);
    expect(status).toBe(0);
  }, 150_000);

  it('passes without it: BOXED-* skipped, the four generic deviations failed as listed', () => {
    const { status, out } = runSuite(copy, true);
    expect(out).toContain('ZAZ1 material not installed: BOXED-* skipped');
    expect(out).toMatch(/DEV +KRP-REPLAY-001 \[legacy\]/);
    expect(out).not.toMatch(/DEV +BOXED-/);
    expect(status).toBe(0);
  }, 150_000);

  it('fails with the material installed when the manifest leaves out the BOXED-* deviations', () => {
    const file = join(copy.dir, 'deviations.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { deviations: { id: string }[] };
    writeFileSync(
      file,
      JSON.stringify({ deviations: manifest.deviations.filter((d) => !d.id.startsWith('BOXED-')) }),
    );
    const { status, out } = runSuite(copy, false);
    expect(out).toContain('BOXED-005 FAIL');
    expect(status).not.toBe(0);
  }, 150_000);
});
