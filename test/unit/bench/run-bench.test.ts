import { amdahl, amdahlSerialFraction, meetsTarget, projectedPeakBytes } from '../../../bench/run-bench';
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
