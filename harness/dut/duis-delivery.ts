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
  readonly log?: (line: string) => void;
}

/** Posts signed DUIS answers to the receiver in the background, with bounded retries. */
export interface DeliveryQueue {
  /** Queues one signed answer for `requestId`. */
  send(requestId: string, xml: string): void;
  stats(): DeliveryStats;
  /** Resolves once every queued answer was delivered or given up. */
  drain(): Promise<void>;
}

const MAX_UNDELIVERED_KEPT = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates the delivery queue of a DUIS server: each answer is POSTed as `application/xml`; a 2xx
 * ends it, anything else is retried with exponential backoff, then recorded as undelivered (the
 * record keeps the latest 1000).
 */
export function createDeliveryQueue(options: DeliveryOptions): DeliveryQueue {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const undelivered: Undelivered[] = [];
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

  return {
    send(requestId, xml) {
      const job = deliver(requestId, xml).finally(() => inFlight.delete(job));
      inFlight.add(job);
    },
    stats: () => ({ delivered, pending: inFlight.size, undelivered: [...undelivered] }),
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
