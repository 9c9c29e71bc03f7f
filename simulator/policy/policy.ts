import type { Srv } from '../duis';
import type { UserRole } from '../types';

/** The DUIS RemotePartyRole of a 6.15.1 request. */
export type KrpRemotePartyRole = 'Supplier' | 'NetworkOperator';

/**
 * One declared exception to the registration-data gate (E4). A request from a party that is not
 * the registered party passes the gate only if some waiver of the policy covers it; the verdict
 * names the waiver, so reports show every use of it.
 */
export interface GateWaiver {
  readonly id: string;
  readonly description: string;
  /** SRVs covered. */
  readonly srvs: readonly Srv[];
  /** Sender user roles covered. */
  readonly userRoles: readonly UserRole[];
  /** For 6.15.1: RemotePartyRole values covered (all when absent). */
  readonly remotePartyRoles?: readonly KrpRemotePartyRole[];
  /** Binding check: every replacement certificate must be owned by this registered party. */
  readonly requireReplacementOwner?: 'registered-network-operator' | 'registered-supplier';
  /** Binding check: the new floor set for the replaced role may not exceed this (keeps the new owner able to send). */
  readonly maxNewFloorSeqNumber?: number;
}

/**
 * A validation policy, as data: which requests are exempt from the registration gate, and who
 * performs the authority stage (the DCC on behalf of a SMETS1 device, or the device itself).
 * @see DESIGN.md §4
 */
export interface Policy {
  readonly name: string;
  readonly description: string;
  readonly waivers: readonly GateWaiver[];
  /** `dcc`: the DCC checks authority for SMETS1 devices; `device`: every device checks itself (SMETS2 semantics). */
  readonly authority: 'dcc' | 'device';
}

/** The Critical SRVs modelled here. */
export const CRITICAL_SRVS: readonly Srv[] = ['6.15.1', '7.1', '7.2'];

const ALL_SENDERS: readonly UserRole[] = ['IS', 'GS', 'ED', 'GT'];

/** Today's SMETS1 rule: the registration gate applies to every request. The deadlock exists. */
export const legacyPolicy: Policy = {
  name: 'legacy',
  description: "Today's SMETS1 rule: the registration-data check (E4) applies to every request.",
  waivers: [],
  authority: 'dcc',
};

/** The proposer's suggestion: no registration gate for any SMETS1 Critical Command (like SMETS2). */
export const relaxedPolicy: Policy = {
  name: 'relaxed',
  description: 'No registration-data check for any Critical Command (6.15.1, 7.1, 7.2), as on SMETS2.',
  waivers: [
    {
      id: 'critical-commands',
      description: 'Any eligible user may send any Critical Command; the trust-anchor cell decides.',
      srvs: CRITICAL_SRVS,
      userRoles: ALL_SENDERS,
    },
  ],
  authority: 'dcc',
};

/** Gate off only for 6.15.1 Update Security Credentials (KRP). */
export const relaxed6151Policy: Policy = {
  name: 'relaxed-6151',
  description: 'No registration-data check for SRV 6.15.1 only; every other request is still gated.',
  waivers: [
    {
      id: 'srv-6.15.1',
      description: 'Any eligible user may send 6.15.1; the trust-anchor cell decides.',
      srvs: ['6.15.1'],
      userRoles: ALL_SENDERS,
    },
  ],
  authority: 'dcc',
};

/** Gate off only for an NO's 6.15.1 that installs the registered NO's own certificates. */
export const correctivePolicy: Policy = {
  name: 'corrective',
  description:
    'No registration-data check only for 6.15.1 with RemotePartyRole NetworkOperator whose replacement certificates all belong to the registered NO.',
  waivers: [
    {
      id: 'no-correction-to-registered-no',
      description: 'A network operator may hand an NO cell over, but only to the registered NO.',
      srvs: ['6.15.1'],
      userRoles: ['ED', 'GT'],
      remotePartyRoles: ['NetworkOperator'],
      requireReplacementOwner: 'registered-network-operator',
      maxNewFloorSeqNumber: 0,
    },
  ],
  authority: 'dcc',
};

/** Control case: SMETS2 semantics (the device checks authority; no gate on Critical Commands). */
export const smets2Policy: Policy = {
  name: 'smets2',
  description: 'Control: SMETS2 semantics; the device checks authority and Critical Commands are not gated.',
  waivers: [
    {
      id: 'smets2-critical',
      description: 'SMETS2: Critical Commands are not checked against Registration Data.',
      srvs: CRITICAL_SRVS,
      userRoles: ALL_SENDERS,
    },
  ],
  authority: 'device',
};

/** The named presets, in report order. */
export const PRESET_POLICIES: readonly Policy[] = [
  legacyPolicy,
  relaxedPolicy,
  relaxed6151Policy,
  correctivePolicy,
  smets2Policy,
];
