import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

/** Smaller defects found by adversarial runs: each is a coded error (exit 2) that writes nothing. */
describe('CLI: coded errors instead of raw ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-defects-'));
  writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');

  test.each([
    [['run', '--policy', dir, '--scenarios', 'KRP-MIS-001']],
    [['conform', '--target', 'http://127.0.0.1:9', '--policy-expectation', dir]],
  ])('a folder given as a policy file is ERR_POLICY_FILE: %j', async (args) => {
    const r = await runCli(args, dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^smets1: ERR_POLICY_FILE: /);
    expect(r.err).not.toContain('EISDIR:');
  });

  test('duis emit refuses non-certificate bytes as --ds / --ka / --path', async () => {
    for (const opt of ['--ds', '--ka', '--path']) {
      const r = await runCli(
        [
          'duis',
          'emit',
          '--srv',
          '6.15.1',
          '--request-id',
          '90-B3-D5-1F-30-03-00-01:00-DB-12-34-56-78-90-01:1',
          '--role',
          'NetworkOperator',
          opt,
          'passwd',
        ],
        dir,
      );
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^smets1: ERR_CERT_DECODE: /);
      expect(r.out).toBe('');
    }
  });

  test('duis emit refuses bytes that are no signed GBCS pre-command as --signed-pre-command', async () => {
    const r = await runCli(
      [
        'duis',
        'emit',
        '--srv',
        '6.15.1',
        '--request-id',
        '90-B3-D5-1F-30-03-00-01:00-DB-12-34-56-78-90-01:1',
        '--signed-pre-command',
        'passwd',
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^smets1: ERR_GBCS_[A-Z_]+: /);
    expect(r.out).toBe('');
  });
});
