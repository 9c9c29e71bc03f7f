import { rssSlopeMbPerMin, SOAK_TARGETS, type RssSample } from '../../../bench/soak';

const line = (from: number, to: number, mbAt: (t: number) => number): RssSample[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ t: from + i, mb: mbAt(from + i) }));

describe('soak RSS slope', () => {
  it('recovers the slope of a straight line, in MB per minute', () => {
    expect(
      rssSlopeMbPerMin(
        line(0, 300, (t) => 100 + 0.1 * t),
        120,
      ),
    ).toBeCloseTo(6, 10);
    expect(
      rssSlopeMbPerMin(
        line(0, 300, () => 180),
        120,
      ),
    ).toBe(0);
    expect(
      rssSlopeMbPerMin(
        line(0, 300, (t) => 300 - t / 60),
        120,
      ),
    ).toBeCloseTo(-1, 10);
  });

  it('reads only the window at the end: early growth does not count, late growth does', () => {
    const early = line(0, 300, (t) => (t < 150 ? 60 + t : 210));
    expect(rssSlopeMbPerMin(early, 120)).toBe(0);
    expect(rssSlopeMbPerMin(early, 300)).toBeGreaterThan(SOAK_TARGETS.maxSlopeMbPerMin);
    const late = line(0, 300, (t) => (t < 250 ? 200 : 200 + (t - 250) * 0.5));
    expect(rssSlopeMbPerMin(late, 120)).toBeGreaterThan(SOAK_TARGETS.maxSlopeMbPerMin);
  });

  it('is 0 without two samples in the window', () => {
    expect(rssSlopeMbPerMin([], 120)).toBe(0);
    expect(rssSlopeMbPerMin([{ t: 5, mb: 10 }], 120)).toBe(0);
    expect(
      rssSlopeMbPerMin(
        [
          { t: 5, mb: 10 },
          { t: 5, mb: 20 },
        ],
        120,
      ),
    ).toBe(0);
  });
});
