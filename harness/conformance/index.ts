/**
 * Conformance: the client adapters that reach a provider's implementation (HTTP JSON, DUIS) and
 * the runner that drives any DeviceUnderTest through the scenario catalogue.
 */
export { createHttpDut, DEFAULT_MAX_ANSWER_BYTES, type HttpDutOptions } from './clients/http-adapter';
export {
  createDuisDut,
  DCC_SIGNATURE_INVALID,
  type DuisDut,
  type DuisDutOptions,
  type DuisDutStats,
  type DccTrust,
} from './clients/duis-adapter';
export * from './runner';
