import { benchHttp } from '../../bench/http-load';

test('the HTTP load bench answers concurrent conformance runs without errors and reports its numbers', async () => {
  const r = await benchHttp({ concurrency: 3, runs: 3, scenarios: 'KRP-MIS-*,KRP-REPLAY-*' });
  expect(r.runs).toBe(3);
  expect(r.errors).toBe(0);
  expect(r.requests).toBeGreaterThan(r.cases * 3);
  expect(r.requestsPerSec).toBeGreaterThan(0);
  expect(r.peakRssMb).toBeGreaterThan(0);
}, 120_000);
