import {
  CHECK_RULES,
  KRP_REMOTE_PARTY_ROLES,
  NETWORK_OPERATOR_ROLES,
  PIPELINE_CHECKS,
  SRV_REGISTRY,
  SUPPLIER_ROLES,
  type GateWaiver,
  type KrpRemotePartyRole,
  type PipelineCheck,
  type Policy,
  type UserRole,
} from '../../simulator';

/**
 * The RemotePartyRoles a request of `srv` from `role` can carry past access control: 6.15.1 the
 * sender's own role (ACCESS_REMOTE_PARTY_ROLE), 6.21 any from a supplier; other SRVs carry none.
 */
function reachableRemotePartyRoles(srv: string, role: UserRole): readonly KrpRemotePartyRole[] | 'no-body' {
  const spec = SRV_REGISTRY.get(srv as Parameters<typeof SRV_REGISTRY.get>[0]);
  if (!spec || !spec.eligibleRoles.includes(role)) return [];
  if (srv === '6.21') return SUPPLIER_ROLES.includes(role) ? KRP_REMOTE_PARTY_ROLES : [];
  if (srv !== '6.15.1') return 'no-body';
  return NETWORK_OPERATOR_ROLES.includes(role) ? ['NetworkOperator'] : ['Supplier'];
}

/** True when some request the waiver covers can carry a RemotePartyRole (or no replace body) outside its list. */
function scopeCanFail(w: GateWaiver): boolean {
  const allowed = w.remotePartyRoles;
  if (!allowed) return false;
  return w.srvs.some((srv) =>
    w.userRoles.some((role) => {
      const reachable = reachableRemotePartyRoles(srv, role);
      return reachable === 'no-body' || reachable.some((r) => !allowed.includes(r));
    }),
  );
}

/**
 * Why switching `check` off cannot change any verdict under `policy`, or undefined when it can.
 * Read from the policy's data (its waivers, placement checks and authority model), so a custom
 * policy is judged by the same rules as the presets.
 */
export function whyCheckCannotMatter(check: PipelineCheck, policy: Policy): string | undefined {
  switch (check) {
    case 'waiver-scope':
      if (!policy.waivers.some((w) => w.remotePartyRoles !== undefined))
        return 'the policy has no waiver limited to RemotePartyRoles, so the condition is never evaluated';
      return policy.waivers.some(scopeCanFail)
        ? undefined
        : "every request the policy's RemotePartyRole-limited waivers cover already names one of their RemotePartyRoles once past access control (a network operator's 6.15.1 can only name NetworkOperator: ACCESS_REMOTE_PARTY_ROLE), so the condition cannot fail";
    case 'replacement-present':
      return 'the DUIS schema requires at least one certificate in ReplacementCertificates: a DUIS request replacing nothing is refused at parse (PARSE_XML) before this check, which guards raw GBCS commands (smets1 gbcs submit), not a request through the DUT port';
    case 'waiver-binding':
      return policy.waivers.some((w) => w.requireReplacementOwner !== undefined)
        ? undefined
        : "the policy has no waiver binding the replacements' owner, so the condition is never evaluated";
    case 'floor-bound':
      return policy.waivers.some((w) => w.maxNewFloorSeqNumber !== undefined)
        ? undefined
        : 'the policy has no waiver bounding the new floor, so the condition is never evaluated';
    case 'placement':
      return (policy.placementChecks ?? []).length > 0 ? undefined : 'the policy declares no placement check';
    case 'access-user-known':
    case 'access-role-held':
    case 'access-role-eligible':
    case 'access-user-status':
    case 'access-device-known':
    case 'access-device-status':
    case 'access-device-type':
    case 'access-command-variant':
    case 'access-remote-party-role':
    case 'gate':
    case 'device-mac':
    case 'replacement-profile':
    case 'replacement-role':
    case 'replacement-key-usage':
    case 'replacement-path':
    case 'owner':
    case 'handover-dcc-controlled':
    case 'send-pending':
    case 'send-fresh':
    case 'send-match':
    case 'authority-cell':
    case 'signature':
    case 'originator':
    case 'counter':
    case 'floor':
    case 'world-registration':
    case 'world-registration-capacity':
    case 'world-revocation':
      return undefined;
    default: {
      const never: never = check;
      return never;
    }
  }
}

/** One mutant of the reference: the check it switches off, with its rule and source. */
export interface Mutant {
  readonly check: PipelineCheck;
  readonly place: (typeof CHECK_RULES)[PipelineCheck]['place'];
  readonly codes: readonly string[];
  readonly rule: string;
  readonly source: string;
  /** What the mutant does instead. */
  readonly skipped: string;
}

/** Every mutant, one per check, in pipeline order. */
export const MUTANTS: readonly Mutant[] = PIPELINE_CHECKS.map((check) => ({
  check,
  ...CHECK_RULES[check],
}));
