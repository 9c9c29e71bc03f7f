import { runFlood } from '../../bench/flood';
import { startServeChild, type ServeChild } from './support/serve-child';

/**
 * A server with a 96 MB heap (`--max-heap 96`) flooded with requests carrying certificates it has never seen
 * (padded to 40 KB each, so an unbounded cache would need about 250 KB per request) stays alive,
 * keeps answering and keeps its RSS bounded (docs/reliability.md).
 */
describe('serve at a 96 MB heap under a flood of distinct certificates', () => {
  let server: ServeChild | undefined;
  afterEach(async () => server?.stop());

  it('survives 800 refused CV 4 requests with fresh 40 KB certificates (decode cache bound)', async () => {
    server = await startServeChild(['--policy', 'legacy', '--max-heap', '96']);
    let peak = 0;
    const r = await runFlood({
      baseUrl: server.url,
      token: server.token,
      total: 800,
      concurrency: 8,
      kinds: ['cv4-rejected'],
      padBytes: 40_000,
      onTick: (n) => {
        if (n % 100 === 0) peak = Math.max(peak, server?.rssMb() ?? 0);
      },
    });
    expect(server.alive()).toBe(true);
    expect(r.errors).toBe(0);
    expect(r.counts['cv4-rejected rejected']).toBe(800);
    const health = await fetch(`${server.url}/v1/health`);
    expect(health.status).toBe(200);
    if (process.platform === 'linux') expect(peak).toBeLessThan(400);
  }, 180_000);

  it('survives 1,500 accepted CV 4 left pending, with fresh 20 KB certificates (pending bound)', async () => {
    server = await startServeChild(['--policy', 'legacy', '--pending-cap', '20', '--max-heap', '96']);
    let peak = 0;
    const r = await runFlood({
      baseUrl: server.url,
      token: server.token,
      total: 1500,
      concurrency: 8,
      kinds: ['cv4-pending'],
      padBytes: 20_000,
      onTick: (n) => {
        if (n % 100 === 0) peak = Math.max(peak, server?.rssMb() ?? 0);
      },
    });
    expect(server.alive()).toBe(true);
    expect(r.errors).toBe(0);
    expect(r.counts['cv4-pending accepted']).toBe(1500);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
    if (process.platform === 'linux') expect(peak).toBeLessThan(400);
  }, 240_000);
});
