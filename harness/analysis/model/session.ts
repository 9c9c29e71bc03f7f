import {
  createDcc,
  type BuiltWorld,
  type Dcc,
  type DeviceState,
  type PipelineCheck,
  type Policy,
} from '../../../simulator';
import { checkTransition, initialCheckerState, type CheckerState } from './invariants';
import { runRequest, type RequestContext } from './session-request';
import { resolveStep, type ResolveContext } from './session-resolve';
import { labelOf, type ResolvedStep, type Step } from './steps';
import { verdictText, type Transition, type Violation } from './transition';
import type { Universe } from './universe';
import { buildPlan, type MeterPlan, type WorldPlan } from './world-plan';

/** The fixed time explored runs start at (inside every universe certificate's validity). */
export const MODEL_START = new Date('2024-06-01T12:00:00Z');

/** What one executed step produced: its label, outcome text, transition and broken invariants. */
export interface StepRecord {
  readonly step: ResolvedStep;
  readonly label: string;
  readonly outcome: string;
  readonly transition: Transition;
  readonly violations: readonly Violation[];
}

/** A live exploration run: the reference DCC over a planned world, and the invariant checker beside it. */
export interface ModelSession {
  readonly dcc: Dcc;
  readonly plan: WorldPlan;
  now(): Date;
  /** Resolves an index-based step against the world and the current device state. */
  resolve(step: Step): ResolvedStep;
  /** Executes a resolved step and checks every invariant on the transition. */
  execute(step: ResolvedStep): StepRecord;
}

/** Starts a session: builds the world of `plan`, creates a DCC under `policy`, seeds the checker. */
export function createSession(
  universe: Universe,
  plan: WorldPlan,
  policy: Policy,
  options: {
    readonly start?: Date;
    readonly built?: BuiltWorld;
    /** The invariant checker's state to start from (a prover resuming at an explored state). */
    readonly checker?: CheckerState;
    /** Pipeline checks switched off (the prover's mutation tests only). */
    readonly disabledChecks?: ReadonlySet<PipelineCheck>;
  } = {},
): ModelSession {
  const built = options.built ?? buildPlan(plan, universe);
  const start = options.start ?? MODEL_START;
  const dcc = createDcc({
    world: built.world,
    devices: built.devices,
    policy,
    clock: { now: () => now },
    acbSigner: universe.acbSigner,
    audit: false,
    ...(options.disabledChecks ? { disabledChecks: options.disabledChecks } : {}),
  });
  let now = start;
  let seq = 0n;
  let checker: CheckerState = options.checker ?? initialCheckerState(built.devices);
  const meter = (name: string): MeterPlan => {
    const m = plan.meters.find((x) => x.name === name);
    if (!m) throw new RangeError(`no meter ${name} in the plan`);
    return m;
  };
  const stateOf = (m: MeterPlan): DeviceState => dcc.device(m.deviceId)!;

  const register = (device: string, capacity: 'supplier' | 'networkOperator', party: string, at: Date) =>
    dcc.apply({
      kind: 'registration',
      mpxn: meter(device).mpxn,
      capacity,
      userId: universe.party(party).eui,
      at,
    });

  const resolving: ResolveContext = { universe, plan, stateOf, nextSeq: () => (seq += 1n) };
  const requests: RequestContext = { universe, dcc, meter, now: () => now, register };

  const execute = (s: ResolvedStep): StepRecord => {
    const label = labelOf(s);
    const at = now;
    const world = () => dcc.world();
    if (s.kind === 'register' || s.kind === 'advance' || s.kind === 'revoke') {
      if (s.kind === 'advance') now = new Date(now.getTime() + s.hours * 3_600_000);
      else if (s.kind === 'register') register(s.device, s.capacity, s.party, at);
      else {
        const p = universe.party(s.party);
        const certs = s.alternate
          ? [
              universe.replacement(s.party, 'alternate', 'DS'),
              universe.replacement(s.party, 'alternate', 'KA'),
            ]
          : [p.ds, p.ka];
        dcc.apply({ kind: 'revoke', certificateIds: certs.map((c) => c.certificateId) });
      }
      const transition: Transition = { policy: dcc.policy, world: world(), at, label };
      return { step: s, label, outcome: 'done', transition, violations: [] };
    }
    const m = meter(s.device);
    const before = stateOf(m);
    const r = runRequest(requests, s);
    const transition: Transition = {
      policy: dcc.policy,
      world: world(),
      at,
      label,
      request: r.facts,
      verdict: r.verdict,
      before,
      after: stateOf(m),
    };
    const checked = checkTransition(checker, transition);
    checker = checked.state;
    return { step: s, label, outcome: verdictText(r.verdict), transition, violations: checked.violations };
  };

  return { dcc, plan, now: () => now, resolve: (s: Step) => resolveStep(resolving, s), execute };
}
