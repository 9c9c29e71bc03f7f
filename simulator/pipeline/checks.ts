import type { RefusalCode, Stage } from './verdict';

/**
 * The individual checks of the reference DCC that a test may switch off: mutation testing of the
 * prover (each protects an invariant, so switching one off must let the prover find it broken) and
 * of the scenario catalogue (`harness/mutate`: switching one off must make some case fail).
 * Switching a check off skips it, so the request goes on to the next check; it never flips a
 * verdict. Production code never switches any off.
 */
export const PIPELINE_CHECKS = [
  'access-user-known',
  'access-role-held',
  'access-role-eligible',
  'access-user-status',
  'access-device-known',
  'access-device-status',
  'access-device-type',
  'access-command-variant',
  'access-remote-party-role',
  'gate',
  'waiver-scope',
  'waiver-binding',
  'floor-bound',
  'placement',
  'replacement-present',
  'replacement-profile',
  'replacement-role',
  'replacement-key-usage',
  'replacement-path',
  'owner',
  'handover-dcc-controlled',
  'send-pending',
  'send-fresh',
  'send-match',
  'device-mac',
  'authority-cell',
  'signature',
  'originator',
  'counter',
  'floor',
  'world-registration',
  'world-registration-capacity',
  'world-revocation',
] as const;

/** One switchable check of the reference DCC. */
export type PipelineCheck = (typeof PIPELINE_CHECKS)[number];

/** Where a check sits: a pipeline stage, the Send's match with its pre-command, or the world events. */
export type CheckPlace = Stage | 'send' | 'world';

/** What one check is: where it runs, the refusals it gives, the rule it enforces and its source. */
export interface CheckRule {
  /** Where the check runs: its pipeline stage, the Send's match with its pre-command, or a world event. */
  readonly place: CheckPlace;
  /** The refusal codes the check gives (empty for world-event rules, which refuse with ERR_WORLD_EVENT or change the world). */
  readonly codes: readonly RefusalCode[];
  /** The rule, in one sentence. */
  readonly rule: string;
  /** Where the rule comes from (public spec sections, or the repo's docs for policy rules). */
  readonly source: string;
  /** What the reference does with the check switched off. */
  readonly skipped: string;
}

