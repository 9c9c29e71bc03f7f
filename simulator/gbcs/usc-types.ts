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
 * A specialist floor sequence number: SpecialistSeqNumber ::= SEQUENCE { seqNumberUsage INTEGER
 * { prepaymentTopUp (0) }, seqNumber INTEGER }.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md (CS02b)
 */
export interface SpecialistSeqNumber {
  usage: number;
  seq: bigint;
}

/**
 * A remote-party sequence-number change: RemotePartySeqNumberChange ::= SEQUENCE { remotePartyRole,
 * floorSeqNumber, specialistFloorSeqNumbers SEQUENCE OF SpecialistSeqNumber OPTIONAL }. RTDS carries
 * the specialist list (`30 08 30 06 02 01 00 02 01 00`) in commands ([6]) and responses.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md (CS02b)
 */
export interface SeqNumberChange {
  role: number;
  seq: bigint;
  specialistFloors?: SpecialistSeqNumber[];
}

/**
 * The UpdateSecurityCredentials command content: [5] newRemotePartySpecialistFloorSeqNumber is a
 * SEQUENCE OF SpecialistSeqNumber, [6] otherRemotePartySeqNumberChanges a SEQUENCE OF
 * RemotePartySeqNumberChange.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md
 */
export interface UpdateSecurityCredentials {
  mode: number;
  plainTextSymmetricKey?: Uint8Array;
  /** Undefined = field absent = apply. */
  applyTimeBasedCpvChecks?: 'apply' | 'disapply';
  /** [2] OPTIONAL: absent in the ACB's own command (SRV 8.5, accessControlBrokerByACB) as RTDS has it. */
  authorisingCell?: CellId;
  /** Required on the wire; equals the originator counter of the carrying APDU. */
  authorisingSeqNumber?: bigint;
  newFloorSeqNumber?: bigint;
  specialistFloors?: SpecialistSeqNumber[];
  otherSeqChanges?: SeqNumberChange[];
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
  seqNumberChanges: SeqNumberChange[];
  outcomes: ReplacementOutcome[];
}

/**
 * An UpdateSecurityCredentials response as any form carries it: SEQUENCE { commandAccepted NULL,
 * executionOutcome OPTIONAL }. Cancellation and future-dated responses hold only commandAccepted.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md (CS02b response)
 */
export interface Cs02bResponse {
  executionOutcome?: UscResponse;
}

/**
 * The CS02b alert (message code 0x00CB, the Future Dated Update Security Credentials alert):
 * SEQUENCE { alertCode INTEGER, executionDateTime GeneralizedTime, executionOutcome }.
 * @see GBCS 13.3.2.5, docs/gbcs-bytes.md (CS02b alert)
 */
export interface Cs02bAlert {
  alertCode: number;
  executionDateTime: Date;
  executionOutcome: UscResponse;
}

/** Largest sequence number (unsigned 64-bit). */
export const MAX_SEQ = (1n << 64n) - 1n;
