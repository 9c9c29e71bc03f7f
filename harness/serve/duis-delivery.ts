/** One asynchronous DUIS answer that could not be delivered to the receiver. */
export interface Undelivered {
  readonly requestId: string;
  readonly attempts: number;
  readonly reason: string;
}

/** Delivery counters of a DUIS server's asynchronous answers. */
export interface DeliveryStats {
  readonly delivered: number;
  readonly pending: number;
  readonly undelivered: readonly Undelivered[];
}

/** Options of createDeliveryQueue. */
export interface DeliveryOptions {
  /** The user's Receive Response Service URL; undefined = nothing is sent (every answer is undelivered). */
  readonly receiver?: string;
  /** Attempts per answer (default 4). */
  readonly attempts?: number;
  /** First retry delay; doubles each retry (default 100 ms). */
  readonly baseDelayMs?: number;
  /** Time allowed per POST (default 5 s). */
  readonly timeoutMs?: number;
  /** Answers waiting or being delivered at most (default 256); beyond it `full()` is true and `send` refuses. */
  readonly maxQueued?: number;
  /** POSTs to the receiver at the same time at most (default 4), so a silent receiver holds at most this many descriptors. */
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/** Posts signed DUIS answers to the receiver in the background, with bounded retries. */
export interface DeliveryQueue {
  /** Queues one signed answer for `requestId`; false (recorded as undelivered) when the queue is full. */
  send(requestId: string, xml: string): boolean;
  /** True when the queue holds `maxQueued` answers: the server refuses work that would add one. */
  full(): boolean;
  stats(): DeliveryStats;
  /** Resolves once every queued answer was delivered or given up. */
  drain(): Promise<void>;
}

const MAX_UNDELIVERED_KEPT = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Default bound of answers waiting or in delivery. @see docs/reliability.md */
export const DEFAULT_MAX_QUEUED = 256;

/**
 * Creates the delivery queue of a DUIS server: each answer is POSTed as `application/xml`; a 2xx
 * ends it, anything else is retried with exponential backoff, then recorded as undelivered (the
 * record keeps the latest 1000). At most `concurrency` POSTs run at once and at most `maxQueued`
 * answers wait or run.
 */
export function createDeliveryQueue(options: DeliveryOptions): DeliveryQueue {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const undelivered: Undelivered[] = [];
  const maxQueued = Math.max(1, options.maxQueued ?? DEFAULT_MAX_QUEUED);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const waiting: { requestId: string; xml: string }[] = [];
  const inFlight = new Set<Promise<void>>();
  let delivered = 0;

  const giveUp = (requestId: string, tried: number, reason: string): void => {
    undelivered.push({ requestId, attempts: tried, reason });
    if (undelivered.length > MAX_UNDELIVERED_KEPT) undelivered.shift();
    options.log?.(`undelivered ${requestId} after ${tried} attempt(s): ${reason}`);
  };

  const deliver = async (requestId: string, xml: string): Promise<void> => {
    if (!options.receiver) return giveUp(requestId, 0, 'no receiver configured');
    let reason = '';
    for (let i = 0; i < attempts; i++) {
      if (i > 0) await sleep(base * 2 ** (i - 1));
      try {
        const res = await fetch(options.receiver, {
          method: 'POST',
          headers: { 'content-type': 'application/xml' },
          body: xml,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.status >= 200 && res.status < 300) {
          delivered++;
          return;
        }
        reason = `HTTP ${res.status}`;
      } catch (err) {
        reason = err instanceof Error ? err.message : String(err);
      }
    }
    giveUp(requestId, attempts, reason);
  };

  const pump = (): void => {
    while (inFlight.size < concurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      const job = deliver(next.requestId, next.xml).finally(() => {
        inFlight.delete(job);
        pump();
      });
      inFlight.add(job);
    }
  };
  const queued = (): number => waiting.length + inFlight.size;

  return {
    send(requestId, xml) {
      if (queued() >= maxQueued) {
        giveUp(requestId, 0, `delivery queue full (${maxQueued})`);
        return false;
      }
      waiting.push({ requestId, xml });
      pump();
      return true;
    },
    full: () => queued() >= maxQueued,
    stats: () => ({ delivered, pending: queued(), undelivered: [...undelivered] }),
    async drain() {
      while (queued() > 0) await Promise.all([...inFlight]);
    },
  };
}
