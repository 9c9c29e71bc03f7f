import { asPolicy } from '../../policies';
import {
  counterOf,
  registeredParty,
  snapshotDevice,
  type DeviceState,
  type Policy,
} from '../../../simulator';
import { createSession } from './session';
import { MAX_COUNTER, type CounterChoice, type SignerChoice, type Step } from './steps';
import { modelUniverse, type Universe } from './universe';
import { buildPlan, planFromChoices, type WorldPlan } from './world-plan';

/** Options of the bounded exhaustive search. */
export interface ExhaustiveOptions {
  readonly policy: Policy | string;
  /** Maximum sequence length (default 3). */
  readonly depth?: number;
  /** Network operators in the world: 2 or 3 (default 3: registered, misplaced, a third). */
  readonly networkOperators?: 2 | 3;
  readonly universe?: Universe;
}

/** The result of the bounded exhaustive search under one policy. */
export interface ExhaustiveResult {
  readonly policy: string;
  readonly depth: number;
  /** Distinct states (device snapshot + registrations) reached, the initial one included. */
  readonly statesExplored: number;
  readonly transitions: number;
  readonly alphabetSize: number;
  /** Some sequence of at most `depth` requests puts the registered NO's certificates in both NO cells. */
  readonly reachesControl: boolean;
  /** One request from the initial (misplaced) state does it. */
  readonly oneStepRepair: boolean;
  /** Some accepted waived request installed a certificate of an NO that is not the registered NO. */
  readonly waivedForeignInstall: boolean;
  /** Some accepted waived request passed the NO cells to a third NO (neither registered nor in the cells before). */
  readonly thirdNoTransfer: boolean;
  /** Some accepted waived request left the registered NO in control of the cells but with no counter above the floor (LIVE-CONTROL). */
  readonly lockOut: boolean;
  /** Shortest witness sequences (labels) for the facts above that hold. */
  readonly witnesses: Readonly<
    Partial<Record<'control' | 'waivedForeignInstall' | 'thirdNoTransfer' | 'lockOut', readonly string[]>>
  >;
  /** The requests of the lockOut witness (alphabet steps), so it can be replayed as a scenario. */
  readonly lockOutSteps?: readonly Step[];
}

/** The small world: NO-A registered for M1 (area 10), NO-B's certificates in its NO cells, NO-C a third NO, one supplier. */
export function exhaustivePlan(networkOperators: 2 | 3 = 3): WorldPlan {
  const plan = planFromChoices({
    nos: networkOperators,
    suppliers: 1,
    meters: [{ gas: false, area: 0, supplier: 0, noCells: 1, supplierCells: 0 }],
  });
  return plan;
}

/** The finite request alphabet: every sender, every signer choice, fresh and replayed counters, NO and supplier replacements and 7.2. */
export function exhaustiveAlphabet(plan: WorldPlan): readonly Step[] {
  const senders = plan.networkOperators.length + plan.suppliers.length;
  const signers: SignerChoice[] = ['own', 'cellOwner', 'otherNo', 'supplier', 'strayKey'];
  const counters: CounterChoice[] = ['next', 'replay'];
  const steps: Step[] = [];
  for (let sender = 0; sender < senders; sender++) {
    for (const signer of signers) {
      for (const counter of counters) {
        for (let owner = 0; owner < plan.networkOperators.length; owner++) {
          // 'max' is the hostile floor: it would leave the new owner no counter to send with.
          for (const floor of ['none', 'max'] as const) {
            steps.push({
              kind: 'krp',
              sender,
              device: 0,
              rpr: 'NetworkOperator',
              owner,
              cert: 'good',
              slots: 'both',
              signer,
              counter,
              floor,
              timeChecks: true,
            });
          }
        }
        steps.push({
          kind: 'krp',
          sender,
          device: 0,
          rpr: 'Supplier',
          owner: 0,
          cert: 'good',
          slots: 'both',
          signer,
          counter,
          floor: 'none',
          timeChecks: true,
        });
        steps.push({ kind: 'supply', srv: '7.2', sender, device: 0, signer, counter });
      }
    }
  }
  return steps;
}

