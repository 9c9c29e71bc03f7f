import {
  describeExpectation,
  judgeResponse,
  meetsExpectation,
  mismatchOf,
} from '../../../../../harness/conformance/runner';

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

describe('oneOf expectations', () => {
  const atSend = { outcome: 'rejected' as const, code: 'AUTHORITY_SIGNATURE', phase: 'send' as const };
  const accepted = { outcome: 'accepted' as const };
  const alternatives = { oneOf: [atSend, accepted] };
  const signature = { outcome: 'rejected' as const, duisCode: 'E061507', code: 'AUTHORITY_SIGNATURE' };

  it('pass when any alternative matches and say which', () => {
    const j = judgeResponse(alternatives, signature, '6.15.1', 'send');
    expect(j.ok).toBe(true);
    expect(j.alternatives).toEqual([
      { expected: 'rejected E061507 AUTHORITY_SIGNATURE at send', matched: true },
      { expected: 'accepted', matched: false, why: 'outcome rejected, expected accepted' },
    ]);
    expect(meetsExpectation(alternatives, { outcome: 'accepted', duisCode: 'I0' }, '6.15.1', 'send')).toBe(
      true,
    );
  });

  it('fail when none matches, with why each did not', () => {
    const j = judgeResponse(alternatives, signature, '6.15.1', 'transform');
    expect(j.ok).toBe(false);
    expect(j.alternatives?.map((a) => a.why)).toEqual([
      'refused at transform, expected at send',
      'outcome rejected, expected accepted',
    ]);
    expect(judgeResponse(alternatives, refused, '6.15.1', 'send').alternatives?.[0]?.why).toBe(
      'DUIS code E4, expected E061507',
    );
  });

  it('describe every alternative, and a plain expectation has no alternatives', () => {
    expect(describeExpectation(alternatives, '6.15.1')).toBe(
      'one of: rejected E061507 AUTHORITY_SIGNATURE at send | accepted',
    );
    expect(judgeResponse(atSend, signature, '6.15.1', 'send')).toEqual({ ok: true });
    expect(
      mismatchOf({ outcome: 'rejected', code: 'GATE_NOT_REGISTERED' }, refused, '6.15.1'),
    ).toBeUndefined();
    expect(
      mismatchOf({ outcome: 'rejected', duisCode: 'E4', code: 'GATE_WAIVER_CONDITION' }, refused, '6.15.1'),
    ).toBe('code GATE_NOT_REGISTERED, expected GATE_WAIVER_CONDITION');
  });
});
