import { createProgressBar, formatProgress } from '../../../../harness/estate';

const p = (done: number) => ({ policy: 'legacy', policyIndex: 0, policies: 5, done, total: 1000 });

describe('progress', () => {
  it('draws a bar proportional to meters done', () => {
    expect(formatProgress(p(500), 10)).toContain('[#####.....] 500/1000 meters  50%');
    expect(formatProgress(p(1000), 10)).toContain('[##########]');
    expect(formatProgress(p(0), 10)).toContain('[1/5] legacy');
  });

  it('throttles redraws by the injected clock and ends a policy with a newline', () => {
    const out: string[] = [];
    let t = 0;
    const bar = createProgressBar(
      (s) => out.push(s),
      () => t,
      100,
    );
    bar(p(10));
    t = 50;
    bar(p(20));
    t = 150;
    bar(p(30));
    bar(p(1000));
    expect(out).toHaveLength(3);
    expect(out[2]!.endsWith('\n')).toBe(true);
    expect(out[0]!.startsWith('\r')).toBe(true);
  });
});
