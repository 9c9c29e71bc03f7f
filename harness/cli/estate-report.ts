/** An estate run (`smets1 estate --out`, estate.json) as a run report: no cases, the estate section only. */
import type { EstateRun } from '../estate';
import { summarise, type EstateResult, type RunReport } from '../report';
import { PACKAGE_VERSION } from '../scenario';

/** True when a parsed JSON value has the shape of estate.json (seed, misplacedRate, results). */
export function looksLikeEstateRun(value: unknown): value is EstateRun {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.seed === 'string' && typeof v.misplacedRate === 'number' && Array.isArray(v.results);
}

/** The report of an estate run: every policy of the run, no cases, its per-policy results (installations included). */
export function estateRunReport(run: EstateRun): RunReport {
  const policies = run.results.map((r) => r.policy);
  const estate: EstateResult[] = run.results.map((r) => ({
    policy: r.policy,
    meters: r.meters,
    misplaced: r.misplaced,
    repaired: r.repaired,
    stuck: r.stuck,
    requests: r.requests,
    refusals: r.refusals,
    ...(r.installs
      ? {
          installs: {
            meters: r.installs.meters,
            misplaced: r.installs.misplaced,
            retries: r.installs.retries,
            failed: r.installs.failed,
            misplacedBefore: r.installs.misplacedBefore,
            misplacedAfter: r.installs.misplacedAfter,
          },
        }
      : {}),
  }));
  return {
    schemaVersion: 1,
    tool: { name: 'smets1-harness', version: PACKAGE_VERSION },
    target: { kind: 'reference', name: `estate campaign (seed ${run.seed})` },
    policies,
    summary: {
      total: summarise([]).total,
      byPolicy: Object.fromEntries(policies.map((p) => [p, summarise([]).total])),
    },
    cases: [],
    findings: [],
    waivers: [],
    estate,
  };
}
