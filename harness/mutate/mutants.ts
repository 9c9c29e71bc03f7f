import { CHECK_RULES, PIPELINE_CHECKS, type PipelineCheck, type Policy } from '../../simulator';

/**
 * Why switching `check` off cannot change any verdict under `policy`, or undefined when it can.
 * Read from the policy's data (its waivers, placement checks and authority model), so a custom
 * policy is judged by the same rules as the presets.
 */
export function whyCheckCannotMatter(check: PipelineCheck, policy: Policy): string | undefined {
  switch (check) {
    case 'waiver-scope':
      return policy.waivers.some((w) => w.remotePartyRoles !== undefined)
        ? undefined
        : `no waiver of ${policy.name} is limited to RemotePartyRoles, so the condition is never evaluated`;
    case 'waiver-binding':
      return policy.waivers.some((w) => w.requireReplacementOwner !== undefined)
        ? undefined
        : `no waiver of ${policy.name} binds the replacements' owner, so the condition is never evaluated`;
    case 'floor-bound':
      return policy.waivers.some((w) => w.maxNewFloorSeqNumber !== undefined)
        ? undefined
        : `no waiver of ${policy.name} bounds the new floor, so the condition is never evaluated`;
    case 'placement':
      return (policy.placementChecks ?? []).length > 0
        ? undefined
        : `${policy.name} declares no placement check`;
    case 'device-mac':
      return policy.authority === 'device'
        ? 'the reference wraps each command with the world ACB key-agreement key and the simulated device checks it against the same world ACB certificate: nothing a request carries changes the MAC, and every scenario world pairs that key with its certificate (composeWorld)'
        : `under ${policy.name} the DCC checks authority for a SMETS1 device itself (authority: dcc): no command is MAC-wrapped to a device`;
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
    case 'replacement-present':
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
