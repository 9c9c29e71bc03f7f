import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

// Summarises a V8 .cpuprofile (the JSON `node --cpu-prof` and the inspector's Profiler.stop write):
// self time and total (inclusive) time per function, as shares of the sampled time.

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}

/** The parts of a .cpuprofile this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function of the summary: name, where it is, and its self and total shares. */
export interface FunctionCost {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly selfShare: number;
  readonly totalMs: number;
  readonly totalShare: number;
}

/** The summary of a profile: sampled milliseconds and every function, by self time. */
export interface ProfileSummary {
  readonly sampledMs: number;
  readonly functions: readonly FunctionCost[];
}

function where(f: CallFrame, root: string): string {
  if (!f.url) return '(native)';
  const path = f.url.startsWith('file://') ? f.url.slice('file://'.length) : f.url;
  const rel = path.startsWith(root) ? relative(root, path) : path.replace(/^.*node_modules\//, '');
  return `${rel}:${f.lineNumber + 1}`;
}

/** Self and total time per function (same name and place merged); `(idle)` is left out. */
export function summariseProfile(profile: CpuProfile, root = process.cwd()): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anonymous)'}\t${where(n.callFrame, root)}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') return;
    sampled += dt;
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur)!);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + dt);
    }
  });
  const functions = [...total.entries()]
    .map(([k, t]) => {
      const [name, at] = k.split('\t') as [string, string];
      const s = self.get(k) ?? 0;
      return {
        name,
        where: at,
        selfMs: s,
        selfShare: sampled > 0 ? s / sampled : 0,
        totalMs: t,
        totalShare: sampled > 0 ? t / sampled : 0,
      };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
  return { sampledMs: sampled, functions };
}

/** The top `n` functions by self time (and, below, by total time) as a text table. */
export function formatSummary(title: string, s: ProfileSummary, n = 10, totals = 0): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${title}: ${(s.sampledMs / 1000).toFixed(2)} s sampled`, '  self    total   function'];
  for (const f of s.functions.slice(0, n))
    lines.push(`  ${pct(f.selfShare)}  ${pct(f.totalShare)}  ${f.name}  ${f.where}`);
  if (totals > 0) {
    lines.push('  by total time:');
    const byTotal = [...s.functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, totals);
    for (const f of byTotal) lines.push(`  ${pct(f.selfShare)}  ${pct(f.totalShare)}  ${f.name}  ${f.where}`);
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const files = process.argv.slice(2);
  for (const f of files)
    process.stdout.write(
      formatSummary(f, summariseProfile(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile), 10, 25),
    );
}
