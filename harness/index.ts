/**
 * The harness layer: the DeviceUnderTest port and its adapters, the scenario catalogue and runner,
 * model-based exploration, the estate simulation and the reports (the `smets1-harness/harness` entry).
 */
export * from './dut';
export * from './scenario';
export * from './runner';
export * from './model';
export * from './estate';
export * from './report';
export * from './prove';
