import {
  NETWORK_OPERATOR_ROLES,
  SUPPLIER_ROLES,
  type InventoryDevice,
  type Party,
  type UserRole,
} from '../types';
import type { World } from '../world/world';
import { checkOn, type PipelineCheck } from './checks';
import type { ParsedRequest } from './request';
import { SRV_REGISTRY, type SrvSpec } from './srv-registry';
import { refuse, type Refusal } from './verdict';

/** What access control established about a request, for the later stages. */
export interface AccessGrant {
  readonly ok: true;
  readonly party: Party;
  readonly userRole: UserRole;
  readonly device: InventoryDevice;
  readonly spec: SrvSpec;
}

/** Picks the user role: the one named, else the party's only role eligible for the SRV. */
function chooseRole(request: ParsedRequest, party: Party, spec: SrvSpec): UserRole | undefined {
  if (request.userRole) return request.userRole;
  const eligible = party.userRoles.filter((r) => spec.eligibleRoles.includes(r));
  return eligible.length >= 1 ? eligible[0] : party.userRoles[0];
}

/** The party a mutant that skips the user check assumes: the roles claimed (or eligible), active. */
function assumedParty(request: ParsedRequest, spec: SrvSpec): Party {
  return {
    userId: request.sender,
    name: '(not a DCC User)',
    userRoles: request.userRole ? [request.userRole] : spec.eligibleRoles,
    status: 'active',
    distributorIds: [],
  };
}

/** The device a mutant that skips the inventory check assumes: commissioned, of the SRV's first type, no MPxN. */
function assumedDevice(request: ParsedRequest, spec: SrvSpec): InventoryDevice {
  return {
    deviceId: request.device,
    type: spec.deviceTypes[0]!,
    smets: 1,
    status: spec.deviceStatuses[0]!,
    mpxn: '',
  };
}

/**
 * Access control: user and role known (E1), role eligible (E2), user status (E3), device known
 * (E19), device status (E5), SRV fits device type (E11), command variant (E12), and the 6.15.1
 * RemotePartyRole consistent with the sender's role. A switched-off check (`disabled`, mutation
 * tests only) is skipped: each is tested only after its condition failed, so none costs anything
 * on the way of a request that passes.
 * @see DUIS 3.2.4 (Access Control), docs/architecture.md (The pipeline: access)
 */
export function checkAccess(
  request: ParsedRequest,
  world: World,
  expectVariants: readonly number[],
  disabled?: ReadonlySet<PipelineCheck>,
): AccessGrant | Refusal {
  const srv = request.srv;
  const spec = SRV_REGISTRY.get(srv);
  if (!spec) return refuse(srv, 'parse', 'PARSE_BODY', `SRV ${srv} is not modelled`);
  let party = world.parties.get(request.sender);
  if (!party) {
    if (checkOn(disabled, 'access-user-known'))
      return refuse(srv, 'access', 'ACCESS_UNKNOWN_USER', `user ${request.sender} is not a DCC User`);
    party = assumedParty(request, spec);
  }
  const userRole = chooseRole(request, party, spec);
  if (!userRole || (!party.userRoles.includes(userRole) && checkOn(disabled, 'access-role-held'))) {
    return refuse(
      srv,
      'access',
      'ACCESS_ROLE_NOT_HELD',
      `user ${request.sender} does not hold role ${userRole ?? '(none)'}`,
    );
  }
  if (!spec.eligibleRoles.includes(userRole) && checkOn(disabled, 'access-role-eligible')) {
    return refuse(
      srv,
      'access',
      'ACCESS_ROLE_NOT_ELIGIBLE',
      `role ${userRole} may not send ${srv} (${spec.eligibleRoles.join(', ')} may)`,
    );
  }
  if (party.status !== 'active' && checkOn(disabled, 'access-user-status'))
    return refuse(srv, 'access', 'ACCESS_USER_STATUS', `user ${request.sender} is ${party.status}`);
  let device = world.inventory.get(request.device);
  if (!device) {
    if (checkOn(disabled, 'access-device-known'))
      return refuse(
        srv,
        'access',
        'ACCESS_UNKNOWN_DEVICE',
        `device ${request.device} is not in the inventory`,
      );
    device = assumedDevice(request, spec);
  }
  if (!spec.deviceStatuses.includes(device.status) && checkOn(disabled, 'access-device-status')) {
    return refuse(srv, 'access', 'ACCESS_DEVICE_STATUS', `device ${device.deviceId} is ${device.status}`);
  }
  if (!spec.deviceTypes.includes(device.type) && checkOn(disabled, 'access-device-type')) {
    return refuse(srv, 'access', 'ACCESS_DEVICE_TYPE', `${srv} does not apply to a ${device.type}`);
  }
  if (
    (!expectVariants.includes(request.commandVariant) ||
      !spec.commandVariants.includes(request.commandVariant)) &&
    checkOn(disabled, 'access-command-variant')
  ) {
    return refuse(
      srv,
      'access',
      'ACCESS_COMMAND_VARIANT',
      `command variant ${request.commandVariant} is not valid here for ${srv}`,
    );
  }
  const body = request.body;
  if (body.kind === 'replace') {
    const allowed = body.remotePartyRole === 'NetworkOperator' ? NETWORK_OPERATOR_ROLES : SUPPLIER_ROLES;
    const ok = srv === '6.21' ? SUPPLIER_ROLES.includes(userRole) : allowed.includes(userRole);
    if (!ok && checkOn(disabled, 'access-remote-party-role')) {
      return refuse(
        srv,
        'access',
        'ACCESS_REMOTE_PARTY_ROLE',
        `RemotePartyRole ${body.remotePartyRole} is not consistent with user role ${userRole}`,
      );
    }
  }
  return { ok: true, party, userRole, device, spec };
}
