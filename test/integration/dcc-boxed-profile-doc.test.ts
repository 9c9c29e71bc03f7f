/**
 * docs/dcc-boxed.md, "Pointing the harness at DCC Boxed": step 2's script and step 3's profile.json,
 * taken from the page as they stand, run against the twin (`serve --interface duis --world zaz1`) as
 * the page says: every BOXED-* case runs and passes, and with `"gbcsKeys": "twin"` on the SMETS2
 * device the summary line is the one the page shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runConform } from '../../harness/cli/commands/conform';
import { startServe } from '../../harness/cli/commands/serve';
import type { CliIo } from '../../harness/cli/io';
import { freePort, twinServeOptions } from '../support/net';

jest.setTimeout(300_000);

const ROOT = resolve(__dirname, '..', '..');
const page = readFileSync(join(ROOT, 'docs', 'dcc-boxed.md'), 'utf8');
const section = page.slice(page.indexOf('## Pointing the harness at DCC Boxed'));
const TOKEN = 'dcc-boxed-doc-token-0123456789';

/** The first fenced block of `lang` after `marker` in the section, its list indentation removed. */
function block(marker: string, lang: string): string {
  const from = section.indexOf(marker);
  expect(from).toBeGreaterThanOrEqual(0);
  const m = new RegExp(`^( *)\`\`\`${lang}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'm').exec(section.slice(from));
  expect(m).not.toBeNull();
  const indent = m![1]!.length;
  return m![2]!
    .split('\n')
    .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
    .join('\n');
}

function io(out: string[] = []): CliIo {
  return { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t), cwd: tmpdir(), quiet: true };
}

async function runAgainstTwin(profile: string) {
  const port = await freePort();
  const served = await startServe(io(), twinServeOptions(port, TOKEN));
  try {
    const lines: string[] = [];
    const { report } = await runConform(io(lines), {
      target: `duis+${served.url}`,
      profile,
      scenarios: 'BOXED-*',
      policyExpectation: 'legacy',
      receiverPort: String(port),
      timeout: '5000',
      watchdog: '10000',
      json: true,
    });
    return { report, summary: lines.join('') };
  } finally {
    await served.stop();
  }
}

describe('docs/dcc-boxed.md: the hand-written profile against the twin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-boxed-doc-'));

  beforeAll(() => {
    // step 2: the page's script, run where the user installed the keystore (NODE_PATH stands for it)
    const script = block('2. Write the keystore', 'sh');
    const r = spawnSync('/bin/sh', ['-c', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // step 3
    writeFileSync(join(dir, 'profile.json'), block('3. Write `profile.json`', 'json'));
  });

  it('names the ACB digital-signing certificate DCC Boxed signs with, and the stock world', () => {
    const profile = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')) as {
      world?: string;
      dcc: { certificates: string[] };
    };
    expect(profile.world).toBe('dcc-boxed');
    expect(profile.dcc.certificates).toContain('Z1-accessControlBroker-ds.pem');
    expect(readFileSync(join(dir, 'Z1-accessControlBroker-ds.pem'), 'utf8')).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
  });

  it('runs and passes every BOXED-* case as written', async () => {
    const { report } = await runAgainstTwin(join(dir, 'profile.json'));
    expect(report.cases.length).toBe(16);
    expect(report.cases.filter((c) => c.verdict !== 'PASS').map((c) => `${c.id} ${c.verdict}`)).toEqual([]);
  });

  it('with "gbcsKeys": "twin" on A0, prints the summary line the page shows', async () => {
    const profile = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')) as {
      devices: { deviceId: string; gbcsKeys?: string }[];
    };
    for (const d of profile.devices) if (d.deviceId === '00-DB-12-34-56-78-90-A0') d.gbcsKeys = 'twin';
    writeFileSync(join(dir, 'twin-profile.json'), JSON.stringify(profile));
    const { report, summary } = await runAgainstTwin(join(dir, 'twin-profile.json'));
    expect(report.cases.filter((c) => c.verdict !== 'PASS').map((c) => c.id)).toEqual([]);
    const shown = /# (duis: [^\n]*)\n# +([^\n]*)/.exec(
      block('To try the steps first against the twin', 'sh'),
    );
    expect(shown).not.toBeNull();
    expect(summary).toContain(`${shown![1]} ${shown![2]}`);
  });
});
