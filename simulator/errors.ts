import { CodedError } from '../certs';

/** Stable codes for simulator errors: broken input files and misuse (domain refusals are verdicts). */
export type SimulatorErrorCode =
  | 'ERR_MPAN_FORMAT'
  | 'ERR_MPAN_CHECK_DIGIT'
  | 'ERR_MPRN_FORMAT'
  | 'ERR_WORLD_SCHEMA'
  | 'ERR_WORLD_REFERENCE'
  | 'ERR_WORLD_JSON'
  | 'ERR_POLICY_SCHEMA'
  | 'ERR_POLICY_UNKNOWN'
  | 'ERR_POLICY_JSON'
  | 'ERR_DEVICE_UNKNOWN'
  | 'ERR_SIGNER_MISSING'
  | 'ERR_STATE_CONSUMED'
  | 'ERR_WORLD_EVENT';

/** The one error class of the simulator layer. */
export class SimulatorError extends CodedError<SimulatorErrorCode> {
  override readonly name = 'SimulatorError';
}
