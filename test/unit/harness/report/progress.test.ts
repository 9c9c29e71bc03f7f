import { createProgress } from '../../../../harness/report';

const sink = (): { out: string[]; write: (s: string) => void } => {
  const out: string[] = [];
  return { out, write: (s) => void out.push(s) };
};

describe('createProgress', () => {
  it('writes nothing at all when quiet', () => {
    const s = sink();
    const p = createProgress({ total: 3, quiet: true, write: s.write });
    p.tick('a');
    p.tick('b');
    p.done();
    expect(s.out).toEqual([]);
  });

  it('redraws one line with \\r per tick and ends it once', () => {
    const s = sink();
    const p = createProgress({ total: 4, quiet: false, write: s.write });
    p.tick('KRP-MIS-001 legacy');
    p.tick('KRP-MIS-001 relaxed');
    p.done();
    p.done();
    expect(s.out).toHaveLength(3);
    expect(s.out.slice(0, 2).every((l) => l.startsWith('\r') && !l.includes('\n'))).toBe(true);
    expect(s.out[0]).toContain('1/4');
    expect(s.out[0]).toContain(' 25%');
    expect(s.out[1]).toContain('2/4');
    expect(s.out[1]).toContain('KRP-MIS-001 relaxed');
    expect(s.out[2]).toBe('\n');
  });

  it('shows a full bar at the end and never more than 100%', () => {
    const s = sink();
    const p = createProgress({ total: 2, quiet: false, write: s.write });
    p.tick();
    p.tick();
    p.tick();
    expect(s.out[1]).toMatch(/\[#+\] 100%/);
    expect(s.out[2]).toContain('100%');
  });

  it('keeps every line the same width whatever the label', () => {
    const s = sink();
    const p = createProgress({ total: 10, quiet: false, write: s.write });
    p.tick('x');
    p.tick('a very long label that goes on and on and on past the width of the bar line');
    expect(s.out[0]!.length).toBe(s.out[1]!.length);
  });

  it('shows elapsed time, rate and ETA when given a clock', () => {
    const out: string[] = [];
    let t = 0;
    const p = createProgress({ total: 100, quiet: false, write: (s) => out.push(s), now: () => t });
    t = 5000;
    for (let i = 0; i < 25; i += 1) p.tick('x');
    expect(out.at(-1)).toContain(' 25/100 0:05 5.0/s ETA 0:15 ');
  });
});
