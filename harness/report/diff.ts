import { compareText } from './canonical';
import type { CaseVerdict, InvariantId, RunReport } from './types';

/** A case whose verdict differs between two reports. */
export interface VerdictChange {
  readonly id: string;
  readonly policy: string;
  readonly from: CaseVerdict;
  readonly to: CaseVerdict;
}

/** A case present in only one of two reports. */
export interface CasePresence {
  readonly id: string;
  readonly policy: string;
  readonly verdict: CaseVerdict;
}

/** An invariant finding whose kept/broken status differs between two reports. */
export interface FindingChange {
  readonly policy: string;
  readonly invariant: InvariantId;
  readonly from: 'kept' | 'broken';
  readonly to: 'kept' | 'broken';
}

/** What changed between a baseline report and a new one, each list sorted by id then policy. */
export interface ReportDiff {
  readonly changed: readonly VerdictChange[];
  readonly added: readonly CasePresence[];
  readonly removed: readonly CasePresence[];
  readonly findings: readonly FindingChange[];
}

const key = (id: string, policy: string): string => `${id}\u0000${policy}`;
const byIdPolicy = (a: { id: string; policy: string }, b: { id: string; policy: string }): number =>
  compareText(a.id, b.id) || compareText(a.policy, b.policy);

/** A policy's status for an invariant: broken when any finding for it is broken. */
function findingStatus(report: RunReport): Map<string, { policy: string; invariant: InvariantId; kept: boolean }> {
  const out = new Map<string, { policy: string; invariant: InvariantId; kept: boolean }>();
  for (const f of report.findings) {
    const k = key(f.invariant, f.policy);
    const prev = out.get(k);
    out.set(k, { policy: f.policy, invariant: f.invariant, kept: (prev?.kept ?? true) && f.kept });
  }
  return out;
}

/**
 * Compares two reports by (id, policy): verdict changes, cases only in the new report (added), cases
 * only in the old one (removed), and invariants that flipped between kept and broken for a policy.
 */
export function diffReports(a: RunReport, b: RunReport): ReportDiff {
  const before = new Map(a.cases.map((c) => [key(c.id, c.policy), c] as const));
  const after = new Map(b.cases.map((c) => [key(c.id, c.policy), c] as const));
  const changed: VerdictChange[] = [];
  const added: CasePresence[] = [];
  const removed: CasePresence[] = [];
  for (const [k, c] of after) {
    const old = before.get(k);
    if (!old) added.push({ id: c.id, policy: c.policy, verdict: c.verdict });
    else if (old.verdict !== c.verdict) changed.push({ id: c.id, policy: c.policy, from: old.verdict, to: c.verdict });
  }
  for (const [k, c] of before) if (!after.has(k)) removed.push({ id: c.id, policy: c.policy, verdict: c.verdict });

  const fa = findingStatus(a);
  const fb = findingStatus(b);
  const findings: FindingChange[] = [];
  for (const [k, f] of fb) {
    const old = fa.get(k);
    if (old && old.kept !== f.kept) {
      findings.push({ policy: f.policy, invariant: f.invariant, from: old.kept ? 'kept' : 'broken', to: f.kept ? 'kept' : 'broken' });
    }
  }
  findings.sort((x, y) => compareText(x.policy, y.policy) || compareText(x.invariant, y.invariant));
  return { changed: changed.sort(byIdPolicy), added: added.sort(byIdPolicy), removed: removed.sort(byIdPolicy), findings };
}

/** True when any case verdict or invariant status changed (what `smets1 diff` exits 1 on). */
export function hasVerdictChanges(diff: ReportDiff): boolean {
  return diff.changed.length > 0 || diff.findings.length > 0;
}
