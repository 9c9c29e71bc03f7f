import type { ResourceLimits } from 'node:worker_threads';

/**
 * The heap bound `smets1 serve` runs its server under (docs/reliability.md). V8 lets a heap grow
 * between full collections by a factor that rises with the heap's limit (up to 4 for a limit of
 * 2 GB or more: `src/heap/heap-controller.h` in V8), and keeps the pages; under a steady load a
 * server with node's default limit holds several times its live heap. A process cannot lower its
 * own limit once it runs, but a worker thread is given one when it starts (node's
 * `resourceLimits`), so the server runs in one.
 */

/**
 * The old-generation heap of `serve`'s thread by default, in MB: room for a heavily used server
 * (the live heap of the soak's flood stays under 50 MB) at a limit where V8 keeps the heap near its
 * live size (the soak at 128, 192 and 1024 MB: docs/reliability.md).
 */
export const SERVE_MAX_HEAP_MB = 1024;

/** The smallest and largest `--max-heap` accepted (0, outside it, runs the server on the main thread). */
export const SERVE_MAX_HEAP_RANGE = { min: 32, max: 65_536 } as const;

/** node's resource limits for a server thread of `maxHeapMb` MB. */
export function serveResourceLimits(maxHeapMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: maxHeapMb };
}
