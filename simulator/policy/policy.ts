import type { Srv } from '../duis';
import type { DeviceType, UserRole } from '../types';
import { CRITICAL_SRVS } from '../pipeline/srv-registry';

import type { KrpRemotePartyRole } from '../pipeline/request';

export type { KrpRemotePartyRole };

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
 * A placement check (prevention): a request of the covered SRVs, sender roles and device types
 * that places certificates in the network-operator cells must place only certificates owned by the
 * NO registered for the meter at the request time. It repairs nothing; it stops new misplacement.
 * @see docs/proof.md (INV-PLACE)
 */
export interface PlacementCheck {
  readonly id: string;
  readonly description: string;
  /** SRVs covered (6.15.1 with RemotePartyRole NetworkOperator, 6.21). */
  readonly srvs: readonly Srv[];
  /** Sender user roles covered (the suppliers that install meters). */
  readonly userRoles: readonly UserRole[];
  /** Device types covered. */
  readonly deviceTypes: readonly DeviceType[];
}

/**
 * A validation policy, as data: which requests are exempt from the registration gate, and who
 * performs the authority stage (the DCC on behalf of a SMETS1 device, or the device itself).
 * @see docs/domain.md §7, docs/architecture.md (The pipeline)
 */
export interface Policy {
  readonly name: string;
  readonly description: string;
  readonly waivers: readonly GateWaiver[];
  /** The preset this policy adds checks to: scenarios without an expectation for it expect that preset's verdicts. */
  readonly extends?: string;
  /** Placement checks run after the gate (absent: none). */
  readonly placementChecks?: readonly PlacementCheck[];
  /** `dcc`: the DCC checks authority for SMETS1 devices; `device`: every device checks itself (SMETS2 semantics). */
  readonly authority: 'dcc' | 'device';
}

export { CRITICAL_SRVS };

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

/**
 * The withdrawn industry proposal's check: a supplier's 6.15.1 (ESME) or 6.21 hand-over (ESME,
 * and the gas side, GSME/GPF) may only place the registered NO's certificates in the NO cells.
 */
export const REGISTERED_NO_PLACEMENT: readonly PlacementCheck[] = [
  {
    id: 'placement-6.15.1',
    description: "A supplier's 6.15.1 may only place the registered NO's certificates in the NO cells.",
    srvs: ['6.15.1'],
    userRoles: ['IS', 'GS'],
    deviceTypes: ['ESME'],
  },
  {
    id: 'placement-6.21',
    description: "A 6.21 hand-over may only place the registered NO's certificates in the NO cells.",
    srvs: ['6.21'],
    userRoles: ['IS', 'GS'],
    deviceTypes: ['ESME', 'GSME', 'GPF'],
  },
];

/** Prevention only: today's gate plus the placement check (stops new misplacement, repairs none). */
export const preventPolicy: Policy = {
  name: 'prevent',
  description:
    "Legacy plus the placement check: a supplier's 6.15.1 / 6.21 may only place the registered NO's certificates.",
  waivers: [],
  extends: 'legacy',
  placementChecks: REGISTERED_NO_PLACEMENT,
  authority: 'dcc',
};

/** Cure and prevention: the corrective waiver plus the placement check. */
export const preventCorrectivePolicy: Policy = {
  name: 'prevent-corrective',
  description:
    'Corrective (NO hand-over to the registered NO) plus the placement check for supplier installations.',
  waivers: correctivePolicy.waivers,
  extends: 'corrective',
  placementChecks: REGISTERED_NO_PLACEMENT,
  authority: 'dcc',
};

/** The named presets, in report order. */
export const PRESET_POLICIES: readonly Policy[] = [
  legacyPolicy,
  relaxedPolicy,
  relaxed6151Policy,
  correctivePolicy,
  smets2Policy,
  preventPolicy,
  preventCorrectivePolicy,
];
