/** Model-based exploration, invariant checking and bounded exhaustive proof of the security invariants. */
export {
  modelUniverse,
  certRefOf,
  REPLACEMENT_KINDS,
  UNIVERSE_PARTIES,
  UNIVERSE_SEED,
  type Universe,
  type ModelParty,
  type ReplacementKind,
} from './universe';
export {
  worldPlanArbitrary,
  planFromChoices,
  buildPlan,
  layoutOf,
  meterId,
  type WorldPlan,
  type MeterPlan,
} from './world-plan';
export {
  stepArbitrary,
  labelOf,
  MAX_COUNTER,
  type Step,
  type ResolvedStep,
  type SignerChoice,
  type CounterChoice,
  type FloorChoice,
  type SlotChoice,
} from './steps';
export {
  STEP_INVARIANTS,
  verdictText,
  type Transition,
  type RequestFacts,
  type Violation,
} from './transition';
export { checkTransition, initialCheckerState, type CheckerState } from './invariants';
export { createSession, MODEL_START, type ModelSession, type StepRecord } from './session';
export { diffNoRegression } from './explore-diff';
export {
  explore,
  replaySteps,
  expectationOf,
  InvariantBroken,
  type ExploreOptions,
  type ExploreResult,
  type InvariantResult,
  type Counterexample,
} from './explore';
export {
  exhaustiveSearch,
  exhaustivePlan,
  exhaustiveAlphabet,
  type ExhaustiveOptions,
  type ExhaustiveResult,
} from './exhaustive';
export {
  counterexampleScenario,
  counterexampleFinding,
  counterexampleId,
  scenarioWorld,
  withNames,
} from './counterexample';
export {
  exploreAll,
  runExploration,
  EXPLORED_POLICIES,
  INVARIANT_STATEMENTS,
  type ExploreAllOptions,
  type ExplorationReport,
} from './findings';
export { benchModel, type ModelBench } from './figures';
