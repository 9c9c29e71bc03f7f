import { formatEuiHyphenated } from '../../../certs';
import { PRESET_POLICIES, type UserRole } from '../../../simulator';
import type { Finding } from '../../report/types';
import type { RequestStep, Scenario, ScenarioStep, StepExpectation } from '../../scenario/types';
import type { Counterexample } from './explore';
import type { ResolvedStep } from './steps';
import { certRefOf, UNIVERSE_EXTRA_PARTIES, type Universe } from './universe';
import { areasOf, type WorldPlan } from './world-plan';

/** The scenario id of a counterexample, e.g. `MODEL-RELAXED-INV-SCOPE`. */
export function counterexampleId(policy: string, invariant: string): string {
  return `MODEL-${policy}-${invariant}`.toUpperCase().replace(/[^A-Z0-9-]/g, '-');
}

/** Replaces every universe EUI in a text by the party's name (readable findings). */
export function withNames(text: string, universe: Universe): string {
  let out = text;
  for (const [eui, name] of universe.names) out = out.split(eui).join(name);
  return out;
}

function userRoleOf(plan: WorldPlan, sender: string, device: string): UserRole {
  if (plan.networkOperators.includes(sender)) return sender === 'GT-G' ? 'GT' : 'ED';
  return plan.meters.find((m) => m.name === device)?.fuel === 'gas' ? 'GS' : 'IS';
}

/** A counter as the scenario format carries it: a JSON integer, or a decimal string beyond 2^53 - 1. */
const num = (n: bigint): number | string => (n > BigInt(Number.MAX_SAFE_INTEGER) ? n.toString() : Number(n));

function convertStep(
  plan: WorldPlan,
  s: ResolvedStep,
  at: string,
  expect: StepExpectation | undefined,
  policy: string,
): ScenarioStep[] {
  const e = { [policy]: expect ?? { outcome: 'rejected' as const } };
  switch (s.kind) {
    case 'advance':
      return [];
    case 'register':
      return [{ kind: 'register', device: s.device, capacity: s.capacity, party: s.party, at }];
    case 'revoke': {
      const label = s.alternate ? { label: 'alternate' } : {};
      return (['DS', 'KA'] as const).map((keyUsage) => ({
        kind: 'revoke',
        certificate: { party: s.party, keyUsage, ...label },
      }));
    }
    case 'retrieve':
      return [
        {
          kind: 'request',
          actor: s.sender,
          userRole: userRoleOf(plan, s.sender, s.device),
          srv: '6.24.1',
          device: s.device,
          counter: num(s.counter),
          at,
          expect: e,
        },
      ];
    case 'handover':
      return [
        {
          kind: 'request',
          actor: s.sender,
          userRole: userRoleOf(plan, s.sender, s.device),
          srv: '6.21',
          device: s.device,
          counter: num(s.counter),
          remotePartyRole: s.rpr ?? 'Supplier',
          replacements: s.owner,
          path: ['ca'],
          at,
          expect: e,
        },
      ];
    case 'supply':
      return [
        {
          kind: 'request',
          actor: s.sender,
          userRole: userRoleOf(plan, s.sender, s.device),
          srv: s.srv,
          device: s.device,
          counter: num(s.counter),
          signer: s.signer === 'stray-key' ? 'forged' : s.signer,
          at,
          expect: e,
        },
      ];
    case 'krp': {
      const replacements = {
        ...(s.slots === 'ka' ? {} : { ds: certRefOf(s.owner, s.cert, 'DS') }),
        ...(s.slots === 'ds' ? {} : { ka: certRefOf(s.kaOwner ?? s.owner, s.cert, 'KA') }),
      };
      const step: RequestStep = {
        kind: 'request',
        actor: s.sender,
        userRole: userRoleOf(plan, s.sender, s.device),
        srv: '6.15.1',
        device: s.device,
        counter: num(s.counter),
        remotePartyRole: s.rpr,
        replacements,
        path: ['ca'],
        ...(s.floor === undefined ? {} : { floor: num(s.floor) }),
        applyTimeBasedCpvChecks: s.timeChecks,
        signer: s.signer === 'stray-key' ? 'forged' : s.signer,
        ...(s.between
          ? {
              between: [
                {
                  kind: 'register' as const,
                  device: s.device,
                  capacity: s.between.capacity,
                  party: s.between.party,
                  at,
                },
              ],
            }
          : {}),
        at,
        expect: e,
      };
      return [step];
    }
  }
}

/** The world of a plan in the catalogue format (over the universe PKI seed). */
export function scenarioWorld(plan: WorldPlan, universe: Universe): Scenario['world'] {
  return {
    pkiSeed: universe.seed,
    extraParties: UNIVERSE_EXTRA_PARTIES,
    networkOperators: plan.networkOperators.map((name) =>
      name === 'GT-G' ? { name, gas: true } : { name, distributorIds: areasOf(name) },
    ),
    suppliers: plan.suppliers.map((name) => ({ name })),
    meters: plan.meters.map((m) => ({
      name: m.name,
      deviceId: formatEuiHyphenated(m.deviceId),
      mpxn: m.mpxn,
      supplier: m.supplier,
      networkOperator: m.networkOperator,
      noCells: m.noCells,
      supplierCells: m.supplierCells,
    })),
  };
}

/**
 * Converts a shrunk counterexample into a scenario file (catalogue format) whose expectations are
 * the verdicts observed under the explored policy, so `smets1 replay` reproduces it step by step.
 */
export function counterexampleScenario(cx: Counterexample, universe: Universe): Scenario {
  const outcomes = cx.observed;
  const steps = cx.steps.flatMap((s, i) =>
    convertStep(cx.plan, s, outcomes[i]?.at ?? '2024-06-01T12:00:00Z', outcomes[i]?.expect, cx.policy),
  );
  return {
    id: counterexampleId(cx.policy, cx.invariant),
    title: `${cx.invariant} broken under ${cx.policy} (${cx.steps.length}-step minimal counterexample)`,
    description: `${withNames(cx.detail, universe)}. ${cx.path === '' ? 'Found by the bounded exhaustive search (its shortest witness).' : `Found by model-based exploration (seed ${cx.seed}, path ${cx.path}).`}`,
    tags: ['regression', 'model', `policy-${cx.policy}`, cx.invariant.toLowerCase()],
    specRefs: ['README.md (Invariants)'],
    world: scenarioWorld(cx.plan, universe),
    steps,
    // A policy that is not a preset (a policy file) is declared, so its expectation keys load.
    ...(PRESET_POLICIES.some((p) => p.name === cx.policy) ? {} : { customPolicies: [cx.policy] }),
  };
}

/** The report Finding of one counterexample (the scenario file path, when written, is added by the caller). */
export function counterexampleFinding(
  cx: Counterexample,
  summary: string,
  universe: Universe,
  file?: string,
): Finding {
  return {
    policy: cx.policy,
    invariant: cx.invariant,
    kept: false,
    summary,
    counterexample: {
      steps: cx.table.map((t) => ({ label: withNames(t.label, universe), outcome: t.outcome })),
      seed: cx.seed,
      path: cx.path,
      ...(file ? { file } : {}),
    },
  };
}
