/** Estate simulation: a national-scale fleet, compact state, correction campaigns on worker threads. */
export {
  runEstate,
  ESTATE_DEFAULT_AT,
  ESTATE_DEFAULT_RATE,
  ESTATE_DEFAULT_RUNNER,
  ESTATE_DEFAULT_SEED,
} from './run';
export type {
  EstateOptions,
  EstateRun,
  EstatePolicyResult,
  EstateInstallResult,
  EstateTimings,
  EstateRunner,
  EstateTally,
  EstateProgress,
} from './types';
export { EstateError, type EstateErrorCode } from './errors';
export {
  buildEstateLayout,
  buildInstallPlan,
  installRange,
  isMisplaced,
  type EstateLayout,
  type LayoutOptions,
  type InstallPlanOptions,
} from './layout';
export {
  ESTATE_NETWORK_OPERATORS,
  ESTATE_SUPPLIERS,
  estatePartySpecs,
  areaOwnerIndex,
  type EstateNetworkOperator,
} from './parties';
export {
  estateCredentials,
  ESTATE_PKI_VALIDITY,
  type EstateCredentials,
  type EstateParty,
} from './credentials';
export {
  materializeShard,
  meterDeviceId,
  meterMpxn,
  installDeviceId,
  estateParties,
  type Shard,
  type InstallSlice,
} from './shard';
export { runShardCampaign, addTallies, EMPTY_TALLY } from './campaign';
export { createShardRunner, type ShardRunnerInit, type ShardTask } from './shard-runner';
export { createWorkerPool, createProcessPool, createInlineExecutor, type ShardExecutor } from './pool';
export { seededRng, type Rng } from './rng';
export { formatProgress, createProgressBar, createProgressLines } from './progress';
export { formatEstateTable } from './format';
