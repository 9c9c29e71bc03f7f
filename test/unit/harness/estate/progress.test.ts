import { createProgressBar, createProgressLines, formatProgress } from '../../../../harness/estate';

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

  it('shows elapsed time, rate and ETA of the policy on the bar', () => {
    const out: string[] = [];
    let t = 0;
    const bar = createProgressBar(
      (s) => out.push(s),
      () => t,
      0,
    );
    bar(p(0));
    t = 10_000;
    bar(p(250));
    expect(out[1]).toContain('250/1000 meters  25% 0:10 25 meters/s ETA 0:30');
  });

  it('in logs, writes a line when a policy ends and a heartbeat between, never a carriage return', () => {
    const out: string[] = [];
    let t = 0;
    const lines = createProgressLines(
      (s) => out.push(s),
      () => t,
      30_000,
    );
    lines(p(0));
    t = 10_000;
    lines(p(100));
    expect(out).toEqual([]);
    t = 31_000;
    lines(p(500));
    t = 40_000;
    lines(p(1000));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^smets1 estate: \[1\/5\] legacy .* 500\/1000 meters  50% 0:31 16 meters\/s ETA 0:31\n$/,
    );
    expect(out[1]).toMatch(/1000\/1000 meters 100% 0:40 25 meters\/s ETA 0:00\n$/);
    expect(out.join('')).not.toContain('\r');
  });
});
