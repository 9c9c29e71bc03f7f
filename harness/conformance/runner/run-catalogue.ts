import { BUILT_IN_WAIVERS, type Policy } from '../../../simulator';
import type { DeviceUnderTest } from '../../dut/port';
import type { CaseResult, CaseVerdict, RunReport, VerdictCounts, WaiverUse } from '../../report/types';
import type { ScenarioKeys } from '../../scenario/resolve';
import { PACKAGE_VERSION } from '../../scenario/shipped';
import type { LoadedScenario } from '../../scenario/types';
import type { DeviationManifest } from './deviations';
import { runScenarioWithWaivers } from './run-scenario';

/** Options of a catalogue run. */
export interface RunCatalogueOptions {
  readonly scenarios: readonly LoadedScenario[];
  readonly dut: DeviceUnderTest;
  /** Preset names or policy objects; each scenario runs under each. */
  readonly policies: readonly Policy[];
  readonly keys: ScenarioKeys;
  readonly manifest?: DeviationManifest;
  readonly watchdogMs?: number;
  readonly target?: RunReport['target'];
  readonly version?: string;
  /** Called after each case (progress display). */
  readonly onProgress?: (done: number, total: number, result: CaseResult) => void;
}

const VERDICTS: readonly CaseVerdict[] = ['PASS', 'FAIL', 'SKIPPED', 'HANG', 'HARNESS_ERROR'];
const FAILING = new Set<CaseVerdict>(['FAIL', 'HANG', 'HARNESS_ERROR']);

function count(cases: readonly CaseResult[]): VerdictCounts {
  const c = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<CaseVerdict, number>;
  for (const x of cases) c[x.verdict] += 1;
  return c;
}

/**
 * Applies the expected-deviation manifest: a listed case that fails keeps its verdict and carries
 * the deviation (it does not fail the run); a listed case that passes becomes a FAIL.
 */
export function applyDeviation(result: CaseResult, manifest: DeviationManifest | undefined): CaseResult {
  const d = manifest?.deviations.find((x) => x.id === result.id && x.policy === result.policy);
  if (!d) return result;
  if (FAILING.has(result.verdict)) return { ...result, deviation: { reason: d.reason } };
  if (result.verdict === 'PASS') {
    return {
      ...result,
      verdict: 'FAIL',
      reason: `unexpected pass: listed as an expected deviation (${d.reason}); remove it from the manifest`,
    };
  }
  return result;
}

/** True when the run failed: a FAIL, HANG or HARNESS_ERROR not covered by the deviation manifest. */
export function runFailed(report: Pick<RunReport, 'cases'>): boolean {
  return report.cases.some((c) => FAILING.has(c.verdict) && !c.deviation);
}

const byIdThenPolicy = (order: readonly string[]) => (a: CaseResult, b: CaseResult) =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : order.indexOf(a.policy) - order.indexOf(b.policy);

/**
 * Runs every scenario under every policy, one case at a time, and builds the RunReport (cases by
 * id then policy order, verdict counts, waiver uses per policy, each case's duration; no timestamps).
 */
export async function runCatalogue(options: RunCatalogueOptions): Promise<RunReport> {
  const policies = options.policies;
  const names = policies.map((p) => p.name);
  const total = options.scenarios.length * policies.length;
  const cases: CaseResult[] = [];
  const uses = new Map<string, number>();
  for (const policy of policies) {
    for (const loaded of options.scenarios) {
      const started = performance.now();
      const run = await runScenarioWithWaivers(loaded, options.dut, policy, {
        keys: options.keys,
        ...(options.watchdogMs ? { watchdogMs: options.watchdogMs } : {}),
      });
      for (const w of run.waivers)
        uses.set(`${policy.name}\u0000${w}`, (uses.get(`${policy.name}\u0000${w}`) ?? 0) + 1);
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const result = { ...applyDeviation(run.result, options.manifest), durationMs };
      cases.push(result);
      options.onProgress?.(cases.length, total, result);
    }
  }
  cases.sort(byIdThenPolicy(names));
  const waivers: WaiverUse[] = [];
  for (const policy of policies) {
    const declared = policy.waivers.map((w) => ({ id: w.id, description: w.description }));
    const extra = [...uses.keys()]
      .filter((k) => k.startsWith(`${policy.name}\u0000`))
      .map((k) => k.split('\u0000')[1]!)
      .filter((id) => !declared.some((d) => d.id === id));
    for (const w of [
      ...declared.map((d) => ({ ...d, declared: true, builtIn: false })),
      ...extra.map((id) => {
        const builtIn = BUILT_IN_WAIVERS.find((b) => b.id === id);
        return builtIn
          ? { ...builtIn, declared: true, builtIn: true }
          : {
              id,
              declared: false,
              builtIn: false,
              description: 'used by the implementation but not declared by the policy',
            };
      }),
    ]) {
      waivers.push({
        policy: policy.name,
        waiver: w.id,
        description: w.description,
        uses: uses.get(`${policy.name}\u0000${w.id}`) ?? 0,
        ...(w.declared ? {} : { declared: false }),
        ...(w.builtIn ? { builtIn: true } : {}),
      });
    }
  }
  return {
    schemaVersion: 1,
    tool: { name: 'smets1-harness', version: options.version ?? PACKAGE_VERSION },
    target: options.target ?? { kind: 'reference', name: options.dut.name },
    policies: names,
    summary: {
      total: count(cases),
      byPolicy: Object.fromEntries(names.map((n) => [n, count(cases.filter((c) => c.policy === n))])),
    },
    cases,
    findings: [],
    waivers,
  };
}
