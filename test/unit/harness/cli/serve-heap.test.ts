import { main } from '../../../../harness/cli/main';
import { maxHeapOption } from '../../../../harness/cli/commands/serve';
import { SERVE_MAX_HEAP_MB, SERVE_MAX_HEAP_RANGE, serveResourceLimits } from '../../../../harness/serve/heap';

describe('serve --max-heap', () => {
  it('defaults to the bound serve runs with, and takes 0 or a whole number of MB in range', () => {
    expect(maxHeapOption(undefined)).toBe(SERVE_MAX_HEAP_MB);
    expect(maxHeapOption('0')).toBe(0);
    expect(maxHeapOption(String(SERVE_MAX_HEAP_RANGE.min))).toBe(SERVE_MAX_HEAP_RANGE.min);
    expect(maxHeapOption('512')).toBe(512);
    expect(maxHeapOption(String(SERVE_MAX_HEAP_RANGE.max))).toBe(SERVE_MAX_HEAP_RANGE.max);
  });

  it.each([
    '',
    '-1',
    '1.5',
    '0x40',
    ' 64',
    '64MB',
    String(SERVE_MAX_HEAP_RANGE.min - 1),
    String(SERVE_MAX_HEAP_RANGE.max + 1),
  ])('refuses %j with ERR_CLI_OPTION', (value) => {
    expect(() => maxHeapOption(value)).toThrow(expect.objectContaining({ code: 'ERR_CLI_OPTION' }));
  });

  it('bounds the thread by its old generation, the part V8 grows under load', () => {
    expect(serveResourceLimits(256)).toEqual({ maxOldGenerationSizeMb: 256 });
  });
});

describe('bench --soak with SOAK_MAX_HEAP (the soak server bound)', () => {
  it('refuses a bound serve would refuse, with ERR_CLI_OPTION and exit 2, before starting anything', async () => {
    const err: string[] = [];
    const io = {
      stdout: () => undefined,
      stderr: (t: string) => void err.push(t),
      cwd: process.cwd(),
      quiet: true,
    };
    const before = process.env.SOAK_MAX_HEAP;
    process.env.SOAK_MAX_HEAP = '12';
    try {
      expect(await main(['bench', '--soak', '5'], io)).toBe(2);
    } finally {
      if (before === undefined) delete process.env.SOAK_MAX_HEAP;
      else process.env.SOAK_MAX_HEAP = before;
    }
    expect(err.join('')).toMatch(/^smets1: ERR_CLI_OPTION: SOAK_MAX_HEAP must be 0 .* got "12"\n$/);
  });
});
