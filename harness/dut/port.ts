import type { DeviceSnapshot, Policy, UserRole, WorldSpec } from '../../simulator';

/** A change to the world between requests (registration moves, revocations). */
export type WorldEvent =
  | {
      readonly kind: 'registration';
      readonly mpxn: string;
      readonly capacity: 'supplier' | 'networkOperator';
      /** The new registered party (EUI, hyphenated or compact). */
      readonly userId: string;
      /** ISO 8601 instant the change takes effect. */
      readonly at: string;
    }
  | { readonly kind: 'revoke'; readonly certificateId: string };

/** One DUIS request sent to the implementation under test. */
export interface DutRequest {
  /** The DUIS XML request (CV 1, 4 or 5). */
  readonly xml: string;
  /** The user role the sender acts in (DUIS carries it outside the body). */
  readonly userRole?: UserRole;
  /** ISO 8601 request time. */
  readonly at: string;
}

/** The implementation's answer to one request. */
export interface DutResponse {
  readonly outcome: 'accepted' | 'rejected';
  /** DUIS response code (I0, E4, E061507, ...). */
  readonly duisCode: string;
  /** The reference refusal code (a RefusalCode) when the implementation reports one (optional for third parties). */
  readonly code?: string;
  /** The pipeline stage (a Stage) that refused, when reported. */
  readonly stage?: string;
  /** Waiver id used to pass the registration gate, if any. */
  readonly waiver?: string;
  /** CV 4: the unsigned GBCS pre-command, hex. */
  readonly preCommand?: string;
  readonly detail?: string;
}

/** How to provision the implementation: the world, and for the reference simulator a policy. */
export interface ProvisionOptions {
  readonly world: WorldSpec;
  /** A preset name or policy object; implementations with a fixed policy may ignore it. */
  readonly policy?: string | Policy;
}

/**
 * The port every implementation under test is driven through: the in-process reference and the
 * HTTP adapter implement it, so one conformance suite runs against either (STYLE §11).
 */
export interface DeviceUnderTest {
  readonly name: string;
  provision(options: ProvisionOptions): Promise<void>;
  submit(request: DutRequest): Promise<DutResponse>;
  apply(event: WorldEvent): Promise<void>;
  inspect(deviceId: string): Promise<DeviceSnapshot | undefined>;
  reset(): Promise<void>;
  close(): Promise<void>;
}
