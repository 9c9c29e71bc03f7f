import type { CertDefect, KeyUsage } from '../../certs';
import type { MeterLayout, UserRole } from '../../simulator';

/** A party of the scenario's PKI named by its name, e.g. `NO-A`, `SUP-1`, `ZAZ1-NO`. */
export type PartyName = string;

/**
 * A certificate reference: a party's own certificate, or a variant issued deterministically
 * (seed + `label`) with defects, validity, issuer, role, key-usage or owner overrides.
 * @see GBCS 4.3.2 (organisation certificates), docs/domain.md §4
 */
export interface CertRef {
  /** The party whose certificate (or whose key, for a variant) it is. */
  readonly party: PartyName;
  /** The certificate's key usage; defaults to the slot it is used in (DS cell -> DS). */
  readonly keyUsage?: KeyUsage;
  /** Issue a variant: a stable label (the deterministic key is the seed + this label). */
  readonly label?: string;
  readonly defects?: readonly CertDefect[];
  /** Validity overrides, ISO 8601 (e.g. an expired or a not-yet-valid certificate). */
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** `foreign`: issued by a second CA that does not chain to the trust anchor. */
  readonly issuer?: 'ca' | 'foreign';
  /** Role code written in the subject OU (e.g. 2 on an NO certificate: wrong role OU). */
  readonly role?: number;
  /** Key usage written in the certificate when it differs from the slot (key usage swapped). */
  readonly issuedKeyUsage?: KeyUsage;
  /** Owner (subject EUI) override: a certificate for another party. */
  readonly owner?: PartyName;
}

/** A certificate reference as written: a party name (its own certificate for the slot) or a CertRef. */
export type CertRefInput = PartyName | CertRef;

/** A certification path element: the organisation CA, the foreign CA, the root, the world's trust anchor, or a certificate. */
export type PathElement = 'ca' | 'foreign-ca' | 'root' | 'anchor' | CertRef;

/**
 * One meter of a scenario world: the simulator's `MeterLayout` (simulator/world/compose.ts, where
 * its fields are described) under a name steps use, with the EUI and MPxN optional (derived from
 * the meter's index and area). Party names resolve against the scenario's PKI.
 */
export interface ScenarioMeter extends Omit<MeterLayout, 'deviceId' | 'mpxn'> {
  /** Name steps use for the meter, e.g. `M1`. */
  readonly name: string;
  /** EUI-64, hyphenated; defaults to a stable EUI from the meter's index. */
  readonly deviceId?: MeterLayout['deviceId'];
  /** Electricity distribution area (10..23 or an IDNO id); the MPAN is built from it. */
  readonly area?: number;
  /** Explicit MPxN (13-digit MPAN core or an MPRN); overrides `area`. */
  readonly mpxn?: MeterLayout['mpxn'];
}

/** An extra party issued into the scenario's PKI besides the reference parties. */
export interface ExtraParty {
  readonly name: PartyName;
  /** EUI-64 (hyphenated or compact). */
  readonly eui: string;
  /** Remote party role code: 2 supplier, 3 network operator. */
  readonly role: 2 | 3;
}

/** The world of a scenario: a compact layout composed over the reference PKI (or another seed). */
export interface ScenarioWorld {
  /** PKI seed; default the reference seed. */
  readonly pkiSeed?: string;
  /**
   * `zaz1`: add the real ZAZ1 NO and suppliers and use the Z1 CA as trust anchor; `dcc-boxed`: the
   * ZAZ1 parties only (the ZAZ1 ACB in the ACB cell), the Z1 CA, and the DCC's General-Ciphering of
   * SMETS2 traffic under every policy (DCC Boxed's stock world, harness/scenario/dcc-boxed.ts).
   */
  readonly material?: 'generated' | 'zaz1' | 'dcc-boxed';
  readonly extraParties?: readonly ExtraParty[];
  /** Network operators and their areas; default the reference NOs (NO-A..NO-D, GT-G). */
  readonly networkOperators?: readonly {
    readonly name: PartyName;
    readonly distributorIds?: readonly number[];
    readonly gas?: boolean;
    readonly status?: 'active' | 'suspended';
  }[];
  /** Suppliers; default SUP-1 and SUP-2. */
  readonly suppliers?: readonly {
    readonly name: PartyName;
    readonly userRoles?: readonly ('IS' | 'GS')[];
    readonly status?: 'active' | 'suspended';
  }[];
  readonly meters: readonly ScenarioMeter[];
  /** Certificates revoked from the start. */
  readonly revoked?: readonly CertRef[];
  readonly settings?: { readonly checkMpanDigit?: boolean; readonly resetCounterOnChangeOfControl?: boolean };
}

