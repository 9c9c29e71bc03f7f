/**
 * The DeviceUnderTest port, the reference implementation behind it (in-process) and the wire
 * contract that the HTTP clients (harness/conformance) and the servers (harness/serve) share.
 */
export type {
  DeviceUnderTest,
  DutRequest,
  DutResponse,
  DutCellOutcome,
  ProvisionOptions,
  WorldEvent,
} from './port';
export {
  createInProcessDut,
  verdictToResponse,
  NotProvisionedError,
  DutInputError,
  type DutInputErrorCode,
} from './in-process';
export {
  DutTransportError,
  HttpError,
  isDutTimeout,
  type DutTransportErrorCode,
  type HttpErrorCode,
} from './http-errors';
export { DEFAULT_BODY_LIMIT } from './http-body';
export {
  SESSION_HEADER,
  DEFAULT_SESSION,
  PROVISION_BODY_SCHEMA,
  REQUEST_BODY_SCHEMA,
  WORLD_EVENT_SCHEMA,
  DUT_RESPONSE_SCHEMA,
  DEVICE_SNAPSHOT_SCHEMA,
} from './http-schemas';
