/** The DeviceUnderTest port and its adapters. */
export type { DeviceUnderTest, DutRequest, DutResponse, ProvisionOptions, WorldEvent } from './port';
export {
  createInProcessDut,
  verdictToResponse,
  NotProvisionedError,
  DutInputError,
  type DutInputErrorCode,
} from './in-process';
export { createHttpDut, type HttpDutOptions } from './http-adapter';
export { createDutHttpServer, type DutHttpServer, type DutHttpServerOptions } from './http-server';
export { createReferenceHttpServer, type ReferenceHttpServerOptions } from './http-reference';
export {
  DutTransportError,
  HttpError,
  isDutTimeout,
  type DutTransportErrorCode,
  type HttpErrorCode,
} from './http-errors';
export { withFault, DUT_FAULTS, type DutFault } from './http-faults';
export { SESSION_HEADER, DEFAULT_SESSION } from './http-sessions';
export { DEFAULT_BODY_LIMIT } from './http-body';
export {
  PROVISION_BODY_SCHEMA,
  REQUEST_BODY_SCHEMA,
  WORLD_EVENT_SCHEMA,
  DUT_RESPONSE_SCHEMA,
  DEVICE_SNAPSHOT_SCHEMA,
} from './http-schemas';
