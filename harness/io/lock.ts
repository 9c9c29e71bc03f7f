import { linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { processAlive, sibling } from './atomic';
import { IoError } from './errors';
import { assertRealFolder } from './pseudo-fs';

/** A held output lock; `release` is idempotent and also runs at process exit. */
export interface OutputLock {
  readonly path: string;
  release(): void;
}

/** The lock file guarding output `target`: a hidden sibling, so swapping the output keeps it. */
export function lockPathOf(target: string): string {
  const abs = resolve(target);
  return join(dirname(abs), `.${basename(abs)}.smets1-lock`);
}

function ownerOf(lockPath: string): { pid: number; command?: string } | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown; command?: unknown };
    return typeof parsed.pid === 'number'
      ? { pid: parsed.pid, ...(typeof parsed.command === 'string' ? { command: parsed.command } : {}) }
      : undefined;
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Takes the lock of output `target` (a folder or file) for this process: a lock file holding the
 * owner's pid, created exclusively. A live owner is ERR_OUT_LOCKED; a lock whose owner is gone (or
 * unreadable after a kill mid-write) is stale and taken over.
 */
export function lockOutput(target: string, command: string): OutputLock {
  const abs = resolve(target);
  assertRealFolder(dirname(abs));
  mkdirSync(dirname(abs), { recursive: true });
  const lockPath = lockPathOf(abs);
  for (let attempt = 0; attempt < 3; attempt++) {
    // The lock appears with its content in one step (a complete temporary linked into place), so a
    // kill can never leave an empty lock that looks like a live writer; recoverOutput removes a
    // temporary whose writer died.
    const tmp = sibling(abs, 'tmp');
    try {
      writeFileSync(tmp, JSON.stringify({ pid: process.pid, command, startedAt: new Date().toISOString() }), {
        mode: 0o644,
      });
      linkSync(tmp, lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new IoError(
          'ERR_OUT_WRITE',
          `cannot lock ${target}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
          {
            cause: err,
          },
        );
      }
      const owner = ownerOf(lockPath);
      if (owner && owner.pid !== process.pid && processAlive(owner.pid)) {
        throw new IoError(
          'ERR_OUT_LOCKED',
          `${target} is in use by another run (pid ${owner.pid}${owner.command ? `, smets1 ${owner.command}` : ''}); wait for it or choose another --out`,
        );
      }
      if (!owner && Date.now() - mtimeOf(lockPath) < 2_000) {
        throw new IoError('ERR_OUT_LOCKED', `${target} is being locked by another run; try again`);
      }
      if (owner?.pid === process.pid) {
        throw new IoError('ERR_OUT_LOCKED', `${target} is already being written by this process`);
      }
      rmSync(lockPath, { force: true });
      continue;
    } finally {
      rmSync(tmp, { force: true });
    }
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      if (ownerOf(lockPath)?.pid === process.pid) rmSync(lockPath, { force: true });
    };
    process.on('exit', release);
    return { path: lockPath, release };
  }
  throw new IoError('ERR_OUT_LOCKED', `${target} is contended; try again`);
}
