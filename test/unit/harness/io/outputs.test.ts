/** The overwrite rule (docs/reliability.md, "Writes") and output locks. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkReplace,
  checkSet,
  entriesKept,
  lockOutput,
  lockPathOf,
  OUTPUT_KINDS,
  writeOutput,
  writeOutputSet,
} from '../../../../harness/io';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'smets1-out-'));
/** Two private keys made at run time, in the two PEM forms the guard recognises (PKCS#8 and SEC1). */
const pemKey = (type: 'pkcs8' | 'sec1'): string =>
  generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type, format: 'pem' })
    .toString();
const KEY_A = pemKey('pkcs8');
const KEY_B = pemKey('sec1');

describe('OUTPUT_KINDS', () => {
  it('recognises each kind by content and nothing else', () => {
    const report = Buffer.from(JSON.stringify({ schemaVersion: 1, tool: 'x', cases: [] }));
    expect(OUTPUT_KINDS.reportJson.accepts(report)).toBe(true);
    expect(OUTPUT_KINDS.reportJson.accepts(Buffer.from('[1]'))).toBe(false);
    expect(OUTPUT_KINDS.reportJson.accepts(Buffer.from('{bad json'))).toBe(false);
    expect(OUTPUT_KINDS.junit.accepts(Buffer.from('<?xml version="1.0"?>\n<testsuites name="x">'))).toBe(
      true,
    );
    expect(OUTPUT_KINDS.html.accepts(Buffer.from('  <!DOCTYPE html><html>'))).toBe(true);
    expect(OUTPUT_KINDS.html.accepts(Buffer.from('my notes'))).toBe(false);
    expect(OUTPUT_KINDS.privateKey.accepts(Buffer.from(KEY_A))).toBe(true);
    expect(OUTPUT_KINDS.privateKey.accepts(Buffer.from(KEY_B))).toBe(true);
    expect(OUTPUT_KINDS.certificate.accepts(Buffer.from(KEY_A))).toBe(false);
  });
});

describe('checkReplace', () => {
  const html = { kind: OUTPUT_KINDS.html, content: '<!doctype html>' };
  it('accepts a missing file and a file of the same kind', () => {
    const dir = fresh();
    expect(() => checkReplace(join(dir, 'index.html'), html, {})).not.toThrow();
    writeFileSync(join(dir, 'index.html'), '<!doctype html><p>old');
    expect(() => checkReplace(join(dir, 'index.html'), html, {})).not.toThrow();
  });
  it('refuses a file of another kind unless forced, and a folder always', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'index.html'), 'my thesis');
    expect(() => checkReplace(join(dir, 'index.html'), html, {})).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_EXISTS' }),
    );
    expect(() => checkReplace(join(dir, 'index.html'), html, { force: true })).not.toThrow();
    mkdirSync(join(dir, 'sub'));
    expect(() => checkReplace(join(dir, 'sub'), html, { force: true })).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_EXISTS' }),
    );
  });
  it('replaces a private key only with the same bytes unless forced', () => {
    const dir = fresh();
    const path = join(dir, 'k.key');
    writeFileSync(path, KEY_A);
    const key = (content: string) => ({ kind: OUTPUT_KINDS.privateKey, content });
    expect(() => checkReplace(path, key(KEY_A), {})).not.toThrow();
    expect(() => checkReplace(path, key(KEY_B), {})).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_KEY_EXISTS' }),
    );
    expect(() => checkReplace(path, key(KEY_B), { force: true })).not.toThrow();
  });
});

describe('writeOutput and writeOutputSet', () => {
  it('writes under the rule and changes nothing when the rule refuses', () => {
    const dir = fresh();
    const path = join(dir, 'w.json');
    writeFileSync(path, 'not a world');
    const world = JSON.stringify({ trustAnchor: 'x', parties: [], devices: [] });
    expect(() => writeOutput(path, { kind: OUTPUT_KINDS.world, content: world }, 'world')).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_EXISTS' }),
    );
    expect(readFileSync(path, 'utf8')).toBe('not a world');
    writeOutput(path, { kind: OUTPUT_KINDS.world, content: world }, 'world', { force: true });
    expect(readFileSync(path, 'utf8')).toBe(world);
    expect(existsSync(lockPathOf(path))).toBe(false);
  });

  it('checks every file of a set before writing any', () => {
    const parent = fresh();
    const out = join(parent, 'report');
    mkdirSync(out);
    writeFileSync(join(out, 'junit.xml'), 'precious');
    const files = [
      { name: 'index.html', content: '<!doctype html>', kind: OUTPUT_KINDS.html },
      { name: 'junit.xml', content: '<testsuites></testsuites>', kind: OUTPUT_KINDS.junit },
    ];
    expect(() => writeOutputSet(out, files)).toThrow(expect.objectContaining({ code: 'ERR_OUT_EXISTS' }));
    expect(existsSync(join(out, 'index.html'))).toBe(false);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toBe('precious');
    expect(() => checkSet(out, files, { force: true })).not.toThrow();
  });
});

describe('lockOutput', () => {
  it('is exclusive within a process, released idempotently, and a dead owner is taken over', () => {
    const dir = fresh();
    const target = join(dir, 'report');
    const lock = lockOutput(target, 'run');
    expect(() => lockOutput(target, 'demo')).toThrow(expect.objectContaining({ code: 'ERR_OUT_LOCKED' }));
    lock.release();
    lock.release();
    expect(existsSync(lockPathOf(target))).toBe(false);
    writeFileSync(lockPathOf(target), JSON.stringify({ pid: 4_194_304 + 17, command: 'run' }));
    const again = lockOutput(target, 'run');
    expect(JSON.parse(readFileSync(lockPathOf(target), 'utf8')).pid).toBe(process.pid);
    again.release();
  });
});

describe('entriesKept', () => {
  it('names, sorted, the entries a set leaves in its folder (not the staging siblings), none for a new folder', () => {
    const dir = join(fresh(), 'out');
    expect(entriesKept(dir, ['a.json'])).toEqual([]);
    mkdirSync(dir);
    writeFileSync(join(dir, 'z.txt'), 'z');
    writeFileSync(join(dir, 'a.json'), '{}');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, '.a.json.smets1-tmp-1-x'), '');
    expect(entriesKept(dir, ['a.json'])).toEqual(['sub', 'z.txt']);
    expect(entriesKept(dir, new Set(['a.json', 'z.txt', 'sub']))).toEqual([]);
    const file = join(fresh(), 'f');
    writeFileSync(file, 'x');
    expect(entriesKept(file, [])).toEqual([]);
  });
});
