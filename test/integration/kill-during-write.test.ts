import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { lockOutput, recoverOutput } from '../../harness/io';

const ROOT = resolve(__dirname, '../..');
const LOOP = join(__dirname, 'support', 'write-loop.ts');
const KILLS = Number(process.env.KILL_TEST_ROUNDS ?? 12);

/** Runs the write loop in a child and SIGKILLs it `delayMs` after its first complete version. */
function killDuringWrites(mode: 'file' | 'set', target: string, delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', LOOP, mode, target, '300000'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? done() : fail(new Error(`writer exited ${code}: ${err}`)),
    );
  });
}

/** The version a complete output document names; throws on a torn or empty file. */
function versionOf(file: string): number {
  const text = readFileSync(file, 'utf8');
  const parsed = JSON.parse(text) as { version: number; padding: string };
  expect(parsed.padding).toHaveLength(300000);
  return parsed.version;
}

function strays(target: string): string[] {
  return readdirSync(dirname(target)).filter(
    (e) => e.startsWith(`.${basename(target)}.smets1-`) && !e.endsWith('-lock'),
  );
}

describe('a SIGKILL during a write leaves the old or the new complete output', () => {
  it(`single files (${KILLS} kills)`, async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'smets1-kill-')), 'estate.json');
    let torn = 0;
    // At least KILLS kills; on a busy machine more, until one has landed mid-write (at most 4x).
    for (let i = 0; i < KILLS || (torn === 0 && i < 4 * KILLS); i++) {
      await killDuringWrites('file', target, (i * 37) % 60);
      expect(versionOf(target)).toBeGreaterThanOrEqual(1);
      if (strays(target).length > 0) torn++;
      recoverOutput(target);
      expect(strays(target)).toEqual([]);
    }
    // the kills did land in the middle of writes (a temporary was left behind), not only between them
    expect(torn).toBeGreaterThan(0);
  }, 300_000);

  it(`folder sets, one version across every file (${KILLS} kills)`, async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'smets1-kill-')), 'report');
    let seen = 0;
    for (let i = 0; i < KILLS; i++) {
      await killDuringWrites('set', target, (i * 53) % 80);
      const sets = existsSync(target)
        ? [target]
        : readdirSync(dirname(target))
            .filter((e) => e.startsWith('.report.smets1-old-'))
            .map((e) => join(dirname(target), e));
      expect(sets).toHaveLength(1);
      // before recovery: the live folder (or, between the two renames, the kept old one) is whole
      for (const dir of sets) {
        const versions = ['report.json', 'estate.json', 'key.json'].map((f) => versionOf(join(dir, f)));
        expect(new Set(versions).size).toBe(1);
      }
      recoverOutput(target);
      expect(existsSync(target)).toBe(true);
      const versions = ['report.json', 'estate.json', 'key.json'].map((f) => versionOf(join(target, f)));
      expect(new Set(versions).size).toBe(1);
      expect(statSync(join(target, 'key.json')).mode & 0o777).toBe(0o600);
      expect(strays(target)).toEqual([]);
      seen++;
      // the killed writer's lock is stale: the next run takes it over
      lockOutput(target, 'test').release();
    }
    expect(seen).toBeGreaterThan(0);
  }, 120_000);
});
