/**
 * The server side of the soak and HTTP load benches: the reference served on loopback in its own
 * process (so its memory and CPU are measured alone), answering `stats` messages with its memory
 * after a forced GC, `rss` with its RSS, and `cpu` with its CPU time so far.
 */
import { createReferenceHttpServer, SERVE_PENDING_CAP } from '../harness/serve';

const token = process.env.SOAK_TOKEN ?? 'soak-token-0123456789';
// the limits `smets1 serve` uses by default
const server = createReferenceHttpServer({
  policy: 'legacy',
  pinned: true,
  token,
  limits: { pendingCap: SERVE_PENDING_CAP },
});

void server.listen(0).then(({ url }) => process.send?.({ type: 'ready', url }));
process.on('message', (m: { type?: string }) => {
  if (m.type === 'stats') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const mem = process.memoryUsage();
    process.send?.({
      type: 'stats',
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
    });
  } else if (m.type === 'rss') {
    // no forced GC: what the server holds while it works
    const mem = process.memoryUsage();
    process.send?.({
      type: 'rss',
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
    });
  } else if (m.type === 'cpu') {
    const cpu = process.cpuUsage();
    process.send?.({
      type: 'cpu',
      rss: process.memoryUsage().rss,
      cpuUs: cpu.user + cpu.system,
      systemUs: cpu.system,
    });
  }
});
process.on('disconnect', () => void server.close(200).then(() => process.exit(0)));
