import type { RequestId } from './request-id';

/** The Service Reference Variants this codec understands, in a stable order (the one list). */
export const SRVS = ['6.15.1', '6.15.2', '6.21', '6.24.1', '7.1', '7.2'] as const;
/** One Service Reference Variant of `SRVS`. */
export type Srv = (typeof SRVS)[number];

/** A DUIS RemotePartyRole token (Supplier, NetworkOperator, LoadController, ...). */
export type DuisRemotePartyRole = 'Supplier' | 'NetworkOperator' | 'LoadController' | (string & {});

/** Replacement certificates (DER) of a KRP credentials update or handover. */
export interface DuisReplacementCertificates {
  ds?: Uint8Array;
  ka?: Uint8Array;
  kaTopUp?: Uint8Array;
}

/**
 * Typed DUIS request bodies, one per body element. 6.15.1 "cancellation" templates carry an ordinary
 * UpdateSecurityCredentialsKRP with a far-future ExecutionDateTime (there is no separate element).
 * @see DUIS 3.8 (Service Request bodies)
 */
export type DuisBody =
  | {
      kind: 'UpdateSecurityCredentialsKRP';
      executionDateTime?: Date;
      remotePartyRole: DuisRemotePartyRole;
      floorSeqNumber?: bigint;
      prepaymentTopUpFloorSeqNumber?: bigint;
      replacements: DuisReplacementCertificates;
      certificationPath: Uint8Array[];
      applyTimeBasedCpvChecks: boolean;
    }
  | { kind: 'UpdateSecurityCredentialsDevice'; deviceCertificate: Uint8Array }
  | {
      kind: 'RequestHandoverOfDCCControlledDevice';
      remotePartyRole: DuisRemotePartyRole;
      floorSeqNumber?: bigint;
      prepaymentTopUpFloorSeqNumber?: bigint;
      replacements: DuisReplacementCertificates;
      certificationPath: Uint8Array[];
      applyTimeBasedCpvChecks: boolean;
    }
  | { kind: 'RetrieveDeviceSecurityCredentialsKRP'; remotePartyRoles: string[] }
  | { kind: 'EnableSupply'; executionDateTime?: Date }
  | { kind: 'DisableSupply'; executionDateTime?: Date }
  | { kind: 'SignedPreCommand'; gbcsPayload: Uint8Array };

/** A parsed DUIS service request (the XML signature is not part of the value). */
export interface DuisRequest {
  requestId: RequestId;
  commandVariant: number;
  /** e.g. `6.15` */
  serviceReference: string;
  serviceReferenceVariant: Srv;
  body: DuisBody;
}

/** DUIS response codes used by the project (any other code string is carried through). @see DUIS 3.5 */
export type DuisResponseCode =
  | 'I0'
  | 'I99'
  | 'E1'
  | 'E2'
  | 'E3'
  | 'E4'
  | 'E5'
  | 'E11'
  | 'E12'
  | 'E19'
  | 'E20'
  | 'E21'
  | 'E30'
  | 'E061501'
  | 'E061504'
  | 'E061505'
  | 'E061506'
  | 'E061507'
  | 'E061508'
  | 'E061509'
  | (string & {});

/** A DUIS response body: the Pre-Command (CV 4) or a GBCS payload. */
export type DuisResponseBody =
  | { kind: 'PreCommand'; gbcsPayload: Uint8Array; gbcsVersion?: string }
  | { kind: 'GBCSPayload'; gbcsPayload: Uint8Array };

/** A DUIS response (acknowledgement, Pre-Command or GBCS payload). */
export interface DuisResponse {
  requestId: RequestId;
  responseId?: RequestId;
  responseCode: DuisResponseCode;
  responseDateTime: Date;
  serviceReference?: string;
  serviceReferenceVariant?: string;
  body?: DuisResponseBody;
}

/** The Service Reference of each supported variant. */
export const SERVICE_REFERENCE: Readonly<Record<Srv, string>> = {
  '6.15.1': '6.15',
  '6.15.2': '6.15',
  '6.21': '6.21',
  '6.24.1': '6.24',
  '7.1': '7.1',
  '7.2': '7.2',
};

/** The body element each supported variant carries for a non-signed request. */
export const BODY_ELEMENT: Readonly<Record<Srv, DuisBody['kind']>> = {
  '6.15.1': 'UpdateSecurityCredentialsKRP',
  '6.15.2': 'UpdateSecurityCredentialsDevice',
  '6.21': 'RequestHandoverOfDCCControlledDevice',
  '6.24.1': 'RetrieveDeviceSecurityCredentialsKRP',
  '7.1': 'EnableSupply',
  '7.2': 'DisableSupply',
};
