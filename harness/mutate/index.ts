/**
 * Mutation testing of the scenario catalogue: every check of the reference DCC switched off in
 * turn, the catalogue run against each mutant through the DeviceUnderTest port, each mutant killed
 * or survived per policy with the cases that kill it. @see docs/scenarios.md (Mutation score)
 */
export { MUTANTS, whyCheckCannotMatter, type Mutant } from './mutants';
export {
  mutationScore,
  survivors,
  type Kill,
  type MutantOutcome,
  type MutantResult,
  type MutationReport,
  type MutationScoreOptions,
  type MutationSummary,
  type Observation,
} from './score';
export { renderMutation, mutationSection, outcomeCell } from './render';
export { mutationRunReport } from './run-report';
