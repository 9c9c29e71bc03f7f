/** Atomic output writes: single files, whole folders swapped in, recovery after a killed writer. */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  processAlive,
  recoverOutput,
  sibling,
  writeFileAtomic,
  writeFileSet,
} from '../../../../harness/io/atomic';
import { IoError } from '../../../../harness/io';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'smets1-io-'));
/** A pid that is not running: above Linux's pid_max (2^22). */
const DEAD_PID = 4_194_304 + 17;

describe('processAlive', () => {
  it('is true for this process, false for a pid that cannot exist and for non-pids', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(DEAD_PID)).toBe(false);
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(processAlive(bad)).toBe(false);
  });
});

describe('writeFileAtomic', () => {
  it('writes the content and mode, replaces a previous file whole, and leaves no temporary', () => {
    const dir = fresh();
    const target = join(dir, 'sub', 'out.json');
    writeFileAtomic(target, '{"a":1}');
    writeFileAtomic(target, new Uint8Array([1, 2, 3]), 0o600);
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.json']);
  });

  it('refuses a folder on a kernel pseudo-filesystem before creating anything', () => {
    expect(() => writeFileAtomic('/proc/smets1-test/out.json', 'x')).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_PSEUDO_FS' }),
    );
  });
});

describe('writeFileSet', () => {
  it('creates the folder with every file, then replaces the set keeping entries it does not write', () => {
    const parent = fresh();
    const out = join(parent, 'report');
    writeFileSet(out, [
      { name: 'a.txt', content: 'one' },
      { name: 'b.txt', content: 'two' },
    ]);
    writeFileSync(join(out, 'mine.txt'), 'kept');
    writeFileSet(out, [{ name: 'a.txt', content: 'ONE' }]);
    expect(readdirSync(out).sort()).toEqual(['a.txt', 'b.txt', 'mine.txt']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('ONE');
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('kept');
    expect(readdirSync(parent)).toEqual(['report']);
  });

  it.each([['../x'], ['a/b'], ['.hidden'], ['a\\b']])(
    'refuses the file name %j and writes nothing',
    (name) => {
      const parent = fresh();
      const out = join(parent, 'report');
      expect(() => writeFileSet(out, [{ name, content: 'x' }])).toThrow(IoError);
      expect(existsSync(out)).toBe(false);
    },
  );

  it('refuses a repeated name', () => {
    const out = join(fresh(), 'report');
    expect(() =>
      writeFileSet(out, [
        { name: 'a', content: '1' },
        { name: 'a', content: '2' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'ERR_OUT_NAME' }));
  });
});

describe('recoverOutput', () => {
  it('restores the old set when a killed writer stopped between its two renames, and drops dead temporaries', () => {
    const parent = fresh();
    const out = join(parent, 'report');
    // A writer (dead pid) renamed report -> old and died before renaming its staging folder in.
    const old = sibling(out, 'old', DEAD_PID);
    mkdirSync(old);
    writeFileSync(join(old, 'a.txt'), 'previous');
    const staging = sibling(out, 'new', DEAD_PID);
    mkdirSync(staging);
    const tmp = sibling(out, 'tmp', DEAD_PID);
    writeFileSync(tmp, 'half');
    const touched = recoverOutput(out);
    expect(touched).toHaveLength(3);
    expect(readdirSync(parent)).toEqual(['report']);
    expect(readFileSync(join(out, 'a.txt'), 'utf8')).toBe('previous');
  });

  it("leaves a live writer's temporaries alone", () => {
    const parent = fresh();
    const out = join(parent, 'report');
    const tmp = sibling(out, 'tmp', process.pid);
    writeFileSync(tmp, 'in progress');
    expect(recoverOutput(out)).toEqual([]);
    expect(existsSync(tmp)).toBe(true);
  });

  it('ignores names that only look like siblings of another target', () => {
    const parent = fresh();
    const other = sibling(join(parent, 'other'), 'tmp', DEAD_PID);
    writeFileSync(other, 'x');
    expect(recoverOutput(join(parent, 'report'))).toEqual([]);
    expect(existsSync(other)).toBe(true);
  });
});
