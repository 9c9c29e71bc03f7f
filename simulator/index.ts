/** The reference SMETS1 system: registration data, device state, policies, the DCC validation pipeline. */
export { SimulatorError, type SimulatorErrorCode } from './errors';
export { deviceKeys, DEVICE_KEY_SEED, type DeviceKeys } from './device/keys';
export { SRVS, type Srv } from './duis/types';
export {
  USER_ROLES,
  SUPPLIER_ROLES,
  NETWORK_OPERATOR_ROLES,
  type UserRole,
  type UserStatus,
  type Party,
  type DeviceType,
  type SmiStatus,
  type InventoryDevice,
  type Fuel,
  type Registration,
} from './types';
export {
  GB_DISTRIBUTION_AREAS,
  mpanCheckDigit,
  makeMpan,
  parseMpan,
  parseMprn,
  distributorIdOf,
  fuelOf,
} from './registry/mpan';
export {
  indexRegistrations,
  registeredParty,
  changeRegistration,
  type RegistrationData,
} from './registry/registration';
export {
  createDeviceState,
  certificateIn,
  counterOf,
  applyChange,
  snapshotDevice,
  type DeviceState,
  type DeviceSnapshot,
  type RoleCounter,
  type SupplyState,
} from './device/state';
export {
  PRESET_POLICIES,
  CRITICAL_SRVS,
  legacyPolicy,
  relaxedPolicy,
  relaxed6151Policy,
  correctivePolicy,
  smets2Policy,
  preventPolicy,
  preventCorrectivePolicy,
  REGISTERED_NO_PLACEMENT,
  type Policy,
  type GateWaiver,
  type PlacementCheck,
  type KrpRemotePartyRole,
} from './policy/policy';
export {
  POLICY_SCHEMA,
  parsePolicy,
  parsePolicyJson,
  presetPolicy,
  unknownPolicy,
  formatSchemaErrors,
} from './policy/load';
export { DEFAULT_SETTINGS, type World, type WorldSettings, type AcbKeyAgreement } from './world/world';
export { WORLD_SCHEMA, type WorldSpec } from './world/schema';
export { buildWorld, type BuiltWorld } from './world/build';
export { worldToSpec } from './world/save';
export { composeWorld, type WorldLayout, type MeterLayout } from './world/compose';
export {
  SRV_REGISTRY,
  MODELLED_SRVS,
  PLACEMENT_SRVS,
  isCriticalSrv,
  type SrvSpec,
} from './pipeline/srv-registry';
export {
  AlertCode,
  REFUSAL_CODES,
  STAGES,
  isRefusalCode,
  duisCodeFor,
  type Verdict,
  type Acceptance,
  type Refusal,
  type RefusalCode,
  type Stage,
  type CellOutcome,
  type ResponseMacFailure,
} from './pipeline/verdict';
export {
  macWrapOn,
  deliverCommand,
  deviceReceive,
  wrapDeviceResponse,
  checkDeviceResponse,
  generalSigningBytesOf,
} from './pipeline/ciphering';
export { BUILT_IN_WAIVERS, capacityOf, isBuiltInWaiver } from './pipeline/gate';
export {
  PIPELINE_CHECKS,
  CHECK_RULES,
  type PipelineCheck,
  type CheckRule,
  type CheckPlace,
} from './pipeline/checks';
export { checkPlacement, coveringPlacementChecks } from './pipeline/placement';
export { SUPPLY_MESSAGE_CODES, authorisingCellOf } from './pipeline/commands';
export {
  KRP_REMOTE_PARTY_ROLES,
  roleCodeOf,
  type ParsedRequest,
  type ParsedBody,
  type ReplaceBody,
  type Replacement,
} from './pipeline/request';
export type { DccEvent, DccListener } from './events';
export {
  createDcc,
  requireDevice,
  type Dcc,
  type DccOptions,
  type Clock,
  type Submission,
  type AuditEntry,
  type Performed,
} from './dcc';
export {
  step,
  applyWorldChange,
  type StepInput,
  type StepEnv,
  type StepResult,
  type DccResponse,
  type WorldChange,
} from './step';
export {
  createDccState,
  forkState,
  auditOf,
  deviceOf,
  devicesOf,
  pendingCount,
  DEFAULT_DCC_LIMITS,
  type DccState,
  type DccLimits,
  type AuditView,
  type PendingPreCommand,
} from './dcc-state';
export {
  criticalFlow,
  runCritical,
  signPreCommand,
  type CriticalMove,
  type CriticalAnswer,
  type CriticalEnd,
  type CriticalResult,
  type PreCommandSigner,
} from './critical';
export { parseGbcsCommand, type ParsedGbcsCommand } from './pipeline/parse-gbcs';
export {
  krpRequest,
  handoverRequest,
  retrieveRequest,
  supplyRequest,
  type ReplaceRequestArgs,
} from './requests';
export {
  REFERENCE_PARTIES,
  REFERENCE_NETWORK_OPERATORS,
  REFERENCE_EPOCH,
  referencePki,
  referenceLayout,
  referenceWorldSpec,
} from './world/reference';
