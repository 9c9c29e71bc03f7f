import { rssEnvelope, rssSlopeMbPerMin, SOAK_TARGETS, type RssSample } from '../../../bench/soak';

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

describe('soak RSS envelope', () => {
  // a garbage-collection sawtooth: up 4 MB a second for 10 s, then back down
  const saw = (base: (t: number) => number) => line(0, 300, (t) => base(t) + 4 * (t % 10));

  it('keeps the highest sample of each bucket, counted back from the end', () => {
    const env = rssEnvelope(
      line(0, 29, (t) => t),
      10,
    );
    expect(env).toEqual([
      { t: 4, mb: 9 },
      { t: 14, mb: 19 },
      { t: 24, mb: 29 },
    ]);
  });

  it('sees a flat sawtooth as flat and a rising one as rising, whatever the phase', () => {
    for (const shift of [0, 3, 7]) {
      const flat = line(0, 300, (t) => 200 + 4 * ((t + shift) % 10));
      expect(Math.abs(rssSlopeMbPerMin(rssEnvelope(flat, 10), 120))).toBeLessThan(0.5);
    }
    const rising = saw((t) => 200 + t / 10);
    expect(rssSlopeMbPerMin(rssEnvelope(rising, 10), 120)).toBeCloseTo(6, 0);
  });
});
