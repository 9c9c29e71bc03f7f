/**
 * smets1-harness: the public library API (documented in docs/api.md). Build a world, create a
 * reference DCC under a policy, submit DUIS requests, run the scenario catalogue against any
 * implementation of the DeviceUnderTest port (in-process, HTTP, or your own object), explore the
 * invariants, simulate an estate and write reports. The layers are reachable as
 * `smets1-harness/certs`, `smets1-harness/simulator` and `smets1-harness/harness`.
 */
export { ApiError, type ApiErrorCode } from './api/errors';
export { referenceWorld, worldFromFile, worldFromScenario } from './api/world';
export {
  createReferenceDcc,
  referenceCredentials,
  referenceParty,
  REFERENCE_TIME,
  submitDuis,
  performDuis,
  submitGbcs,
  submitResult,
  duisXml,
  type ReferenceDccOptions,
  type SubmitOptions,
  type SubmitResult,
} from './api/dcc';
// DCC Boxed's stock world from the ZAZ1 keystore the user has installed (docs/dcc-boxed.md).
export { dccBoxedWorld, DCC_BOXED_CLOCK, type DccBoxedWorld, type Zaz1Options } from './harness';
// GBCS bytes from code: decode any message, verify signature and MAC, wrap and unwrap General-Ciphering.
export { readGbcsKeystore, CapturesError, type CapturesErrorCode } from './harness';
export {
  decodeGbcs,
  verifyGbcs,
  wrapGeneralCiphering,
  unwrapGeneralCiphering,
  gbcsKeystoreFromFiles,
  gbcsUseCase,
  GbcsError,
  type DecodedGbcs,
  type GbcsContent,
  type GbcsDecodeFinding,
  type GbcsUseCase,
  type GbcsKeystore,
  type GbcsPartyKeys,
  type GbcsVerification,
  type GbcsSignatureStatus,
  type GbcsMacStatus,
  type UnwrappedGeneralCiphering,
  type KeystoreFile,
} from './simulator/gbcs';
export {
  runScenarios,
  conform,
  createReferenceDut,
  loadScenarios,
  type DutTarget,
  type HttpTarget,
  type RunScenariosOptions,
  type ConformOptions,
  measureCatalogue,
  type MeasureCatalogueOptions,
} from './api/run';
export {
  survivors,
  renderMutation,
  type MutationReport,
  type MutantResult,
  type MutantOutcome,
  type Kill,
} from './harness/mutate';
export {
  exploreInvariants,
  prove,
  simulateEstate,
  type ProveInvariantsOptions,
  type ExploreInvariantsOptions,
  type SimulateEstateOptions,
} from './api/analysis';

// The domain values the functions above take and return.
export { CodedError, parseEui, formatEuiHyphenated, type Eui, type Signer, type TestParty } from './certs';
export {
  PRESET_POLICIES,
  PIPELINE_CHECKS,
  CHECK_RULES,
  presetPolicy,
  buildWorld,
  parsePolicyJson,
  krpRequest,
  handoverRequest,
  retrieveRequest,
  supplyRequest,
  snapshotDevice,
  type Dcc,
  type Policy,
  type Verdict,
  type CellOutcome,
  type WorldSpec,
  type MeterLayout,
  type UserRole,
  type DeviceSnapshot,
  type ReplaceRequestArgs,
  type PipelineCheck,
} from './simulator';
export type { DuisRequest } from './simulator/duis';
// The DCC as a pure function: step(state, input, env) -> { state, verdict, response, events }.
export {
  step,
  createDccState,
  forkState,
  signPreCommand,
  parseGbcsCommand,
  type StepInput,
  type StepEnv,
  type StepResult,
  type DccResponse,
  type DccState,
  type WorldChange,
} from './simulator';
export {
  createHttpDut,
  createReferenceHttpServer,
  withFault,
  DUT_FAULTS,
  runFailed,
  writeReports,
  toJUnit,
  toHtml,
  toJson,
  renderConsoleSummary,
  diffReports,
  parseDeviationManifest,
  SHIPPED_CATALOGUE,
  PACKAGE_VERSION,
  type DeviceUnderTest,
  type DutRequest,
  type DutResponse,
  type ProvisionOptions,
  type WorldEvent,
  type DutFault,
  type RunReport,
  type CaseResult,
  type CaseVerdict,
  type Finding,
  type WrittenReports,
  type DeviationManifest,
  type ExplorationReport,
  type ProvenPolicy,
  type PolicyProof,
  type EstateRun,
  type ReportDiff,
} from './harness';
