/** Scenario catalogue: the JSON format, its schema, families and the loader. */
export { ScenarioError, type ScenarioErrorCode } from './errors';
export type {
  PartyName,
  CertRef,
  CertRefInput,
  PathElement,
  ScenarioMeter,
  ExtraParty,
  ScenarioWorld,
  StepExpectation,
  OneOfExpectation,
  ExpectationInput,
  PerPolicy,
  SignerRef,
  ScenarioSrv,
  WorldChangeStep,
  RequestStep,
  ReplayStep,
  ScenarioStep,
  FinalCells,
  FinalCounter,
  FinalCertificate,
  FinalCellName,
  CounterRole,
  Scenario,
  ScenarioFamily,
  LoadedScenario,
  ScenarioManifest,
} from './types';
export { SCENARIO_SCHEMA } from './schema';
export { formatScenarioErrors, assertSchema, fileKindOf, type ScenarioFileKind } from './validate';
export { expandFamily, type FamilyCase } from './family';
export { checkReferences, knownPartyNames, ZAZ1_PARTY_NAMES } from './references';
export { selectScenarios, isFileEntry } from './select';
export {
  parseScenarioFile,
  loadScenarioFile,
  loadCatalogue,
  readManifest,
  idMatcher,
  probeZaz1Material,
  type LoadOptions,
} from './load';
export { createScenarioKeys, resolveScenario, type ScenarioKeys, type ResolvedScenario } from './resolve';
export { packageRoot, PACKAGE_ROOT, PACKAGE_VERSION, SHIPPED_CATALOGUE } from './shipped';
export { loadZaz1Material, type Zaz1Material } from './zaz1-material';
export { ZAZ1_INSTALL_HINT, type Zaz1Options } from './zaz1-material';
export { DCC_BOXED_CLOCK, DCC_BOXED_WORLD, dccBoxedWorld, type DccBoxedWorld } from './dcc-boxed';
