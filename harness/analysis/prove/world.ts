import type { BuiltWorld, DeviceState } from '../../../simulator';
import type { Universe } from '../model/universe';
import { buildPlan, planFromChoices, type MeterPlan, type WorldPlan } from '../model/world-plan';

/** How a component's meter starts: NO cells of the registered NO, of another NO, or still the ACB's. */
export type StartKind = 'correct' | 'misplaced' | 'dcc-controlled';

/** One start state of a component: its kind, the plan that builds it and the device state. */
export interface ProofStart {
  readonly kind: StartKind;
  readonly plan: WorldPlan;
  readonly device: DeviceState;
}

/**
 * One component of the proof world: one meter with the world's parties. No request addresses two
 * meters and no world event reads device state, so the proof explores each meter's component.
 * @see docs/proof.md
 */
export interface ProofComponent {
  readonly name: string;
  readonly meter: MeterPlan;
  /** The plan of the correctly placed start (its world is every start's world). */
  readonly plan: WorldPlan;
  readonly base: BuiltWorld;
  readonly starts: readonly ProofStart[];
}

const START_KINDS: readonly StartKind[] = ['correct', 'misplaced', 'dcc-controlled'];

function planFor(gas: boolean, kind: StartKind): WorldPlan {
  const plan = planFromChoices({
    nos: 2,
    suppliers: 2,
    meters: [
      { gas: false, area: 0, supplier: 0, noCells: 0, supplierCells: 0 },
      { gas: true, area: 0, supplier: 1, noCells: 0, supplierCells: 0 },
    ].map((m) =>
      m.gas !== gas
        ? m
        : {
            ...m,
            noCells: kind === 'misplaced' ? 1 : 0,
            dccControlled: kind === 'dcc-controlled',
          },
    ),
  });
  const meter = plan.meters[gas ? 1 : 0]!;
  const fixed =
    kind === 'dcc-controlled'
      ? { ...meter, supplierCells: 'ACB' }
      : kind === 'misplaced' && gas
        ? { ...meter, noCells: 'NO-A' }
        : meter;
  return { ...plan, meters: [fixed] };
}

/**
 * The small world of the proof: three NOs (NO-A and NO-B, electricity; GT-G, gas), two suppliers,
 * one electricity meter (registered NO-A, SUP-1) and one gas meter (registered GT-G, SUP-2), each
 * correctly placed, misplaced, or DCC-controlled (awaiting a 6.21 hand-over).
 */
export function proofComponents(universe: Universe): readonly ProofComponent[] {
  return [false, true].map((gas) => {
    const starts = START_KINDS.map((kind): ProofStart => {
      const plan = planFor(gas, kind);
      return { kind, plan, device: buildPlan(plan, universe).devices[0]! };
    });
    const plan = starts[0]!.plan;
    return {
      name: gas ? 'gas' : 'electricity',
      meter: plan.meters[0]!,
      plan,
      base: buildPlan(plan, universe),
      starts,
    };
  });
}
