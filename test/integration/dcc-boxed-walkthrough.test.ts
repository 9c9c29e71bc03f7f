import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/net';
import { javaAvailable, xmlsec1Available } from '../support/oracles';

jest.setTimeout(180_000);

// docs/dcc-boxed.md, "Walkthrough": its shell blocks run as written (curl, the DCC's signing tool,
// xmlsec1; smets1 only to serve and for the user's KRP signature), on free ports, without the
// install line (the devDependencies are installed).

const ROOT = join(__dirname, '../..');

/** The doc's shell blocks that follow a `<!-- walkthrough -->` marker, in order. */
function walkthroughBlocks(): string[] {
  const doc = readFileSync(join(ROOT, 'docs/dcc-boxed.md'), 'utf8');
  return [...doc.matchAll(/<!-- walkthrough -->\s*```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe('docs/dcc-boxed.md walkthrough', () => {
  it('has the setup, CV 4 and CV 5 blocks', () => {
    const blocks = walkthroughBlocks();
    expect(blocks).toHaveLength(3);
    expect(blocks[1]).toMatch(/serviceT/);
    expect(blocks[2]).toMatch(/serviceS/);
  });

  it('works literally against smets1 serve --world zaz1', async () => {
    if (!javaAvailable() || !xmlsec1Available()) return; // each prints why it is absent
    const [dcc, receiver] = [await freePort(), await freePort()];
    const dir = mkdtempSync(join(tmpdir(), 'smets1-walkthrough-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const body = walkthroughBlocks()
      .join('\n')
      .split('\n')
      .filter((line) => !line.startsWith('npm install'))
      .join('\n')
      .replaceAll('8079', String(dcc))
      .replaceAll('8090', String(receiver));
    const script = [
      'set -euo pipefail',
      "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT",
      body,
      'echo WALKTHROUGH-DONE',
    ].join('\n');
    writeFileSync(join(dir, 'walkthrough.sh'), script);
    // `smets1` on PATH runs this checkout from source; exec keeps one process per job, so the
    // script's EXIT trap stops the twin it started
    mkdirSync(join(dir, 'bin'));
    const smets1 = join(dir, 'bin', 'smets1');
    writeFileSync(
      smets1,
      `#!/bin/sh\nSMETS1_FROM_SOURCE=1 exec node --require ${JSON.stringify(require.resolve('tsx/cjs'))} ${JSON.stringify(join(ROOT, 'bin/smets1.js'))} "$@"\n`,
    );
    chmodSync(smets1, 0o755);
    const r = spawnSync('bash', ['walkthrough.sh'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 150_000,
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH ?? ''}` },
    });
    expect({ status: r.status, tail: r.stdout.slice(-200), err: r.stderr.slice(-2000) }).toMatchObject({
      status: 0,
    });
    expect(r.stdout).toContain('WALKTHROUGH-DONE');
    expect(readFileSync(join(dir, 'device-answer.xml'), 'utf8')).toMatch(/<sr:GBCSPayload>3Q/);
  });
});
