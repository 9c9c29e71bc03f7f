import type { Eui, OrgCertificate, Signer } from '../../../certs';
import {
  handoverRequest,
  krpRequest,
  retrieveRequest,
  roleCodeOf,
  supplyRequest,
  type Dcc,
  type UserRole,
  type Verdict,
} from '../../../simulator';
import type { DuisRequest } from '../../../simulator/duis';
import { decodeGeneralSigning } from '../../../simulator/gbcs';
import type { ResolvedStep } from './steps';
import type { RequestFacts } from './transition';
import type { Universe } from './universe';
import type { MeterPlan } from './world-plan';

/** What running a request step uses: the DCC, the universe's parties, the plan's meters, the clock. */
export interface RequestContext {
  readonly universe: Universe;
  readonly dcc: Dcc;
  /** The planned meter named `name`. */
  meter(name: string): MeterPlan;
  now(): Date;
  /** Moves a registration (the world event a KRP step may interleave between Transform and Send). */
  register(device: string, capacity: 'supplier' | 'networkOperator', party: string, at: Date): void;
}

/** The user role a sender submits with: its network-operator role, else the meter's supplier role. */
function userRoleOf(ctx: RequestContext, sender: string, m: MeterPlan): UserRole {
  const roles = ctx.dcc.world().parties.get(ctx.universe.party(sender).eui)?.userRoles ?? [];
  if (roles.includes('ED') || roles.includes('GT')) return roles[0]!;
  return m.fuel === 'gas' ? 'GS' : 'IS';
}

function signerOf(ctx: RequestContext, name: string): Signer {
  return name === 'stray-key' ? ctx.universe.strayKey : ctx.universe.party(name).signer;
}

/**
 * The Critical flow (the DCC's one Transform -> sign -> Send): the verdict and the signed APDU
 * sent; `between` (a registration move) runs after a Transform that passed, before the Send.
 */
function critical(
  ctx: RequestContext,
  duis: DuisRequest,
  userRole: UserRole,
  signer: Signer,
  between?: () => void,
): { verdict: Verdict; signed?: RequestFacts['signed'] } {
  const { verdict, signed: apdu } = ctx.dcc.performCritical(
    { request: duis, userRole, at: ctx.now() },
    signer,
    between,
  );
  if (!apdu) return { verdict };
  const decoded = decodeGeneralSigning(apdu);
  return { verdict, signed: { apdu, counter: decoded.originatorCounter, originator: decoded.originator } };
}

/** Runs a request step (supply, retrieve, handover or KRP) on the DCC: the facts the invariants read, and the verdict. */
export function runRequest(
  ctx: RequestContext,
  s: Extract<ResolvedStep, { sender: string }>,
): { facts: RequestFacts; verdict: Verdict; device: Eui } {
  const m = ctx.meter(s.device);
  const sender = ctx.universe.party(s.sender).eui;
  const userRole = userRoleOf(ctx, s.sender, m);
  const base = { sender, userRole, device: m.deviceId, path: [ctx.universe.pki.ca.certificate] };
  if (s.kind === 'supply') {
    const duis = supplyRequest({ srv: s.srv, sender, device: m.deviceId, counter: s.counter });
    const r = critical(ctx, duis, userRole, signerOf(ctx, s.signer));
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
    const verdict = ctx.dcc.submit({
      request: retrieveRequest({ sender, device: m.deviceId, counter: s.counter }),
      userRole,
      at: ctx.now(),
    });
    return { facts: { ...base, srv: '6.24.1', replacements: [] }, verdict, device: m.deviceId };
  }
  const kind = s.kind === 'krp' ? s.cert : 'good';
  const owner = s.owner;
  const dsCert: OrgCertificate | undefined =
    s.kind === 'handover' || s.slots !== 'ka' ? ctx.universe.replacement(owner, kind, 'DS') : undefined;
  const kaCert: OrgCertificate | undefined =
    s.kind === 'handover' || s.slots !== 'ds'
      ? ctx.universe.replacement(s.kind === 'krp' ? (s.kaOwner ?? owner) : owner, kind, 'KA')
      : undefined;
  const rpr = s.rpr ?? 'Supplier';
  const roleCode = roleCodeOf(rpr);
  const slot = (keyUsage: 'DS' | 'KA', certificate: OrgCertificate | undefined) =>
    certificate
      ? [{ cell: { role: roleCode, keyUsage, cellUsage: 'management' as const }, certificate }]
      : [];
  const replacements = [...slot('DS', dsCert), ...slot('KA', kaCert)];
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
    const verdict = ctx.dcc.submit({ request: handoverRequest(args), userRole, at: ctx.now() });
    return { facts: { ...facts, srv: '6.21' }, verdict, device: m.deviceId };
  }
  const between = s.kind === 'krp' ? s.between : undefined;
  const r = critical(
    ctx,
    krpRequest(args),
    userRole,
    signerOf(ctx, s.signer),
    between ? () => ctx.register(s.device, between.capacity, between.party, ctx.now()) : undefined,
  );
  return {
    facts: { ...facts, srv: '6.15.1', ...(r.signed ? { signed: r.signed } : {}) },
    verdict: r.verdict,
    device: m.deviceId,
  };
}