/** The expected result of one step. */
export type StepExpectation =
  | { readonly outcome: 'accepted' }
  | {
      readonly outcome: 'rejected';
      /** One of the simulator's REFUSAL_CODES. */
      readonly code?: string;
      readonly duisCode?: string;
      /** The pipeline stage that refused (a Stage). */
      readonly stage?: string;
      /** The phase of a Critical request that refused: its Transform (CV 4) or its Send (CV 5). */
      readonly phase?: 'transform' | 'send';
    };

/** Alternatives where the domain allows several correct answers: any one of them passes the step. */
export interface OneOfExpectation {
  /** 2 to 8 distinct plain expectations (never nested). */
  readonly oneOf: readonly StepExpectation[];
}

/** A step's expectation as written: one expectation, or alternatives. */
export type ExpectationInput = StepExpectation | OneOfExpectation;

/** Expectations keyed by policy name, `*` for every policy not named. */
export type PerPolicy<T> = Readonly<Record<string, T>>;

/**
 * Who signs the pre-command of a Critical request: a party name (its DS key), a party's key of a
 * given usage, `forged` (a key in no cell) or `none` (sent back unsigned).
 */
export type SignerRef = PartyName | { readonly party: PartyName; readonly keyUsage: KeyUsage };

/** The SRVs a scenario can send. */
export type ScenarioSrv = '6.15.1' | '6.21' | '6.24.1' | '7.1' | '7.2';

/** Whether the implementation should apply a world change given as a step, or refuse it as bad input. */
export type WorldChangeExpectation = 'applied' | 'refused';

/** A registration move or a revocation, as a step or between Transform and Send. */
export type WorldChangeStep =
  | {
      readonly kind: 'register';
      /** Meter name whose MPxN moves (or `mpxn`). */
      readonly device?: string;
      readonly mpxn?: string;
      readonly capacity: 'supplier' | 'networkOperator';
      readonly party: PartyName;
      readonly at: string;
      /** As a step: applied (default) or refused (e.g. a party registered in a capacity it does not have). */
      readonly expect?: WorldChangeExpectation;
    }
  | { readonly kind: 'revoke'; readonly certificate: CertRef; readonly expect?: WorldChangeExpectation };

/** A DUIS request step: CV 1 for non-critical SRVs, CV 4 then signed CV 5 for critical ones. */
export interface RequestStep {
  readonly kind: 'request';
  readonly actor: PartyName;
  readonly userRole?: UserRole;
  readonly srv: ScenarioSrv;
  /** Meter name, or a literal hyphenated EUI (an unknown device). */
  readonly device: string;
  /** Originator counter: an integer, or a decimal string for values above 2^53 - 1. */
  readonly counter: number | string;
  readonly remotePartyRole?: 'Supplier' | 'NetworkOperator';
  /** 6.15.1 / 6.21 replacements: a party name (its DS and KA), or per key usage. */
  readonly replacements?: PartyName | { readonly ds?: CertRefInput; readonly ka?: CertRefInput };
  /** Certification path; default `["ca"]`. */
  readonly path?: readonly PathElement[];
  /** New floor (RemotePartyFloorSeqNumber): an integer, or a decimal string above 2^53 - 1. */
  readonly floor?: number | string;
  readonly applyTimeBasedCpvChecks?: boolean;
  /** Request time; default the scenario's `at`. */
  readonly at?: string;
  /** Signer of the pre-command; default the actor's DS key. */
  readonly signer?: SignerRef;
  /**
   * Given signed GBCS bytes (hex), sent as the CV 5 payload as they are instead of the signed
   * pre-command (a provider's own signer output, or bytes from a real DCC); `signer` is then unused.
   */
  readonly gbcs?: string;
  /** World changes applied after Transform and before Send. */
  readonly between?: readonly WorldChangeStep[];
  /**
   * Submit the request once with this command variant instead of the SRV's own flow (CV 1 for a
   * Critical SRV, CV 4 for a non-critical one): the answer is the step's.
   */
  readonly commandVariant?: 1 | 4;
  /**
   * A Send that does not answer the issued pre-command: `signed-counter` signs the pre-command with
   * its originator counter raised by one (the signed command is not the one issued); `request-id`
   * sends the signed pre-command under a RequestID whose counter is one above the Transform's (no
   * pre-command was issued for it); `mac` sends the signed pre-command wrapped in General-Ciphering
   * as the ACB would deliver it to the device, its MAC corrupted (a SMETS2 device refuses it).
   */
  readonly tamper?: 'signed-counter' | 'request-id' | 'mac';
  /** Time of the Send (CV 5); default the step's time. */
  readonly sendAt?: string;
  readonly expect: PerPolicy<ExpectationInput>;
}

