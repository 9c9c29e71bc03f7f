/** The DeviceUnderTest port and its adapters. */
export type { DeviceUnderTest, DutRequest, DutResponse, ProvisionOptions, WorldEvent } from './port';
export { createInProcessDut, verdictToResponse, NotProvisionedError } from './in-process';
