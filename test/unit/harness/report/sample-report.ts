import type { CaseResult, CaseVerdict, RunReport, StepResult } from '../../../../harness/report';

/** A step whose actual outcome matches (or not) what was expected. */
export function step(index: number, expected: string, actual: string = expected, label = `step ${index}`): StepResult {
  return { index, label, expected, actual, ok: expected === actual };
}

/** A case with sensible defaults, for tests. */
export function caseResult(id: string, policy: string, verdict: CaseVerdict, extra: Partial<CaseResult> = {}): CaseResult {
  return {
    id,
    title: `title of ${id}`,
    tags: ['misplaced'],
    specRefs: ['DUIS 6.15.1'],
    policy,
    verdict,
    steps: [step(1, 'accepted')],
    ...extra,
  };
}

/** Hand-written counts for the sample cases below (not computed by the code under test). */
const SAMPLE_SUMMARY: RunReport['summary'] = {
  total: { PASS: 5, FAIL: 2, SKIPPED: 1, HANG: 1, HARNESS_ERROR: 1 },
  byPolicy: {
    legacy: { PASS: 2, FAIL: 1, SKIPPED: 0, HANG: 1, HARNESS_ERROR: 0 },
    relaxed: { PASS: 2, FAIL: 0, SKIPPED: 1, HANG: 0, HARNESS_ERROR: 0 },
    corrective: { PASS: 1, FAIL: 1, SKIPPED: 0, HANG: 0, HARNESS_ERROR: 1 },
  },
};

/**
 * A report with three policies, four scenarios over two tags (KRP-SUP-001 runs under legacy only), every verdict, hostile text, findings with a counterexample, waivers and an estate.
 */
export function sampleReport(): RunReport {
  const noB = 'NO-B 6.15.1 NetworkOperator -> M1 installing NO-A (counter 10)';
  return {
    schemaVersion: 1,
    tool: { name: 'smets1-harness', version: '0.1.0' },
    target: { kind: 'reference', name: 'in-process <reference> & "friends"' },
    policies: ['legacy', 'relaxed', 'corrective'],
    summary: SAMPLE_SUMMARY,
    // Deliberately out of canonical order.
    cases: [
      caseResult('KRP-MIS-002', 'relaxed', 'PASS', { steps: [step(1, 'accepted', 'accepted', noB)] }),
      caseResult('KRP-MIS-001', 'relaxed', 'PASS'),
      caseResult('KRP-MIS-002', 'legacy', 'FAIL', {
        title: '<script>alert("x")</script> wrong NO',
        reason: 'step 2 mismatch',
        steps: [step(2, 'rejected E4 GATE_NOT_REGISTERED', 'accepted', noB), step(1, 'accepted')],
      }),
      caseResult('KRP-MIS-001', 'legacy', 'PASS'),
      caseResult('KRP-MIS-001', 'corrective', 'PASS', { deviation: { reason: 'provider gap <b>known</b>' } }),
      caseResult('KRP-GAS-001', 'legacy', 'HANG', { tags: ['gas'], reason: 'watchdog after 5000 ms' }),
      caseResult('KRP-GAS-001', 'relaxed', 'SKIPPED', { tags: ['gas'], reason: 'no gas support', steps: [] }),
      caseResult('KRP-GAS-001', 'corrective', 'HARNESS_ERROR', { tags: ['gas'], reason: 'TypeError: boom\u0001' }),
      caseResult('KRP-SUP-001', 'legacy', 'PASS', { title: 'supplier tries' }),
      caseResult('KRP-MIS-002', 'corrective', 'FAIL', {
        steps: [
          {
            ...step(1, 'one of: accepted | rejected E061507 <sig>', 'rejected E4 X & Y'),
            alternatives: [
              { expected: 'accepted', matched: false, why: 'outcome rejected, expected accepted' },
              { expected: 'rejected E061507 <sig>', matched: false, why: 'DUIS code E4, expected E061507' },
            ],
          },
        ],
      }),
    ],
    findings: [
      { policy: 'relaxed', invariant: 'INV-AUTH', kept: true, summary: 'only the registered NO installs' },
      {
        policy: 'legacy',
        invariant: 'LIVE-REPAIR',
        kept: false,
        summary: 'M1 can never be repaired <deadlock>',
        counterexample: {
          steps: [
            { label: 'NO-A 6.15.1 -> M1', outcome: 'rejected AUTHORITY_SIGNATURE' },
            { label: 'NO-B 6.15.1 -> M1', outcome: 'rejected E4 GATE_NOT_REGISTERED' },
          ],
          seed: 42,
          path: '3:1:0',
          file: 'counterexamples/legacy-live-repair.json',
        },
      },
      { policy: 'legacy', invariant: 'INV-AUTH', kept: true, summary: 'no foreign install' },
    ],
    waivers: [
      { policy: 'relaxed', waiver: 'W-MISPLACED-NO', description: 'accept the NO whose certificate sits in the cell', uses: 3 },
      { policy: 'relaxed', waiver: 'W-UNUSED', description: 'never needed', uses: 0 },
    ],
    estate: [
      { policy: 'legacy', meters: 1000, misplaced: 120, repaired: 0, stuck: 120, requests: 240, refusals: { E4: 120, AUTHORITY_SIGNATURE: 120 } },
      { policy: 'corrective', meters: 1000, misplaced: 120, repaired: 118, stuck: 2, requests: 122, refusals: { E4: 2 } },
    ],
  };
}
