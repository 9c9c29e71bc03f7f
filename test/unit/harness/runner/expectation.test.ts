import { describeExpectation, meetsExpectation } from '../../../../harness/runner';

const refused = { outcome: 'rejected' as const, duisCode: 'E4', code: 'GATE_NOT_REGISTERED', stage: 'gate' };

describe('expectations with a stage and a phase', () => {
  it('match the refusing stage and phase when both are given', () => {
    const e = {
      outcome: 'rejected' as const,
      code: 'GATE_NOT_REGISTERED',
      stage: 'gate',
      phase: 'transform' as const,
    };
    expect(meetsExpectation(e, refused, '6.15.1', 'transform')).toBe(true);
    expect(meetsExpectation(e, refused, '6.15.1', 'send')).toBe(false);
    expect(meetsExpectation(e, { ...refused, stage: 'authority' }, '6.15.1', 'transform')).toBe(false);
    expect(describeExpectation(e, '6.15.1')).toBe('rejected E4 GATE_NOT_REGISTERED at transform (gate)');
  });

  it('ignore the stage an implementation does not report', () => {
    const e = { outcome: 'rejected' as const, stage: 'gate' };
    const unreported = { outcome: 'rejected' as const, duisCode: 'E4', code: 'GATE_NOT_REGISTERED' };
    expect(meetsExpectation(e, unreported, '6.15.1', 'send')).toBe(true);
  });
});
