import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic, writeFileSet, type OutputFile } from './atomic';
import { IoError } from './errors';
import { lockOutput } from './lock';

/** A kind of output file: a name for messages and a test that an existing file is of this kind. */
export interface OutputKind {
  readonly name: string;
  accepts(existing: Buffer): boolean;
  /** True when even a file of this kind is only replaced with --force when its bytes differ (private keys). */
  readonly guarded?: boolean;
}

/** An output file together with the kind of file it is. */
export interface KindedFile extends OutputFile {
  readonly kind: OutputKind;
}

function jsonWith(name: string, keys: readonly string[]): OutputKind {
  return {
    name,
    accepts(existing) {
      try {
        const v = JSON.parse(existing.toString('utf8')) as unknown;
        return typeof v === 'object' && v !== null && !Array.isArray(v) && keys.every((k) => k in v);
      } catch {
        return false;
      }
    },
  };
}

function textWith(name: string, pattern: RegExp): OutputKind {
  return { name, accepts: (existing) => pattern.test(existing.subarray(0, 4096).toString('utf8')) };
}

/** The kinds of every file smets1 writes (the overwrite rule of docs/reliability.md). */
export const OUTPUT_KINDS = {
  reportJson: jsonWith('report.json', ['schemaVersion', 'tool', 'cases']),
  junit: textWith('JUnit XML', /<testsuites[\s>]/),
  html: textWith('HTML report', /^\s*<!doctype html>/i),
  estate: jsonWith('estate result', ['seed', 'misplacedRate', 'results']),
  world: jsonWith('world file', ['trustAnchor', 'parties', 'devices']),
  scenario: jsonWith('scenario file', ['id', 'world', 'steps']),
  bench: jsonWith('bench results', ['schemaVersion', 'machine']),
  pkiManifest: jsonWith('PKI manifest', ['seed', 'anchor', 'files']),
  certificate: textWith('PEM certificate', /^-----BEGIN CERTIFICATE-----/),
  // PKCS#8 and SEC1 (`EC PRIVATE KEY`, as DCC keystores hold them): both are keys to guard
  privateKey: { ...textWith('PEM private key', /^-----BEGIN (EC )?PRIVATE KEY-----/), guarded: true },
} as const satisfies Record<string, OutputKind>;

/** Options shared by the output writers. */
export interface WriteOptions {
  /** Replace files of another kind and private keys with other bytes. */
  readonly force?: boolean;
}

function same(existing: Buffer, content: string | Uint8Array): boolean {
  return existing.equals(typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
}

/**
 * Checks the overwrite rule for one target: a missing file is fine; an existing one must be a
 * regular file of the same kind, and a guarded kind (private key) with other bytes needs --force.
 */
export function checkReplace(
  path: string,
  file: { kind: OutputKind; content: string | Uint8Array },
  options: WriteOptions,
): void {
  if (!existsSync(path)) return;
  const st = lstatSync(path);
  if (!st.isFile())
    throw new IoError('ERR_OUT_EXISTS', `${path} exists and is not a regular file; choose another output`);
  const existing = readFileSync(path);
  if (options.force) return;
  if (!file.kind.accepts(existing))
    throw new IoError(
      'ERR_OUT_EXISTS',
      `${path} exists and is not a ${file.kind.name}; not replaced (use --force to replace it)`,
    );
  if (file.kind.guarded && !same(existing, file.content))
    throw new IoError(
      'ERR_OUT_KEY_EXISTS',
      `${path} holds another ${file.kind.name}; not replaced (use --force to replace it)`,
    );
}

function wrap<T>(target: string, write: () => T): T {
  try {
    return write();
  } catch (cause) {
    if (cause instanceof IoError) throw cause;
    throw new IoError(
      'ERR_OUT_WRITE',
      `cannot write ${target}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** Checks the overwrite rule for a whole set in folder `dir` before anything is written. */
export function checkSet(dir: string, files: readonly KindedFile[], options: WriteOptions): void {
  wrap(dir, () => {
    if (existsSync(dir) && !lstatSync(dir).isDirectory())
      throw new IoError('ERR_OUT_EXISTS', `${dir} exists and is not a folder; choose another --out`);
    for (const f of files) checkReplace(join(dir, f.name), f, options);
  });
}

/**
 * Writes one output file under the overwrite rule, atomically, holding its lock while writing.
 */
export function writeOutput(
  path: string,
  file: { kind: OutputKind; content: string | Uint8Array; mode?: number },
  command: string,
  options: WriteOptions = {},
): string {
  const abs = resolve(path);
  const lock = wrap(abs, () => lockOutput(abs, command));
  try {
    wrap(abs, () => {
      checkReplace(abs, file, options);
      writeFileAtomic(abs, file.content, file.mode);
    });
  } finally {
    lock.release();
  }
  return abs;
}

/**
 * Writes a set of files into folder `dir` as a whole under the overwrite rule (the caller holds
 * the folder's lock from the start of its run: see lockOutput).
 */
export function writeOutputSet(
  dir: string,
  files: readonly KindedFile[],
  options: WriteOptions = {},
): string {
  const abs = resolve(dir);
  checkSet(abs, files, options);
  wrap(abs, () => writeFileSet(abs, files));
  return abs;
}

/**
 * The entries of folder `dir` that writing a set named `names` into it leaves as they are (another
 * command's output, the user's files; writeFileSet carries them over, never deletes them), sorted:
 * the caller says which it left. None when `dir` is not a folder yet.
 */
export function entriesKept(dir: string, names: Iterable<string>): string[] {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return [];
  const written = new Set(names);
  return readdirSync(dir)
    .filter((e) => !written.has(e) && !/\.smets1-(tmp|new|old)-/.test(e))
    .sort();
}