interface Node {
  readonly state: DeviceState;
  readonly path: readonly string[];
  readonly steps: readonly Step[];
}

/**
 * Enumerates every request sequence up to `depth` over the alphabet from the misplaced state,
 * breadth first with state deduplication, and decides the LIVE-REPAIR / INV-CONVERGE facts.
 */
export function exhaustiveSearch(options: ExhaustiveOptions): ExhaustiveResult {
  const policy = asPolicy(options.policy);
  const universe = options.universe ?? modelUniverse();
  const depth = options.depth ?? 3;
  const plan = exhaustivePlan(options.networkOperators ?? 3);
  const built = buildPlan(plan, universe);
  const alphabet = exhaustiveAlphabet(plan);
  const meter = plan.meters[0]!;
  const initial = built.devices[0]!;
  const registrations = JSON.stringify([...built.world.registrations.byMpxn.entries()]);
  const keyOf = (s: DeviceState) => `${JSON.stringify(snapshotDevice(s))}|${registrations}`;
  const seen = new Set<string>([keyOf(initial)]);
  const registeredNo = universe.party(meter.networkOperator).eui;
  const controls = (s: DeviceState) =>
    s.cells.get('3/DS/management')?.eui === registeredNo &&
    s.cells.get('3/KA/management')?.eui === registeredNo;
  const witnesses: {
    control?: string[];
    waivedForeignInstall?: string[];
    thirdNoTransfer?: string[];
    lockOut?: string[];
  } = {};
  let lockOutSteps: readonly Step[] | undefined;
  let oneStepRepair = false;
  let transitions = 0;
  let frontier: Node[] = [{ state: initial, path: [], steps: [] }];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: Node[] = [];
    for (const node of frontier) {
      for (const step of alphabet) {
        const session = createSession(universe, plan, policy, {
          built: { world: built.world, devices: [node.state] },
        });
        const record = session.execute(session.resolve(step));
        transitions += 1;
        const t = record.transition;
        const after = t.after ?? node.state;
        const path = [...node.path, `${record.label} => ${record.outcome}`];
        const steps = [...node.steps, step];
        if (t.verdict?.outcome === 'accepted' && t.verdict.waiver !== undefined) {
          const registered = registeredParty(t.world.registrations, meter.mpxn, 'networkOperator', t.at);
          const previous = node.state.cells.get('3/DS/management')?.eui;
          for (const r of t.request?.replacements ?? []) {
            if (r.cell.role !== 3 || r.certificate.eui === registered) continue;
            witnesses.waivedForeignInstall ??= path;
            if (r.certificate.eui !== previous) witnesses.thirdNoTransfer ??= path;
          }
          const c = counterOf(after, 3);
          if (controls(after) && (c.last >= MAX_COUNTER || c.floor >= MAX_COUNTER) && !witnesses.lockOut) {
            witnesses.lockOut = path;
            lockOutSteps = steps;
          }
        }
        if (controls(after)) {
          witnesses.control ??= path;
          if (level === 1) oneStepRepair = true;
        }
        const key = keyOf(after);
        if (!seen.has(key)) {
          seen.add(key);
          next.push({ state: after, path, steps });
        }
      }
    }
    frontier = next;
  }
  return {
    policy: policy.name,
    depth,
    statesExplored: seen.size,
    transitions,
    alphabetSize: alphabet.length,
    reachesControl: witnesses.control !== undefined,
    oneStepRepair,
    waivedForeignInstall: witnesses.waivedForeignInstall !== undefined,
    thirdNoTransfer: witnesses.thirdNoTransfer !== undefined,
    lockOut: witnesses.lockOut !== undefined,
    witnesses,
    ...(lockOutSteps ? { lockOutSteps } : {}),
  };
}
