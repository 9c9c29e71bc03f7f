/** Scenario runner: drives a DeviceUnderTest through scenarios and builds the run report. */
export {
  runScenario,
  runScenarioWithWaivers,
  DEFAULT_SCENARIO_TIME,
  DEFAULT_WATCHDOG_MS,
  type RunScenarioOptions,
  type ScenarioOutcome,
} from './run-scenario';
export { runCatalogue, applyDeviation, runFailed, type RunCatalogueOptions } from './run-catalogue';
export {
  DEVIATION_SCHEMA,
  parseDeviationManifest,
  loadDeviationManifest,
  type Deviation,
  type DeviationManifest,
} from './deviations';
export {
  buildRequest,
  worldEvent,
  runRequestStep,
  runReplay,
  describeResponse,
  describeExpectation,
  meetsExpectation,
  mismatchOf,
  judgeResponse,
  alternativesOf,
  type Judgement,
  type SentRequest,
  type StepOutcome,
} from './steps';
