import {
  aboveFloorNote,
  amdahl,
  amdahlSerialFraction,
  httpFigures,
  meetsTarget,
  projectedPeakBytes,
} from '../../../bench/run-bench';
import { median } from '../../../bench/measure';

describe('bench arithmetic', () => {
  it('recovers the serial fraction Amdahl speed-ups were made with', () => {
    for (const serial of [0, 0.02, 0.1, 0.5]) {
      expect(amdahlSerialFraction(amdahl(serial, 2), 2)).toBeCloseTo(serial, 10);
    }
    expect(amdahl(0, 16)).toBe(16);
    expect(amdahl(0.05, 16)).toBeCloseTo(1 / (0.05 + 0.95 / 16), 10);
    expect(amdahlSerialFraction(0.5, 2)).toBe(1);
    expect(amdahlSerialFraction(2.5, 2)).toBe(0);
  });

  it('checks ratios against >= and < targets', () => {
    expect(meetsTarget('>= 0.65', 0.65)).toBe(true);
    expect(meetsTarget('>= 0.65', 0.64)).toBe(false);
    expect(meetsTarget('< 1', 0.2)).toBe(true);
    expect(meetsTarget('< 1', 1)).toBe(false);
    expect(meetsTarget('>= 100x', 119.5)).toBe(true);
    expect(meetsTarget('>= 100x', 99.9)).toBe(false);
    expect(meetsTarget('< 120 s', 2)).toBe(true);
    expect(meetsTarget('< 120 s', 120)).toBe(false);
    expect(meetsTarget(undefined, 1)).toBeUndefined();
    expect(meetsTarget('>= 1', undefined)).toBeUndefined();
  });

  it('projects memory by the layout bytes only', () => {
    expect(projectedPeakBytes(100, 1000, 2000, 2)).toBe(100 + 1000 * 4 * 3);
    expect(projectedPeakBytes(100, 2000, 1000, 2)).toBe(100);
  });

  it('takes the median of odd and even counts without reordering its input', () => {
    const xs = [5, 1, 4];
    expect(median(xs)).toBe(4);
    expect(xs).toEqual([5, 1, 4]);
    expect(median([10, 2, 8, 4])).toBe(6);
    expect(median([7])).toBe(7);
  });
});

describe('the round trip against its floor', () => {
  const paired = (perCpuSecond: number, basePerCpuSecond: number) => {
    const rate = (r: number) => ({ ops: 1, seconds: 1, perSecond: r, cpuSeconds: 1, perCpuSecond: r });
    return { rate: rate(perCpuSecond), baseline: rate(basePerCpuSecond), ratio: 0, ratios: [] };
  };

  it('splits the CPU per exchange into floor and XML work, and says what 0.1x allows', () => {
    // 1,000 exchanges/s = 1,000 us each; floor 2,500/s = 400 us; seam 12,500/s: 0.1x = 800 us
    expect(aboveFloorNote({ roundTrip: paired(1000, 12_500), roundTripFloor: paired(2500, 12_500) })).toBe(
      '1000 us of user CPU per exchange: 400 floor + 600 XML and DUIS; 0.1x allows 800',
    );
  });
});

describe('HTTP figures', () => {
  const ok = (over: Record<string, unknown> = {}) =>
    httpFigures({
      status: 'ok',
      value: {
        requestsPerSec: 3500,
        serverUsPerRequest: 250,
        serverSystemUsPerRequest: 60,
        clientUsPerRequest: 120,
        requests: 17500,
        seconds: 5,
        mismatches: 0,
        failures: 0,
        sessions: 8,
        threads: 1,
        recorded: { exchanges: 1959, cases: 288, notPassed: 0, seconds: 6 },
        ...over,
      },
    });

  it('passes the rate target only when every replayed answer matched and every case passed', () => {
    expect(ok()[0]).toMatchObject({ id: 'http-requests', value: 3500, target: '>= 3000', pass: true });
    expect(ok({ requestsPerSec: 2999 })[0]!.pass).toBe(false);
    expect(ok({ mismatches: 1, firstMismatch: 'exchange 3' })[0]!.pass).toBe(false);
    expect(ok({ mismatches: 1, firstMismatch: 'exchange 3' })[0]!.note).toContain('exchange 3');
    expect(ok({ failures: 2 })[0]!.pass).toBe(false);
    expect(ok({ recorded: { exchanges: 1959, cases: 288, notPassed: 1, seconds: 6 } })[0]!.pass).toBe(false);
  });

  it('reports CPU per request and the recorded run', () => {
    const [, cpu, run] = ok();
    expect(cpu).toMatchObject({ id: 'http-server-cpu', value: 250, unit: 'us' });
    expect(cpu!.note).toContain('system (kernel) 60 us');
    expect(run).toMatchObject({ id: 'http-conformance-run', value: 1959 / 6 });
  });

  it('says why when the figure could not be measured', () => {
    const [row] = httpFigures({ status: 'n/a', reason: 'benchHttpServer() failed: boom' });
    expect(row).toMatchObject({ value: null, note: 'n/a: benchHttpServer() failed: boom' });
    expect(row!.pass).toBeUndefined();
  });
});
