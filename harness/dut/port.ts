import { CodedError } from '../../certs';
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
  /** An applied replacement: the device's GBCS response APDU, hex (docs/gbcs-bytes.md). */
  readonly response?: string;
  /** An applied replacement: the outcome of each target cell. */
  readonly outcomes?: readonly DutCellOutcome[];
  readonly detail?: string;
}

/** The outcome of one target cell of an applied replacement. */
export interface DutCellOutcome {
  /** `role/keyUsage/cellUsage`, e.g. `3/DS/management`. */
  readonly cell: string;
  /** GBCS status (0 success). */
  readonly status: number;
  /** Subject EUI (hyphenated or compact) of the certificate replaced, null when none or not an organisation's. */
  readonly previousOwner: string | null;
  readonly newOwner: string | null;
  /** Certificate ID (issuer + serial) of the installed certificate. */
  readonly certificateId: string;
}

/** How to provision the implementation: the world, and for the reference simulator a policy. */
export interface ProvisionOptions {
  readonly world: WorldSpec;
  /** The policy to run (the reference); implementations with a fixed policy may ignore it. */
  readonly policy?: Policy;
}

/**
 * The port every implementation under test is driven through: the in-process reference and the
 * HTTP adapter implement it, so one conformance suite runs against either (docs/architecture.md, Ports).
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

/** Codes of DutTransportError: why the harness could not get a usable answer from an HTTP implementation. */
export type DutTransportErrorCode =
  | 'ERR_DUT_NETWORK'
  | 'ERR_DUT_TIMEOUT'
  | 'ERR_DUT_HTTP_STATUS'
  | 'ERR_DUT_MALFORMED'
  | 'ERR_DUT_TOO_LARGE'
  | 'ERR_DUT_REDIRECT';

/**
 * A failure of the transport to an implementation under test (not a domain refusal): the runner
 * reports ERR_DUT_TIMEOUT as HANG and every other code as HARNESS_ERROR, with this message as cause.
 */
export class DutTransportError extends CodedError<DutTransportErrorCode> {
  override readonly name = 'DutTransportError';
  constructor(
    code: DutTransportErrorCode,
    message: string,
    /** The HTTP status, when a response arrived. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** True when `err` is a DutTransportError for a request that timed out (the runner reports it as HANG). */
export function isDutTimeout(err: unknown): boolean {
  return err instanceof DutTransportError && err.code === 'ERR_DUT_TIMEOUT';
}
