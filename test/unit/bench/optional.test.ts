import { measureOptional } from '../../../bench/optional';

describe('measureOptional', () => {
  it('keeps the figure a measurement returns', async () => {
    expect(await measureOptional('benchX()', async () => ({ runsPerSecond: 42 }))).toEqual({
      status: 'ok',
      value: { runsPerSecond: 42 },
    });
  });

  it('turns a failing measurement into n/a with its first message line', async () => {
    const failing = () => {
      throw new Error('no estate\nstack detail');
    };
    expect(await measureOptional('benchY()', failing)).toEqual({
      status: 'n/a',
      reason: 'benchY() failed: no estate',
    });
  });
});
