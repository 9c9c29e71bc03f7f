import { type Eui, type OrgCertificate, type Signer } from '../../certs';
import {
  counterOf,
  createDcc,
  roleCodeOf,
  handoverRequest,
  krpRequest,
  retrieveRequest,
  supplyRequest,
  type BuiltWorld,
  type Dcc,
  type DeviceState,
  type PipelineCheck,
  type Policy,
  type UserRole,
  type Verdict,
} from '../../simulator';
import type { DuisRequest } from '../../simulator/duis';
import { decodeGeneralSigning } from '../../simulator/gbcs';
import { checkTransition, initialCheckerState, type CheckerState } from './invariants';
import {
  labelOf,
  MAX_COUNTER,
  type CounterChoice,
  type ResolvedStep,
  type SignerChoice,
  type Step,
} from './steps';
import { verdictText, type RequestFacts, type Transition, type Violation } from './transition';
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

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

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
  const everyone = [...plan.networkOperators, ...plan.suppliers];
  const meter = (name: string): MeterPlan => {
    const m = plan.meters.find((x) => x.name === name);
    if (!m) throw new RangeError(`no meter ${name} in the plan`);
    return m;
  };
  const stateOf = (m: MeterPlan): DeviceState => dcc.device(m.deviceId)!;
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

  const resolve = (s: Step): ResolvedStep => {
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
          counter: (seq += 1n),
        };
      case 'handover':
        return {
          kind: 'handover',
          sender: pick(everyone, s.sender),
          device: pick(plan.meters, s.device).name,
          owner: pick(s.rpr === 'NetworkOperator' ? plan.networkOperators : plan.suppliers, s.owner),
          counter: (seq += 1n),
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
  };

  const userRoleOf = (sender: string, m: MeterPlan): UserRole => {
    const roles = dcc.world().parties.get(universe.party(sender).eui)?.userRoles ?? [];
    if (roles.includes('ED') || roles.includes('GT')) return roles[0]!;
    return m.fuel === 'gas' ? 'GS' : 'IS';
  };
  const signerOf = (name: string): Signer =>
    name === 'stray-key' ? universe.strayKey : universe.party(name).signer;

  const register = (device: string, capacity: 'supplier' | 'networkOperator', party: string, at: Date) =>
    dcc.apply({
      kind: 'registration',
      mpxn: meter(device).mpxn,
      capacity,
      userId: universe.party(party).eui,
      at,
    });

  /**
   * The Critical flow (the DCC's one Transform -> sign -> Send): the verdict and the signed APDU
   * sent; `between` (a registration move) runs after a Transform that passed, before the Send.
   */
  const critical = (
    duis: DuisRequest,
    userRole: UserRole,
    signer: Signer,
    between?: () => void,
  ): { verdict: Verdict; signed?: RequestFacts['signed'] } => {
    const { verdict, signed: apdu } = dcc.performCritical(
      { request: duis, userRole, at: now },
      signer,
      between,
    );
    if (!apdu) return { verdict };
    const decoded = decodeGeneralSigning(apdu);
    return { verdict, signed: { apdu, counter: decoded.originatorCounter, originator: decoded.originator } };
  };

  const request = (
    s: Extract<ResolvedStep, { sender: string }>,
  ): { facts: RequestFacts; verdict: Verdict; device: Eui } => {
    const m = meter(s.device);
    const sender = universe.party(s.sender).eui;
    const userRole = userRoleOf(s.sender, m);
    const base = { sender, userRole, device: m.deviceId, path: [universe.pki.ca.certificate] };
    if (s.kind === 'supply') {
      const duis = supplyRequest({ srv: s.srv, sender, device: m.deviceId, counter: s.counter });
      const r = critical(duis, userRole, signerOf(s.signer));
      return {
        facts: {
          ...base,
          srv: s.srv,
          replacements: [],
          supply: s.srv === '7.1' ? 'enabled' : 'disabled',
          ...(r.signed ? { signed: r.signed } : {}),
        },
        verdict: r.verdict,
        device: m.deviceId,
      };
    }
    if (s.kind === 'retrieve') {
      const verdict = dcc.submit({
        request: retrieveRequest({ sender, device: m.deviceId, counter: s.counter }),
        userRole,
        at: now,
      });
      return { facts: { ...base, srv: '6.24.1', replacements: [] }, verdict, device: m.deviceId };
    }
    const kind = s.kind === 'krp' ? s.cert : 'good';
    const owner = s.owner;
    const dsCert: OrgCertificate | undefined =
      s.kind === 'handover' || s.slots !== 'ka' ? universe.replacement(owner, kind, 'DS') : undefined;
    const kaCert: OrgCertificate | undefined =
      s.kind === 'handover' || s.slots !== 'ds'
        ? universe.replacement(s.kind === 'krp' ? (s.kaOwner ?? owner) : owner, kind, 'KA')
        : undefined;
    const rpr = s.rpr ?? 'Supplier';
    const roleCode = roleCodeOf(rpr);
    const replacements = [
      ...(dsCert
        ? [
            {
              cell: { role: roleCode, keyUsage: 'DS' as const, cellUsage: 'management' as const },
              certificate: dsCert,
            },
          ]
        : []),
      ...(kaCert
        ? [
            {
              cell: { role: roleCode, keyUsage: 'KA' as const, cellUsage: 'management' as const },
              certificate: kaCert,
            },
          ]
        : []),
    ];
    const args = {
      sender,
      device: m.deviceId,
      counter: s.counter,
      remotePartyRole: rpr,
      ...(dsCert ? { ds: dsCert } : {}),
      ...(kaCert ? { ka: kaCert } : {}),
      path: base.path,
      ...(s.kind === 'krp' && s.floor !== undefined ? { floor: s.floor } : {}),
      applyTimeBasedCpvChecks: s.kind === 'krp' ? s.timeChecks : true,
    };
    const facts = {
      ...base,
      roleCode,
      replacements,
      ...(args.floor === undefined ? {} : { newFloor: args.floor }),
    };
    if (s.kind === 'handover') {
      const verdict = dcc.submit({ request: handoverRequest(args), userRole, at: now });
      return { facts: { ...facts, srv: '6.21' }, verdict, device: m.deviceId };
    }
    const between = s.kind === 'krp' ? s.between : undefined;
    const r = critical(
      krpRequest(args),
      userRole,
      signerOf(s.signer),
      between ? () => register(s.device, between.capacity, between.party, now) : undefined,
    );
    return {
      facts: { ...facts, srv: '6.15.1', ...(r.signed ? { signed: r.signed } : {}) },
      verdict: r.verdict,
      device: m.deviceId,
    };
  };

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
    const r = request(s);
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

  return { dcc, plan, now: () => now, resolve, execute };
}
