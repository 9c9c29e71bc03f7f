/**
 * The harness layer (the `smets1-harness/harness` entry): the DeviceUnderTest port and its adapters,
 * the servers, the scenario catalogue and runner, the analysis of the invariants, the estate
 * simulation and the reports. Each job lives in its own folder with one index (docs/architecture.md);
 * this entry names what the package promises, one name at a time. The checked API report
 * (api-report/harness.api.md) shows every change of this surface in review.
 */

// The port, the reference implementation behind it and the wire contract.
export {
  createInProcessDut,
  verdictToResponse,
  NotProvisionedError,
  DutInputError,
  DutTransportError,
  HttpError,
  isDutTimeout,
  SESSION_HEADER,
  DEFAULT_SESSION,
  DEFAULT_BODY_LIMIT,
  PROVISION_BODY_SCHEMA,
  REQUEST_BODY_SCHEMA,
  WORLD_EVENT_SCHEMA,
  DUT_RESPONSE_SCHEMA,
  DEVICE_SNAPSHOT_SCHEMA,
  type DeviceUnderTest,
  type DutRequest,
  type DutResponse,
  type ProvisionOptions,
  type WorldEvent,
  type DutInputErrorCode,
  type DutTransportErrorCode,
  type HttpErrorCode,
} from './dut';

// Conformance: client adapters and the runner.
export {
  createHttpDut,
  createDuisDut,
  DCC_SIGNATURE_INVALID,
  runScenario,
  runCatalogue,
  runFailed,
  applyDeviation,
  parseDeviationManifest,
  loadDeviationManifest,
  DEVIATION_SCHEMA,
  DEFAULT_SCENARIO_TIME,
  DEFAULT_WATCHDOG_MS,
  type HttpDutOptions,
  type DuisDut,
  type DuisDutOptions,
  type DuisDutStats,
  type DccTrust,
  type RunScenarioOptions,
  type ScenarioOutcome,
  type RunCatalogueOptions,
  type Deviation,
  type DeviationManifest,
} from './conformance';

// The servers.
export {
  createDutHttpServer,
  createReferenceHttpServer,
  createDuisReferenceServer,
  withFault,
  DUT_FAULTS,
  type DutHttpServer,
  type DutHttpServerOptions,
  type ReferenceHttpServerOptions,
  type DuisReferenceServer,
  type DuisReferenceServerOptions,
  type DutFault,
} from './serve';

// The scenario catalogue.
export {
  ScenarioError,
  SCENARIO_SCHEMA,
  formatScenarioErrors,
  parseScenarioFile,
  loadScenarioFile,
  loadCatalogue,
  selectScenarios,
  expandFamily,
  createScenarioKeys,
  resolveScenario,
  SHIPPED_CATALOGUE,
  PACKAGE_VERSION,
  type ScenarioErrorCode,
  type Scenario,
  type ScenarioStep,
  type ScenarioWorld,
  type ScenarioFamily,
  type ScenarioManifest,
  type LoadedScenario,
  type StepExpectation,
  type RequestStep,
  type WorldChangeStep,
  type ReplayStep,
  type ScenarioKeys,
  type ResolvedScenario,
  type LoadOptions,
} from './scenario';

// Analysis: exploration and proof of the invariants.
export {
  exploreAll,
  runExploration,
  proveAll,
  proveAndReplay,
  proofJson,
  proofFindings,
  renderProof,
  INVARIANT_STATEMENTS,
  type ExploreAllOptions,
  type ExplorationReport,
  type ProvenPolicy,
  type ProofStep,
  type ProveAllOptions,
  type PolicyProof,
  type InvariantVerdict,
} from './analysis';

// The estate simulation.
export {
  runEstate,
  EstateError,
  formatEstateTable,
  ESTATE_DEFAULT_AT,
  ESTATE_DEFAULT_RATE,
  ESTATE_DEFAULT_RUNNER,
  ESTATE_DEFAULT_SEED,
  type EstateErrorCode,
  type EstateOptions,
  type EstateRun,
  type EstatePolicyResult,
  type EstateInstallResult,
  type EstateTimings,
  type EstateRunner,
  type EstateTally,
  type EstateProgress,
} from './estate';

// Reports.
export {
  ReportError,
  INVARIANT_IDS,
  CASE_VERDICTS,
  FAILING_VERDICTS,
  summarise,
  hasFailures,
  toJson,
  toJUnit,
  toHtml,
  renderConsoleSummary,
  writeReports,
  diffReports,
  hasVerdictChanges,
  parseReportJson,
  validateReport,
  RUN_REPORT_SCHEMA,
  type ReportErrorCode,
  type RunReport,
  type CaseResult,
  type CaseVerdict,
  type StepResult,
  type Finding,
  type InvariantId,
  type EstateResult,
  type VerdictCounts,
  type WaiverUse,
  type WrittenReports,
  type ReportDiff,
  type VerdictChange,
  type ConsoleSummaryOptions,
} from './report';

// GBCS captures: folders of GBCS files decoded or verified in one pass, keystore folders.
export {
  scanGbcsCorpus,
  corpusSummaryLine,
  readGbcsKeystore,
  CapturesError,
  type CapturesErrorCode,
  type CorpusOptions,
  type CorpusSummary,
} from './captures';

// Mutation testing of the catalogue: each check of the reference switched off in turn.
export {
  mutationScore,
  survivors,
  whyCheckCannotMatter,
  MUTANTS,
  renderMutation,
  mutationSection,
  mutationRunReport,
  type Mutant,
  type Kill,
  type MutantOutcome,
  type MutantResult,
  type MutationReport,
  type MutationScoreOptions,
  type MutationSummary,
  type Observation,
} from './mutate';
