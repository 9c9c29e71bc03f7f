import { seededRng } from '../../../../harness/estate';

describe('seededRng', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = seededRng('x');
    const b = seededRng('x');
    const c = seededRng('y');
    const seqA = Array.from({ length: 8 }, () => a.next());
    expect(Array.from({ length: 8 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(seqA);
  });

  it('stays in range and spreads over every bucket', () => {
    const r = seededRng('spread');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const f = r.next();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      buckets[r.int(10)]! += 1;
    }
    for (const n of buckets) expect(n).toBeGreaterThan(800);
  });
});