/** Every check with its rule and source, in pipeline order. */
export const CHECK_RULES: Readonly<Record<PipelineCheck, CheckRule>> = {
  'access-user-known': {
    place: 'access',
    codes: ['ACCESS_UNKNOWN_USER'],
    rule: 'the sender is a DCC User',
    source: 'DUIS 3.2.4 (Access Control: User ID, E1)',
    skipped: 'an unknown sender is taken to hold the role it claims (or the SRV-eligible roles), active',
  },
  'access-role-held': {
    place: 'access',
    codes: ['ACCESS_ROLE_NOT_HELD'],
    rule: 'the sender holds the user role it acts in',
    source: 'DUIS 3.2.4 (Access Control: User Role, E1)',
    skipped: 'the named role is used though the sender does not hold it',
  },
  'access-role-eligible': {
    place: 'access',
    codes: ['ACCESS_ROLE_NOT_ELIGIBLE'],
    rule: 'the user role is eligible for the SRV',
    source: 'DUIS 3.2.4 (E2), DUIS 3.8 (Service Request matrix: eligible users)',
    skipped: 'an ineligible role goes on to the next check',
  },
  'access-user-status': {
    place: 'access',
    codes: ['ACCESS_USER_STATUS'],
    rule: 'the sender is an active DCC User',
    source: 'DUIS 3.2.4 (E3)',
    skipped: 'a suspended or withdrawn sender goes on',
  },
  'access-device-known': {
    place: 'access',
    codes: ['ACCESS_UNKNOWN_DEVICE'],
    rule: 'the device is in the Smart Metering Inventory (and the DCC holds its state)',
    source: 'DUIS 3.2.4 (E19)',
    skipped:
      'an unknown device is taken as a commissioned SMETS1 device of the SRV type with no MPxN and no state',
  },
  'access-device-status': {
    place: 'access',
    codes: ['ACCESS_DEVICE_STATUS'],
    rule: 'the device SMI status allows the SRV',
    source: 'DUIS 3.2.4 (E5), DUIS 3.6 (SMI status)',
    skipped: 'a device in another status goes on',
  },
  'access-device-type': {
    place: 'access',
    codes: ['ACCESS_DEVICE_TYPE'],
    rule: 'the SRV applies to the device type',
    source: 'DUIS 3.2.4 (E11), DUIS 3.8 (Service Request matrix: device types)',
    skipped: 'a device of another type goes on',
  },
  'access-command-variant': {
    place: 'access',
    codes: ['ACCESS_COMMAND_VARIANT'],
    rule: 'the command variant is one the SRV allows at this point of the flow',
    source: 'DUIS 3.2.4 (E12), DUIS 3.4 (Critical Service Requests)',
    skipped: 'access control admits any command variant (later stages still need a pre-command or a state)',
  },
  'access-remote-party-role': {
    place: 'access',
    codes: ['ACCESS_REMOTE_PARTY_ROLE'],
    rule: "the 6.15.1 RemotePartyRole is the sender's own role (6.21: a supplier)",
    source: 'DUIS 3.8.65 (6.15.1 RemotePartyRole)',
    skipped: 'a sender may replace the cells of another remote party role',
  },
  gate: {
    place: 'gate',
    codes: ['GATE_NOT_REGISTERED'],
    rule: 'the sender is the registered party of the MPxN at the request time (unless a waiver applies)',
    source: 'DUIS 3.2.4 (Registration Data checks, E4)',
    skipped: 'every sender passes the gate as if registered',
  },
  'waiver-scope': {
    place: 'gate',
    codes: ['GATE_WAIVER_CONDITION'],
    rule: 'a waiver limited to some RemotePartyRoles covers only those',
    source: 'docs/domain.md §7 (policy waivers), simulator/policy/policy.ts (GateWaiver.remotePartyRoles)',
    skipped: 'a waiver covers requests of any RemotePartyRole',
  },
  'waiver-binding': {
    place: 'gate',
    codes: ['GATE_WAIVER_CONDITION'],
    rule: "a binding waiver passes only replacements owned by the MPxN's registered party",
    source: 'docs/proof.md (INV-CONVERGE), simulator/policy/policy.ts (requireReplacementOwner)',
    skipped: 'a binding waiver passes replacements of any owner',
  },
  'floor-bound': {
    place: 'gate',
    codes: ['GATE_WAIVER_CONDITION'],
    rule: 'a waiver with a floor bound passes no new floor above it',
    source: 'docs/proof.md (LIVE-CONTROL), simulator/policy/policy.ts (maxNewFloorSeqNumber)',
    skipped: 'a waived request may set any new floor',
  },
  placement: {
    place: 'gate',
    codes: ['GATE_PLACEMENT_NOT_REGISTERED_NO'],
    rule: "a covered supplier request places only the registered NO's certificates in the NO cells",
    source: 'docs/proof.md (INV-PLACE), simulator/policy/policy.ts (PlacementCheck)',
    skipped: 'a supplier may place any certificates in the NO cells',
  },
  'replacement-present': {
    place: 'replacement',
    codes: ['REPLACEMENT_NONE'],
    rule: 'a 6.15.1 / 6.21 carries at least one replacement certificate',
    source: 'GBCS CS02b (UpdateSecurityCredentials: replacements), DUIS 3.8.65',
    skipped: 'a request replacing nothing goes on to the owner check',
  },
  'replacement-profile': {
    place: 'replacement',
    codes: ['REPLACEMENT_PROFILE'],
    rule: 'each replacement fits the SMKI organisation certificate profile',
    source: 'GBCS 4.3.2 (organisation certificates), SMKI Organisation Certificate Policy (profile)',
    skipped: 'a certificate outside the profile goes on to the role check',
  },
  'replacement-role': {
    place: 'replacement',
    codes: ['REPLACEMENT_ROLE'],
    rule: "each replacement's remote party role (subject OU) is the target cell's role",
    source: 'GBCS CS02b processing (target cell role), GBCS 4.3.2',
    skipped: 'a certificate of another role goes into the cell',
  },
  'replacement-key-usage': {
    place: 'replacement',
    codes: ['REPLACEMENT_KEY_USAGE'],
    rule: "each replacement's key usage is the target cell's (DS or KA)",
    source: 'GBCS CS02b processing (target cell key usage), GBCS 4.3.2',
    skipped: 'a certificate of the other key usage goes into the cell',
  },
  'replacement-path': {
    place: 'replacement',
    codes: [
      'REPLACEMENT_PATH_UNKNOWN_ISSUER',
      'REPLACEMENT_PATH_BAD_SIGNATURE',
      'REPLACEMENT_PATH_EXPIRED',
      'REPLACEMENT_PATH_NOT_YET_VALID',
      'REPLACEMENT_PATH_REVOKED',
      'REPLACEMENT_PATH_INVALID',
    ],
    rule: 'each replacement has a valid certification path to the trust anchor, not revoked (time checks if asked)',
    source: 'GBCS CS02b (certification path validation), RFC 5280 6.1',
    skipped: 'no certification path is validated',
  },
  owner: {
    place: 'replacement',
    codes: ['REPLACEMENT_OWNER_MISMATCH'],
    rule: "the replacements share one owner and leave the role's DS and KA cells with one owner",
    source: 'GBCS CS02b processing (DS and KA of one remote party), docs/proof.md (INV-CERT)',
    skipped: 'DS and KA of different owners are accepted',
  },
  'handover-dcc-controlled': {
    place: 'replacement',
    codes: ['HANDOVER_NOT_DCC_CONTROLLED'],
    rule: 'a 6.21 hand-over replaces only cells the DCC (ACB) still controls',
    source: 'DUIS 3.8 (6.21 Request Handover of DCC Controlled Device)',
    skipped: 'a 6.21 may take over cells a user already holds',
  },
  'send-pending': {
    place: 'send',
    codes: ['SEND_NO_PRECOMMAND'],
    rule: 'a CV 5 Send answers a pre-command the DCC issued for the same RequestID',
    source: 'DUIS 3.4 (Critical Service Requests: Signed Pre-Command)',
    skipped: 'a Send with no pre-command is processed as the signed GBCS command it carries',
  },
  'send-fresh': {
    place: 'send',
    codes: ['SEND_PRECOMMAND_EXPIRED'],
    rule: 'the pre-command is still pending (within its time to live)',
    source: 'DUIS 3.4 (Critical Service Requests), simulator/dcc-state.ts (pendingTtlMs)',
    skipped: 'an expired pre-command is used',
  },
  'send-match': {
    place: 'send',
    codes: ['SEND_PRECOMMAND_MISMATCH'],
    rule: 'the signed command is exactly the pre-command the DCC issued',
    source: 'DUIS 3.4 (Critical Service Requests: the DCC checks the signed Pre-Command)',
    skipped: 'the signed bytes as received go on to authority; the issued request is applied',
  },
  'device-mac': {
    place: 'device',
    codes: ['DEVICE_MAC'],
    rule: "a SMETS2 device acts only on a command whose General-Ciphering MAC verifies (a wrapped command sent back at the Send, or the DCC's own wrapping under the SMETS2 model)",
    source: 'GBCS 4.3.3.3 (command MAC), GBCS 5.16',
    skipped: 'the device acts on the wrapped command without checking the MAC',
  },
  'authority-cell': {
    place: 'authority',
    codes: ['AUTHORITY_EMPTY_CELL'],
    rule: 'the authorising cell holds a usable certificate',
    source: 'GBCS 5.16 (Critical Command processing), GBCS CS02b (authorising remote party)',
    skipped:
      'a command to an empty authorising cell is trusted on first use (no signature or originator check)',
  },
  signature: {
    place: 'authority',
    codes: ['AUTHORITY_SIGNATURE'],
    rule: "the KRP signature verifies with the authorising cell's certificate",
    source: 'GBCS 5.16 (Critical Command processing), GBCS 4.3.1 (General-Signing)',
    skipped: 'no signature is verified',
  },
  originator: {
    place: 'authority',
    codes: ['AUTHORITY_ORIGINATOR'],
    rule: "the command's originator owns the authorising certificate",
    source: 'GBCS 5.16 (Critical Command processing: originator)',
    skipped: 'any originator is accepted with a verifying signature',
  },
  counter: {
    place: 'authority',
    codes: ['AUTHORITY_REPLAY'],
    rule: "the originator counter is above the role's last accepted counter",
    source: 'GBCS 4.3.1 (Originator Counter), GBCS 5.16 (anti-replay)',
    skipped: 'a counter at or below the last accepted one is accepted',
  },
  floor: {
    place: 'authority',
    codes: ['AUTHORITY_BELOW_FLOOR'],
    rule: "the originator counter is above the role's floor (RemotePartyFloorSeqNumber)",
    source: 'GBCS CS02b (RemotePartyFloorSeqNumber), GBCS 5.16',
    skipped: 'a counter at or below the floor is accepted',
  },
  'world-registration': {
    place: 'world',
    codes: [],
    rule: 'a registration move takes effect from its time',
    source: 'DUIS 3.2.4 (Registration Data), docs/domain.md (registration)',
    skipped: 'registration moves are ignored',
  },
  'world-registration-capacity': {
    place: 'world',
    codes: [],
    rule: 'only a party of that capacity (supplier, network operator) can be registered in it',
    source: 'DUIS 3.2.4 (Registration Data: supplier, network operator)',
    skipped: 'any DCC User is registered in any capacity',
  },
  'world-revocation': {
    place: 'world',
    codes: [],
    rule: 'a revocation takes effect at once (later path checks refuse the certificate)',
    source: 'RFC 5280 6.1.3 (revocation status), SMKI (certificate revocation list)',
    skipped: 'revocations are ignored',
  },
};

/** True unless `check` is in the disabled set. */
export function checkOn(disabled: ReadonlySet<PipelineCheck> | undefined, check: PipelineCheck): boolean {
  return disabled === undefined || !disabled.has(check);
}
