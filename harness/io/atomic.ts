import {
  closeSync,
  cpSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { IoError } from './errors';
import { assertRealFolder } from './pseudo-fs';

/** One file of an output: its name inside the output folder, its bytes and optional mode (0o600 for keys). */
export interface OutputFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  readonly mode?: number;
}

const TAG = '.smets1-';
let counter = 0;

/** True when a process with this id is running (EPERM counts as running: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The hidden sibling name of `path` for one temporary role (tmp, new, old) and owner process. */
export function sibling(path: string, role: 'tmp' | 'new' | 'old', pid = process.pid): string {
  return join(
    dirname(path),
    `.${basename(path)}${TAG}${role}-${pid}-${Date.now().toString(36)}${(counter++).toString(36)}`,
  );
}

/** Parses a sibling name made by `sibling` for `target`: its role and owner pid. */
function parseSibling(entry: string, target: string): { role: string; pid: number } | undefined {
  const prefix = `.${target}${TAG}`;
  if (!entry.startsWith(prefix)) return undefined;
  const m = /^(tmp|new|old)-(\d+)-[0-9a-z]+$/.exec(entry.slice(prefix.length));
  return m ? { role: m[1]!, pid: Number(m[2]) } : undefined;
}

/** Flushes a folder's entry table so a rename inside it survives a power cut (best effort where unsupported). */
export function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeFully(path: string, content: string | Uint8Array, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Brings the outputs next to `path` back to a consistent state after a killed writer: a folder
 * swap interrupted between its two renames is undone (the old set returns), and temporaries of
 * dead processes are removed. Returns the names it removed or restored.
 */
export function recoverOutput(path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const touched: string[] = [];
  for (const entry of entries) {
    const parsed = parseSibling(entry, name);
    if (!parsed || processAlive(parsed.pid)) continue;
    const full = join(dir, entry);
    if (parsed.role === 'old' && !existsSync(path)) renameSync(full, path);
    else rmSync(full, { recursive: true, force: true });
    touched.push(entry);
  }
  if (touched.length > 0) fsyncFolder(dir);
  return touched;
}

/**
 * Writes one file so that readers see either the previous complete file or the new complete one:
 * a temporary in the same folder, fsync, rename over the target, fsync of the folder.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  assertRealFolder(dir);
  mkdirSync(dir, { recursive: true });
  recoverOutput(path);
  const tmp = sibling(path, 'tmp');
  try {
    writeFully(tmp, content, mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncFolder(dir);
}

/** Carries entries of the old folder that the new set does not write (hard links for files). */
function carryOver(from: string, to: string, written: ReadonlySet<string>): void {
  for (const entry of readdirSync(from)) {
    if (written.has(entry) || /\.smets1-(tmp|new|old)-/.test(entry)) continue;
    const src = join(from, entry);
    const dst = join(to, entry);
    const st = lstatSync(src);
    if (st.isFile()) {
      try {
        linkSync(src, dst);
        continue;
      } catch {
        // a folder on another device or without hard links: fall through to a copy
      }
    }
    cpSync(src, dst, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Replaces the output folder `dir` as a whole: the new set (plus any other entries the old folder
 * held) is written and fsynced into a hidden sibling folder, then swapped in by two renames. A kill
 * at any point leaves the old or the new complete set, restored by `recoverOutput` (which every
 * write runs first) if the kill fell between the two renames.
 */
export function writeFileSet(dir: string, files: readonly OutputFile[]): void {
  const parent = dirname(dir);
  assertRealFolder(parent);
  mkdirSync(parent, { recursive: true });
  recoverOutput(dir);
  const names = new Set<string>();
  for (const f of files) {
    if (f.name.includes('/') || f.name.includes('\\') || f.name.startsWith('.') || names.has(f.name))
      throw new IoError('ERR_OUT_NAME', `bad or repeated output file name ${JSON.stringify(f.name)}`);
    names.add(f.name);
  }
  const staging = sibling(dir, 'new');
  let old: string | undefined;
  mkdirSync(staging);
  try {
    for (const f of files) writeFully(join(staging, f.name), f.content, f.mode ?? 0o644);
    const exists = existsSync(dir);
    if (exists) carryOver(dir, staging, names);
    fsyncFolder(staging);
    if (!exists) {
      renameSync(staging, dir);
      fsyncFolder(parent);
      return;
    }
    old = sibling(dir, 'old');
    renameSync(dir, old);
    renameSync(staging, dir);
    fsyncFolder(parent);
    rmSync(old, { recursive: true, force: true });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (old !== undefined && !existsSync(dir) && existsSync(old)) renameSync(old, dir);
    throw err;
  }
}
