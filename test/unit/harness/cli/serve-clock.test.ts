import { runningClock } from '../../../../harness/cli/commands/serve';

describe('runningClock (serve --world: the world clock on the server side)', () => {
  it('starts at the given time and runs with the real time', () => {
    let now = 1_000_000;
    const clock = runningClock(new Date('2025-06-01T12:00:00Z'), () => now);
    expect(clock().toISOString()).toBe('2025-06-01T12:00:00.000Z');
    now += 90_500;
    expect(clock().toISOString()).toBe('2025-06-01T12:01:30.500Z');
  });
});
