/**
 * The server side of the soak and HTTP load benches: the reference served on loopback in its own
 * process as `smets1 serve --policy legacy` serves it (in its heap-bounded thread, with the
 * command's defaults), so its memory and CPU are measured alone. It answers `stats` with its memory
 * after a forced GC, `rss` with its RSS, and `cpu` with the process's CPU time so far.
 * SOAK_MAX_HEAP sets `--max-heap` (default: the command's).
 */
import { maxHeapOption, serveCommand, startServe, type ServeOptions } from '../harness/cli/commands/serve';
import { startServeThread } from '../harness/cli/serve-thread';
import type { CliIo } from '../harness/cli/io';

const token = process.env.SOAK_TOKEN ?? 'soak-token-0123456789';
const io: CliIo = { stdout: () => undefined, stderr: () => undefined, cwd: process.cwd(), quiet: true };
// the command's option defaults, as a user who gives only these options gets them
const opts: ServeOptions = {
  ...(serveCommand(io, () => undefined).opts() as ServeOptions),
  policy: 'legacy',
  port: '0',
  token,
};
const maxHeap = maxHeapOption(process.env.SOAK_MAX_HEAP);

async function serve(): Promise<void> {
  const threaded = maxHeap === 0 ? undefined : await startServeThread(io, opts, maxHeap);
  const served = threaded ?? (await startServe(io, opts));
  const memory = async (gc: boolean) => {
    if (threaded) return threaded.memory(gc);
    if (gc) (globalThis as { gc?: () => void }).gc?.();
    return process.memoryUsage();
  };
  process.send?.({ type: 'ready', url: served.url });
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'stats' || m.type === 'rss') {
      // `rss`: no forced GC, what the server holds while it works
      void memory(m.type === 'stats').then((mem) =>
        process.send?.({
          type: m.type,
          rss: process.memoryUsage().rss,
          heapUsed: mem.heapUsed,
          heapTotal: mem.heapTotal,
          external: mem.external,
          arrayBuffers: mem.arrayBuffers,
        }),
      );
    } else if (m.type === 'cpu') {
      // the whole process: the server's thread and this one
      const cpu = process.cpuUsage();
      process.send?.({
        type: 'cpu',
        rss: process.memoryUsage().rss,
        cpuUs: cpu.user + cpu.system,
        systemUs: cpu.system,
      });
    }
  });
  process.on('disconnect', () => void served.stop().then(() => process.exit(0)));
}

void serve().catch((err: unknown) => {
  process.stderr.write(`soak server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
