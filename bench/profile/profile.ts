import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { formatSummary, summariseProfile, type CpuProfile } from './summarise';
import { PROFILE_PATHS, type ProfilePath } from './workload';

// Profiles the hot paths, each in a fresh Node process, and prints the top self-time functions.
// Usage: node -r tsx/cjs bench/profile/profile.ts [--seconds S] [--out DIR] [send|perform|estate ...]

function main(argv: readonly string[]): void {
  let seconds = 5;
  let out = 'bench/profile/out';
  const paths: ProfilePath[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--seconds') seconds = Number(argv[++i]);
    else if (a === '--out') out = argv[++i]!;
    else if ((PROFILE_PATHS as readonly string[]).includes(a)) paths.push(a as ProfilePath);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(seconds > 0)) throw new Error('--seconds must be positive');
  const root = resolve(__dirname, '../..');
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  const report: string[] = [];
  for (const path of paths.length > 0 ? paths : PROFILE_PATHS) {
    const file = join(dir, `${path}.cpuprofile`);
    const load = loadavg()[0]!.toFixed(2);
    const stdout = execFileSync(
      process.execPath,
      [
        '--enable-source-maps',
        '-r',
        require.resolve('tsx/cjs'),
        join(__dirname, 'workload.ts'),
        path,
        String(seconds),
        file,
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    const rate = JSON.parse(stdout.trim().split('\n').pop()!) as { ops: number; perSecond: number };
    const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, root);
    report.push(
      formatSummary(
        `${path}: ${rate.ops} ops, ${rate.perSecond.toFixed(0)}/s (load average ${load} at start)`,
        summary,
        10,
        15,
      ),
    );
    process.stdout.write(report[report.length - 1]!);
  }
  writeFileSync(join(dir, 'summary.txt'), report.join('\n'));
}

main(process.argv.slice(2));
