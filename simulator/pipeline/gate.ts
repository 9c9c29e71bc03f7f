import type { Eui } from '../../certs';
import type { GateWaiver, Policy } from '../policy/policy';
import { CRITICAL_SRVS } from './srv-registry';
import { registeredParty } from '../registry/registration';
import type { UserRole } from '../types';
import type { World } from '../world/world';
import type { AccessGrant } from './access';
import { checkOn, type PipelineCheck } from './checks';
import type { ParsedRequest } from './request';
import { refuse, type Refusal } from './verdict';

/** Gate outcome: passed as the registered party, or through a named waiver. */
export type GatePass = { readonly ok: true; readonly waiver: string | undefined };

/** The registration capacity a user role acts in. */
export function capacityOf(role: UserRole): 'supplier' | 'networkOperator' {
  return role === 'ED' || role === 'GT' ? 'networkOperator' : 'supplier';
}

/** The built-in SMETS2 rule: Critical Commands to a SMETS2 device are not checked against RDP. */
const SMETS2_DEVICE_WAIVER: GateWaiver = {
  id: 'smets2-device',
  description: 'The device is SMETS2: it checks authority itself, so Critical Commands are not gated.',
  srvs: CRITICAL_SRVS,
  userRoles: ['IS', 'GS', 'ED', 'GT'],
};

/**
 * The gate's own rules, which apply under every policy before the policy's waivers: a verdict can
 * name one of these without the policy declaring it (reports show them as built-in, not undeclared).
 */
export const BUILT_IN_WAIVERS: readonly Pick<GateWaiver, 'id' | 'description'>[] = [
  { id: SMETS2_DEVICE_WAIVER.id, description: SMETS2_DEVICE_WAIVER.description },
];

/** True when `id` names one of the gate's own rules ({@link BUILT_IN_WAIVERS}). */
export function isBuiltInWaiver(id: string | undefined): boolean {
  return BUILT_IN_WAIVERS.some((w) => w.id === id);
}

/** Why a waiver that covers the SRV and role does not apply to this request, or undefined if it does. */
function conditionFailure(
  waiver: GateWaiver,
  request: ParsedRequest,
  world: World,
  mpxn: string,
  at: Date,
  disabled: ReadonlySet<PipelineCheck> | undefined,
): string | undefined {
  const body = request.body;
  if (waiver.remotePartyRoles) {
    if (
      (body.kind !== 'replace' || !waiver.remotePartyRoles.includes(body.remotePartyRole)) &&
      checkOn(disabled, 'waiver-scope')
    ) {
      return `waiver ${waiver.id} covers RemotePartyRole ${waiver.remotePartyRoles.join('/')} only`;
    }
  }
  if (waiver.requireReplacementOwner && checkOn(disabled, 'waiver-binding')) {
    const capacity =
      waiver.requireReplacementOwner === 'registered-network-operator' ? 'networkOperator' : 'supplier';
    const owner: Eui | undefined = registeredParty(world.registrations, mpxn, capacity, at);
    if (body.kind !== 'replace' || body.replacements.length === 0)
      return `waiver ${waiver.id} needs replacement certificates`;
    const foreign = body.replacements.find(
      (r) => r.certificate.eui === undefined || r.certificate.eui !== owner,
    );
    if (foreign) {
      return `waiver ${waiver.id}: replacement ${foreign.certificate.certificateId} is owned by ${foreign.certificate.eui ?? 'nobody'}, not the registered ${capacity} ${owner ?? '(none)'}`;
    }
  }
  if (
    waiver.maxNewFloorSeqNumber !== undefined &&
    checkOn(disabled, 'floor-bound') &&
    body.kind === 'replace' &&
    (body.newFloor ?? 0n) > BigInt(waiver.maxNewFloorSeqNumber)
  ) {
    return `waiver ${waiver.id}: new floor ${body.newFloor} exceeds ${waiver.maxNewFloorSeqNumber}`;
  }
  return undefined;
}

/**
 * The registration-data gate (E4): the sender must be the registered party for the device's MPxN
 * at the request time, unless a waiver declared by the policy covers the request.
 * @see DUIS 3.2.4 (Registration Data checks), docs/architecture.md (The pipeline: gate)
 */
export function checkGate(
  request: ParsedRequest,
  grant: AccessGrant,
  world: World,
  policy: Policy,
  at: Date,
  disabled?: ReadonlySet<PipelineCheck>,
): GatePass | Refusal {
  const capacity = capacityOf(grant.userRole);
  const registered = registeredParty(world.registrations, grant.device.mpxn, capacity, at);
  if (registered === request.sender || !checkOn(disabled, 'gate')) return { ok: true, waiver: undefined };
  const waivers =
    grant.device.smets === 2 && policy.authority === 'dcc'
      ? [SMETS2_DEVICE_WAIVER, ...policy.waivers]
      : policy.waivers;
  const covering = waivers.filter(
    (w) => w.srvs.includes(request.srv) && w.userRoles.includes(grant.userRole),
  );
  const reasons: string[] = [];
  for (const w of covering) {
    const failure = conditionFailure(w, request, world, grant.device.mpxn, at, disabled);
    if (failure === undefined) return { ok: true, waiver: w.id };
    reasons.push(failure);
  }
  const who = `${request.sender} is not the registered ${capacity} of ${grant.device.mpxn} (registered: ${registered ?? 'none'})`;
  if (reasons.length > 0)
    return refuse(request.srv, 'gate', 'GATE_WAIVER_CONDITION', `${who}; ${reasons.join('; ')}`);
  return refuse(request.srv, 'gate', 'GATE_NOT_REGISTERED', who);
}
