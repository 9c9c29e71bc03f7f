import { existsSync, statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { IoError } from './errors';

/** statfs magic numbers of Linux kernel pseudo-filesystems, where output files make no sense. */
const PSEUDO_FS_TYPES: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
]);
const PSEUDO_PREFIXES = ['/proc', '/sys', '/dev'];

/** The nearest existing ancestor of `path` (itself when it exists). */
export function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
  return p;
}

/**
 * Refuses an output folder on a kernel pseudo-filesystem (/proc, /sys, ...), checked on the
 * nearest existing ancestor before any folder is created (recursive mkdir can spin there).
 */
export function assertRealFolder(dir: string): void {
  const abs = resolve(dir);
  const prefix =
    abs.startsWith('/dev/shm/') || abs === '/dev/shm'
      ? undefined
      : PSEUDO_PREFIXES.find((p) => abs === p || abs.startsWith(`${p}/`));
  const ancestor = nearestExisting(abs);
  let kind: string | undefined;
  try {
    kind = PSEUDO_FS_TYPES.get(Number(statfsSync(ancestor).type));
  } catch {
    kind = undefined;
  }
  if (kind !== undefined || (prefix !== undefined && process.platform === 'linux')) {
    throw new IoError(
      'ERR_OUT_PSEUDO_FS',
      `${abs} is on a ${kind ?? prefix!.slice(1)} pseudo-filesystem; choose an output folder on a real disk`,
    );
  }
}
