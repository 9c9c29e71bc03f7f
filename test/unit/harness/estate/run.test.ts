import { type EstateError, runEstate, type EstateRun } from '../../../../harness/estate';
import { presetPolicy } from '../../../../simulator';

/** The results without their clock readings. */
const counts = (run: EstateRun) =>
  run.results.map(
    ({ seconds: _s, requestsPerSecond: _r, cpuSeconds: _c, requestsPerCpuSecond: _q, ...rest }) => rest,
  );

describe('runEstate warm-up', () => {
  const base = {
    meters: 700,
    misplacedRate: 0.3,
    seed: 'warmup-test',
    shardSize: 128,
    policies: [presetPolicy('corrective'), presetPolicy('legacy')],
    workers: 0,
  } as const;

  it('changes no result, and reports its seconds apart from setup and the policies', async () => {
    const cold = await runEstate(base);
    // More warm-up meters than the estate holds: the warm-up wraps around to the first shards.
    const warm = await runEstate({ ...base, warmup: 1000 });
    expect(counts(warm)).toEqual(counts(cold));
    expect(cold.timings.warmupSeconds).toBe(0);
    expect(warm.timings.warmupSeconds).toBeGreaterThan(0);
    expect(warm.results[0]!.requests).toBe(2 * warm.results[0]!.misplaced);
  });

  it('refuses a negative or fractional warm-up with ERR_ESTATE_OPTIONS', async () => {
    for (const warmup of [-1, 2.5])
      await expect(runEstate({ ...base, warmup })).rejects.toThrow(
        expect.objectContaining({ code: 'ERR_ESTATE_OPTIONS' }) as EstateError,
      );
  });
});
