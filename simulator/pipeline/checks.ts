/**
 * The individual checks of the pipeline that a test may switch off (mutation testing of the
 * prover: each protects an invariant, so switching one off must let the prover find it broken).
 * Production code never switches any off.
 */
export const PIPELINE_CHECKS = [
  'gate',
  'waiver-binding',
  'floor-bound',
  'counter',
  'signature',
  'owner',
  'placement',
] as const;

/** One switchable pipeline check. */
export type PipelineCheck = (typeof PIPELINE_CHECKS)[number];

/** True unless `check` is in the disabled set. */
export function checkOn(disabled: ReadonlySet<PipelineCheck> | undefined, check: PipelineCheck): boolean {
  return disabled === undefined || !disabled.has(check);
}
