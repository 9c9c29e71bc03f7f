import { CertsError } from './errors';

/** A least-recently-used map bounded in entries and, optionally, in total weight (bytes). */
export interface Lru<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  clear(): void;
  readonly size: number;
  /** Total weight of the entries held (0 without a weigher). */
  readonly weight: number;
  /** Current bounds. */
  readonly limit: number;
  readonly maxWeight: number;
  /** Changes the bounds, evicting the least recently used entries above them. */
  resize(limit: number, maxWeight?: number): void;
}

function positive(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CertsError('ERR_CACHE_LIMIT', `${what} must be a positive integer, got ${n}`);
  return n;
}

/**
 * Creates an LRU map holding at most `limit` entries and, with `weigh`, at most `maxWeight` in
 * total; an entry heavier than `maxWeight` alone is not kept.
 */
export function createLru<K, V>(
  limit: number,
  options: { weigh?: (value: V) => number; maxWeight?: number } = {},
): Lru<K, V> {
  let cap = positive(limit, 'cache limit');
  let capWeight = positive(options.maxWeight ?? Number.MAX_SAFE_INTEGER, 'cache weight limit');
  const weigh = options.weigh ?? (() => 0);
  const map = new Map<K, { value: V; weight: number; stamp: number }>();
  let total = 0;
  /** Counts inserts and moves to the back; an entry's stamp is the count at its last one. */
  let clock = 0;
  const remove = (key: K): void => {
    const e = map.get(key);
    if (!e) return;
    map.delete(key);
    total -= e.weight;
  };
  const trim = (): void => {
    while (map.size > cap || total > capWeight) remove(map.keys().next().value as K);
  };
  return {
    get(key) {
      const e = map.get(key);
      if (e === undefined) return undefined;
      // Moving an entry to the back costs a delete and an insert. An entry moved (or added) less
      // than half the bound of moves ago is still far from the front, so it stays where it is: a
      // key is evicted only after min(limit, ceil(limit/2) + 1) other keys were used since its last
      // use (exact LRU: limit), and bounds up to 3 behave exactly. (The path cache is read twice on
      // every 6.15.1.)
      if (clock - e.stamp >= cap >> 1) {
        map.delete(key);
        map.set(key, e);
        e.stamp = ++clock;
      }
      return e.value;
    },
    set(key, value) {
      remove(key);
      const weight = weigh(value);
      if (weight > capWeight) return;
      map.set(key, { value, weight, stamp: ++clock });
      total += weight;
      trim();
    },
    clear: () => {
      map.clear();
      total = 0;
    },
    get size() {
      return map.size;
    },
    get weight() {
      return total;
    },
    get limit() {
      return cap;
    },
    get maxWeight() {
      return capWeight;
    },
    resize(n, w) {
      cap = positive(n, 'cache limit');
      if (w !== undefined) capWeight = positive(w, 'cache weight limit');
      trim();
    },
  };
}