/** Send again the signed pre-command of an earlier request step (after a fresh Transform). */
export interface ReplayStep {
  readonly kind: 'replay';
  /** Index of the earlier request step. */
  readonly of: number;
  readonly at?: string;
  readonly expect: PerPolicy<ExpectationInput>;
}

/** One step of a scenario. */
export type ScenarioStep = RequestStep | ReplayStep | WorldChangeStep;

/** A remote party role whose counter record a scenario may expect (GBCS role 2 or 3). */
export type CounterRole = 'Supplier' | 'NetworkOperator';

/** The expected counter record of one role: last accepted originator counter and floor (integers or decimal strings). */
export interface FinalCounter {
  readonly last?: number | string;
  readonly floor?: number | string;
}

/** An exact certificate: a certificate reference resolved over the scenario's PKI, or a literal certificate ID (`serial@issuer`). */
export type FinalCertificate = CertRefInput | { readonly certificateId: string };

/** The four trust-anchor cells a scenario names. */
export type FinalCellName = 'noDs' | 'noKa' | 'supplierDs' | 'supplierKa';

/**
 * Expected final state of one meter: cell owners by party name, the exact certificate per cell,
 * the counter record per role, and the supply state.
 */
export interface FinalCells {
  readonly noDs?: PartyName;
  readonly noKa?: PartyName;
  readonly supplierDs?: PartyName;
  readonly supplierKa?: PartyName;
  readonly supply?: 'enabled' | 'disabled';
  /** Per role: the last accepted originator counter and the floor (a role never heard from has 0 and 0). */
  readonly counters?: Partial<Readonly<Record<CounterRole, FinalCounter>>>;
  /** Per cell: the exact certificate installed (compared by certificate ID). */
  readonly certificates?: Partial<Readonly<Record<FinalCellName, FinalCertificate>>>;
}

/** A scenario: a world, steps, the expected verdict per policy per step, expected final cells. */
export interface Scenario {
  /** Stable id, e.g. `KRP-MIS-001`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly specRefs: readonly string[];
  /** Default request time (ISO 8601); default 2024-06-01T12:00:00Z. */
  readonly at?: string;
  readonly world: ScenarioWorld;
  readonly steps: readonly ScenarioStep[];
  /** Per policy (or `*`): meter name -> expected final cells. */
  readonly expectFinal?: PerPolicy<Readonly<Record<string, FinalCells>>>;
  /** Names of policies other than the presets that its expectations name (e.g. a policy file's name). */
  readonly customPolicies?: readonly string[];
}

/** A family: one template expanded over parameter values (ids and texts use `{name}` placeholders). */
export interface ScenarioFamily {
  readonly family: string;
  /** Id pattern, e.g. `KRP-AREA-{from}-{to}`. */
  readonly idPattern: string;
  /** Parameter name -> values; the cases are the cartesian product. */
  readonly parameters: Readonly<Record<string, readonly (string | number)[]>>;
  /** Parameters whose values must all differ in a case (e.g. ordered pairs of distinct areas). */
  readonly distinct?: readonly string[];
  readonly template: Omit<Scenario, 'id'>;
}

/** A loaded scenario with the file it came from; `skip` explains why it cannot run here. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  readonly skip?: string;
  /** The family it was expanded from (e.g. `KRP-AREA`), for a family case. */
  readonly family?: string;
}

/** The scenario manifest: the catalogue's files, in order. */
export interface ScenarioManifest {
  readonly files: readonly string[];
}
