import type { PlacementCheck, Policy } from '../policy/policy';
import { registeredParty } from '../registry/registration';
import type { World } from '../world/world';
import type { AccessGrant } from './access';
import type { ParsedRequest } from './request';
import { refuse, type Refusal } from './verdict';

/** The placement checks of the policy that cover this request (SRV, sender role, device type, NO cells). */
export function coveringPlacementChecks(
  request: ParsedRequest,
  grant: AccessGrant,
  policy: Policy,
): readonly PlacementCheck[] {
  const body = request.body;
  if (body.kind !== 'replace' || body.roleCode !== 3) return [];
  return (policy.placementChecks ?? []).filter(
    (c) =>
      c.srvs.includes(request.srv) &&
      c.userRoles.includes(grant.userRole) &&
      c.deviceTypes.includes(grant.device.type),
  );
}

/**
 * The placement check (prevention): a covered request may only place certificates owned by the NO
 * registered for the meter at the request time in the NO cells.
 * @see docs/proof.md (INV-PLACE)
 */
export function checkPlacement(
  request: ParsedRequest,
  grant: AccessGrant,
  world: World,
  policy: Policy,
  at: Date,
): Refusal | undefined {
  const checks = coveringPlacementChecks(request, grant, policy);
  const body = request.body;
  if (checks.length === 0 || body.kind !== 'replace') return undefined;
  const registered = registeredParty(world.registrations, grant.device.mpxn, 'networkOperator', at);
  const foreign = body.replacements.find(
    (r) => r.certificate.eui === undefined || r.certificate.eui !== registered,
  );
  if (!foreign) return undefined;
  return refuse(
    request.srv,
    'gate',
    'GATE_PLACEMENT_NOT_REGISTERED_NO',
    `placement check ${checks[0]!.id}: ${foreign.certificate.certificateId} in ${grant.device.mpxn}'s NO cells is owned by ${foreign.certificate.eui ?? 'nobody'}, not the registered NO ${registered ?? '(none)'}`,
  );
}
