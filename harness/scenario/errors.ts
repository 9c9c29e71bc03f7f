import { CodedError } from '../../certs';

/** Stable codes for scenario-file errors (broken input files, never domain refusals). */
export type ScenarioErrorCode =
  | 'ERR_SCENARIO_JSON'
  | 'ERR_SCENARIO_SCHEMA'
  | 'ERR_SCENARIO_REFERENCE'
  | 'ERR_SCENARIO_IO'
  | 'ERR_SCENARIO_MATERIAL'
  | 'ERR_ZAZ1_NOT_INSTALLED';

/** The one error class of the scenario layer; messages read `file: /json/pointer: reason`. */
export class ScenarioError extends CodedError<ScenarioErrorCode> {
  override readonly name = 'ScenarioError';
}
