import type { CellId } from '../../certs/roles';

/**
 * GBCS credentialsReplacementMode values; the CS02b message code is 0x0100 + mode.
 * @see GBCS 13.3.2.5 (Update Security Credentials), docs/gbcs-bytes.md
 */
export const CredentialsReplacementMode = {
  rootBySupplier: 0,
  rootByWanProvider: 1,
  supplierBySupplier: 2,
  networkOperatorByNetworkOperator: 3,
  accessControlBrokerByACB: 4,
  wanProviderByWanProvider: 5,
  transCoSByTransCoS: 6,
  supplierByTransCoS: 7,
  anyExceptAbnormalRootByRecovery: 8,
  anyByContingency: 9,
  loadControllerBySupplier: 11,
} as const;

/** A credentialsReplacementMode name. */
export type CredentialsReplacementModeName = keyof typeof CredentialsReplacementMode;

const REPLACEMENT_MODES: ReadonlySet<number> = new Set(Object.values(CredentialsReplacementMode));

/** True when `mode` is one of the GBCS credentialsReplacementMode values. */
export function isCredentialsReplacementMode(mode: number): boolean {
  return REPLACEMENT_MODES.has(mode);
}

/**
 * The UpdateSecurityCredentials command content.
 * `specialistFloors` models [5] and `otherSeqChanges` models [6], each as SEQUENCE OF SEQUENCE { role INTEGER, value INTEGER }
 * (assumption: the GBCS type of these optional fields is not in the project's domain notes).
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md
 */
export interface UpdateSecurityCredentials {
  mode: number;
  plainTextSymmetricKey?: Uint8Array;
  /** Undefined = field absent = apply. */
  applyTimeBasedCpvChecks?: 'apply' | 'disapply';
  /** Required on the wire; encoders refuse a value without it. */
  authorisingCell?: CellId;
  /** Required on the wire; equals the originator counter of the carrying APDU. */
  authorisingSeqNumber?: bigint;
  newFloorSeqNumber?: bigint;
  specialistFloors?: { role: number; floor: bigint }[];
  otherSeqChanges?: { role: number; seq: bigint }[];
  replacements: { certificate: Uint8Array; targetCell: CellId }[];
  certificationPath: Uint8Array[];
  /** Whole seconds (GeneralizedTime YYYYMMDDHHMMSSZ). */
  executionDateTime?: Date;
}

/**
 * Per-cell status codes of the UpdateSecurityCredentials response.
 * @see GBCS 13.3.2.5 (TrustAnchorReplacementOutcome)
 */
export const TrustAnchorStatus = {
  success: 0,
  badCertificate: 5,
  noTrustAnchor: 10,
  insufficientMemory: 17,
  trustAnchorNotFound: 25,
  resourcesBusy: 30,
  other: 127,
} as const;

/** Outcome of one target cell; the subject IDs are the 8-byte EUI, key IDs the 8-byte SKI. */
export interface ReplacementOutcome {
  cell: CellId;
  status: number;
  existingSubjectUniqueId?: Uint8Array;
  existingSubjectKeyId?: Uint8Array;
  replacingSubjectUniqueId?: Uint8Array;
  replacingSubjectKeyId?: Uint8Array;
}

/** The executionOutcome of an UpdateSecurityCredentials response (commandAccepted is implied). */
export interface UscResponse {
  authorisingSeqNumber: bigint;
  mode: number;
  seqNumberChanges: { role: number; seq: bigint }[];
  outcomes: ReplacementOutcome[];
}

/** Largest sequence number (unsigned 64-bit). */
export const MAX_SEQ = (1n << 64n) - 1n;
