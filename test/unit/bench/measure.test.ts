import { measurePaired, measurePairedAsync } from '../../../bench/measure';

describe('measurePairedAsync', () => {
  it('alternates which side goes first and awaits each operation before the next', async () => {
    const order: string[] = [];
    let inFlight = 0;
    let most = 0;
    const p = await measurePairedAsync(
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        order.push(`op${i}`);
        await new Promise((r) => setImmediate(r));
        inFlight--;
      },
      (j) => void order.push(`base${j}`),
      { rounds: 4, opsPerRound: 2, baseOpsPerRound: 3 },
    );
    expect(most).toBe(1);
    // rounds: op first, base first, op first, base first
    expect(order.slice(0, 5)).toEqual(['op0', 'op1', 'base0', 'base1', 'base2']);
    expect(order.slice(5, 10)).toEqual(['base3', 'base4', 'base5', 'op2', 'op3']);
    expect(p.ratios).toHaveLength(4);
    expect(p.rate.ops).toBe(8);
    expect(p.baseline.ops).toBe(12);
  });

  it('gives the slower side the smaller rate, round by round', async () => {
    const spin = (n: number): number => {
      let x = 0;
      for (let k = 0; k < n; k++) x = (x * 31 + k) % 1000003;
      return x;
    };
    const p = await measurePairedAsync(
      async () => void spin(200_000),
      () => void spin(2_000),
      { rounds: 6, opsPerRound: 5, baseOpsPerRound: 5 },
    );
    expect(p.ratio).toBeLessThan(0.5);
    expect(p.ratios.every((r) => r < 1)).toBe(true);
  });
});

describe('measurePaired', () => {
  it('alternates which side goes first, indexes each side across rounds and prepares each op round', () => {
    const order: string[] = [];
    const p = measurePaired(
      (i) => void order.push(`op${i}`),
      (j) => void order.push(`base${j}`),
      { rounds: 3, opsPerRound: 2, baseOpsPerRound: 1, beforeOpRound: (r) => void order.push(`before${r}`) },
    );
    expect(order).toEqual([
      'before0',
      'op0',
      'op1',
      'base0',
      'base1',
      'before1',
      'op2',
      'op3',
      'before2',
      'op4',
      'op5',
      'base2',
    ]);
    expect(p.ratios).toHaveLength(3);
  });
});
