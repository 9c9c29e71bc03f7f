/**
 * The servers: the HTTP JSON contract server around any DeviceUnderTest, the reference DCC behind
 * it, the DUIS interface (XML-signed requests, signed answers, device-response delivery) and the
 * fault wrappers that make the shipped faulty examples.
 */
export { createDutHttpServer, type DutHttpServer, type DutHttpServerOptions } from './http-server';
export {
  createReferenceHttpServer,
  SERVE_PENDING_CAP,
  type ReferenceHttpServerOptions,
} from './http-reference';
export {
  createDuisReferenceServer,
  type DuisReferenceServer,
  type DuisReferenceServerOptions,
} from './duis-server';
export { referenceDuisKeys, REFERENCE_S1SP_EUI, type DuisSigningKeys } from './duis-routes';
export { withFault, DUT_FAULTS, type DutFault } from './http-faults';
export { REQUEST_LOG_MODES, type RequestLogMode } from './http-log';
export { DEFAULT_SESSION_TTL_MS } from './http-sessions';
export { SERVE_MAX_HEAP_MB, SERVE_MAX_HEAP_RANGE, serveResourceLimits } from './heap';
