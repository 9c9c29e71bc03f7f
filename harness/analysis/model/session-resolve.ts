import { counterOf, roleCodeOf, type DeviceState } from '../../../simulator';
import type { Eui } from '../../../certs';
import { MAX_COUNTER, type CounterChoice, type ResolvedStep, type SignerChoice, type Step } from './steps';
import type { Universe } from './universe';
import type { MeterPlan, WorldPlan } from './world-plan';

/** What resolving a step reads: the plan, the universe's names, the live device states, a sequence. */
export interface ResolveContext {
  readonly universe: Universe;
  readonly plan: WorldPlan;
  /** The current state of a planned meter. */
  readonly stateOf: (m: MeterPlan) => DeviceState;
  /** The next request counter of the non-Critical requests (retrieve, handover). */
  nextSeq(): bigint;
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** Resolves an index-based step against the world plan and the current device states. */
export function resolveStep(ctx: ResolveContext, s: Step): ResolvedStep {
  const { universe, plan, stateOf } = ctx;
  const everyone = [...plan.networkOperators, ...plan.suppliers];
  const nameOf = (eui: Eui | undefined) => (eui === undefined ? undefined : universe.names.get(eui));
  const signerName = (choice: SignerChoice, sender: string, m: MeterPlan, role: 2 | 3): string => {
    switch (choice) {
      case 'own':
        return sender;
      case 'cellOwner':
        return nameOf(stateOf(m).cells.get(`${role}/DS/management`)?.eui) ?? sender;
      case 'otherNo':
        return plan.networkOperators.find((n) => n !== sender) ?? sender;
      case 'supplier':
        return plan.suppliers.find((n) => n !== sender) ?? plan.suppliers[0]!;
      case 'strayKey':
        return 'stray-key';
    }
  };
  const counterFor = (choice: CounterChoice, m: MeterPlan, role: 2 | 3): bigint => {
    const c = counterOf(stateOf(m), role);
    const top = c.last > c.floor ? c.last : c.floor;
    const clamp = (n: bigint) => (n > MAX_COUNTER ? MAX_COUNTER : n);
    return { next: clamp(top + 1n), replay: c.last, low: 1n, max: MAX_COUNTER, jump: clamp(top + 1000n) }[
      choice
    ];
  };

  switch (s.kind) {
    case 'krp': {
      const m = pick(plan.meters, s.device);
      const sender = pick(everyone, s.sender);
      const owners = s.rpr === 'NetworkOperator' ? plan.networkOperators : plan.suppliers;
      const owner = pick(owners, s.owner);
      const kaOwner = s.slots === 'mixed' ? owners.find((o) => o !== owner) : undefined;
      const role = roleCodeOf(s.rpr);
      const floor = { none: undefined, zero: 0n, small: 5n, max: MAX_COUNTER }[s.floor];
      return {
        kind: 'krp',
        sender,
        device: m.name,
        rpr: s.rpr,
        owner,
        ...(kaOwner ? { kaOwner } : {}),
        cert: s.cert,
        slots: s.slots === 'mixed' ? 'both' : s.slots,
        signer: signerName(s.signer, sender, m, role),
        counter: counterFor(s.counter, m, role),
        ...(floor === undefined ? {} : { floor }),
        timeChecks: s.timeChecks,
      };
    }
    case 'supply': {
      const m = pick(plan.meters, s.device);
      const sender = pick(everyone, s.sender);
      return {
        kind: 'supply',
        srv: s.srv,
        sender,
        device: m.name,
        signer: signerName(s.signer, sender, m, 2),
        counter: counterFor(s.counter, m, 2),
      };
    }
    case 'retrieve':
      return {
        kind: 'retrieve',
        sender: pick(everyone, s.sender),
        device: pick(plan.meters, s.device).name,
        counter: ctx.nextSeq(),
      };
    case 'handover':
      return {
        kind: 'handover',
        sender: pick(everyone, s.sender),
        device: pick(plan.meters, s.device).name,
        owner: pick(s.rpr === 'NetworkOperator' ? plan.networkOperators : plan.suppliers, s.owner),
        counter: ctx.nextSeq(),
        ...(s.rpr === 'NetworkOperator' ? { rpr: s.rpr } : {}),
      };
    case 'register':
      return {
        kind: 'register',
        device: pick(plan.meters, s.device).name,
        capacity: s.capacity,
        party: pick(s.capacity === 'supplier' ? plan.suppliers : plan.networkOperators, s.party),
      };
    case 'advance':
      return { kind: 'advance', hours: s.hours };
    case 'revoke':
      return { kind: 'revoke', party: pick(everyone, s.party), alternate: s.alternate };
  }
}
