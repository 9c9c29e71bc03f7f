/** Report formats rendered from a RunReport (JSON is the source of truth), report diffs and progress display. */
export type {
  CaseResult,
  CaseVerdict,
  CounterexampleStep,
  EstateResult,
  EstateInstalls,
  Finding,
  InvariantId,
  RunReport,
  StepResult,
  StepAlternative,
  VerdictCounts,
  WaiverUse,
  MutationSection,
  MutationSectionOutcome,
} from './types';
export {
  INVARIANTS,
  INVARIANT_IDS,
  INVARIANT_STATEMENTS,
  STEP_INVARIANT_IDS,
  invariantTableMarkdown,
  type InvariantKind,
  type InvariantSpec,
} from './invariants';
export { ReportError, type ReportErrorCode } from './errors';
export { CASE_VERDICTS, FAILING_VERDICTS, summarise, hasFailures } from './summary';
export { toJson, canonicalReport } from './canonical';
export { parseReportJson, validateReport, RUN_REPORT_SCHEMA } from './schema';
export { toJUnit } from './junit';
export { toHtml } from './html';
export { caseAnchor } from './html-cases';
export { renderConsoleSummary, renderFailingCases, type ConsoleSummaryOptions } from './console';
export { writeReports, type WrittenReports } from './write';
export {
  diffReports,
  hasVerdictChanges,
  type ReportDiff,
  type VerdictChange,
  type CasePresence,
  type FindingChange,
} from './diff';
export { createProgress, type Progress, type ProgressOptions } from './progress';
export { redactPrivateKeys } from './redact';
