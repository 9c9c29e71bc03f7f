import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockOutput } from '../../harness/io';
import { runCli } from '../support/cli';

/** The overwrite rule, key modes, locks and pseudo-filesystem refusals of docs/reliability.md. */
describe('CLI outputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smets1-outputs-'));

  it('writes private keys 0600 and never replaces them with other keys without --force', async () => {
    expect(
      (await runCli(['pki', '--out', 'p', '--seed', '1', '--nos', '1', '--suppliers', '1'], dir)).code,
    ).toBe(0);
    const key = join(dir, 'p', 'NO-A-ds.key.pem');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const before = readFileSync(key, 'utf8');
    // the same seed gives the same keys: rewriting them is harmless and allowed
    expect(
      (await runCli(['pki', '--out', 'p', '--seed', '1', '--nos', '1', '--suppliers', '1'], dir)).code,
    ).toBe(0);
    const other = await runCli(['pki', '--out', 'p', '--seed', '2', '--nos', '1', '--suppliers', '1'], dir);
    expect(other.code).toBe(2);
    expect(other.err).toContain('ERR_OUT_KEY_EXISTS');
    expect(readFileSync(key, 'utf8')).toBe(before);
    const forced = await runCli(
      ['pki', '--out', 'p', '--seed', '2', '--nos', '1', '--suppliers', '1', '--force'],
      dir,
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(key, 'utf8')).not.toBe(before);
    expect(statSync(key).mode & 0o777).toBe(0o600);
  });

  it('refuses to replace a file of another kind (world, estate) unless --force, and keeps it', async () => {
    writeFileSync(join(dir, 'notes.json'), '{"mine": true}\n');
    const r = await runCli(['world', '--out', 'notes.json'], dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ERR_OUT_EXISTS');
    expect(readFileSync(join(dir, 'notes.json'), 'utf8')).toBe('{"mine": true}\n');
    expect((await runCli(['world', '--out', 'world.json'], dir)).code).toBe(0);
    expect((await runCli(['world', '--out', 'world.json'], dir)).code).toBe(0);
    expect((await runCli(['world', '--out', 'notes.json', '--force'], dir)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'notes.json'), 'utf8'))).toHaveProperty('parties');

    mkdirSync(join(dir, 'est'));
    writeFileSync(join(dir, 'est', 'estate.json'), 'precious');
    const e = await runCli(
      ['estate', '--meters', '200', '--policy', 'legacy', '--workers', '0', '--out', 'est'],
      dir,
    );
    expect(e.code).toBe(2);
    expect(e.err).toContain('ERR_OUT_EXISTS');
    expect(readFileSync(join(dir, 'est', 'estate.json'), 'utf8')).toBe('precious');
  });

  it('keeps other files of an output folder when the report set is swapped in', async () => {
    mkdirSync(join(dir, 'rep'));
    writeFileSync(join(dir, 'rep', 'README.txt'), 'kept');
    const args = ['run', '--policy', 'legacy', '--scenarios', 'KRP-MIS-001', '--out', 'rep', '--json'];
    expect((await runCli(args, dir)).code).toBe(0);
    expect((await runCli(args, dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'rep', 'README.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(join(dir, 'rep')).sort()).toEqual([
      'README.txt',
      'index.html',
      'junit.xml',
      'report.json',
    ]);
    expect(readdirSync(dir).filter((e) => e.includes('.smets1-') && !e.endsWith('-lock'))).toEqual([]);
  });

  it('refuses an --out folder another live run holds (ERR_OUT_LOCKED)', async () => {
    const lock = lockOutput(join(dir, 'busy'), 'test');
    try {
      // the lock's owner is this live process; a CLI run in this process is "another run" too
      const r = await runCli(
        ['run', '--policy', 'legacy', '--scenarios', 'KRP-MIS-001', '--out', 'busy'],
        dir,
      );
      expect(r.code).toBe(2);
      expect(r.err).toContain('ERR_OUT_LOCKED');
    } finally {
      lock.release();
    }
  });

  it.each([
    ['run', '--policy', 'legacy', '--scenarios', 'KRP-MIS-001', '--out', '/proc/smets1-x/y'],
    ['world', '--out', '/proc/smets1-x/world.json'],
    ['pki', '--out', '/sys/smets1-x'],
  ])('refuses an output on a pseudo-filesystem at once: %s %s', async (...args) => {
    if (process.platform !== 'linux') return;
    const r = await runCli(args, dir);
    expect(r.code).toBe(2);
    expect(r.err).toContain('ERR_OUT_PSEUDO_FS');
  });
});
