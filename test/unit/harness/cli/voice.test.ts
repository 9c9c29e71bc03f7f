import { colorOf, voiceOf, type CliIo } from '../../../../harness/cli/io';
import { formatElapsed, phase } from '../../../../harness/cli/voice';

function io(voice: CliIo['voice']): { io: CliIo; err: () => string } {
  const err: string[] = [];
  return {
    io: { stdout: () => undefined, stderr: (t) => void err.push(t), cwd: '.', quiet: voice !== 'tty', voice },
    err: () => err.join(''),
  };
}

describe('the run voice', () => {
  it('is silent with --quiet, lines in CI or on a pipe, bars on a terminal', () => {
    expect(voiceOf(true, { CI: '1' }, true)).toBe('silent');
    expect(voiceOf(false, { CI: 'true' }, true)).toBe('lines');
    expect(voiceOf(false, {}, false)).toBe('lines');
    expect(voiceOf(false, {}, true)).toBe('tty');
  });

  it('colours a terminal unless NO_COLOR is set to a non-empty value', () => {
    expect(colorOf({}, true)).toBe(true);
    expect(colorOf({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorOf({ NO_COLOR: '' }, true)).toBe(true);
    expect(colorOf({}, false)).toBe(false);
  });

  it('prints one line per finished phase with its facts and elapsed time, none when silent', async () => {
    let t = 1000;
    const now = (): number => t;
    for (const voice of ['lines', 'tty'] as const) {
      const c = io(voice);
      const r = await phase(
        c.io,
        'demo',
        'proof',
        () => ((t += 2500), 42),
        (n) => `${n} findings`,
        now,
      );
      expect(r).toBe(42);
      expect(c.err()).toBe('smets1 demo: proof: 42 findings in 2.5 s\n');
    }
    for (const voice of ['silent', undefined] as const) {
      const c = io(voice);
      await phase(c.io, 'demo', 'proof', () => 1, undefined, now);
      expect(c.err()).toBe('');
    }
  });

  it('formats seconds below 100 s with one decimal, minutes above', () => {
    expect(formatElapsed(1234)).toBe('1.2 s');
    expect(formatElapsed(784_000)).toBe('13 min 04 s');
  });
});
