import fc from 'fast-check';
import { createLru } from '../../../certs';

describe('createLru', () => {
  it('keeps at most `limit` entries, evicting the least recently used', () => {
    const lru = createLru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('bounds the total weight and drops an entry heavier than the bound alone', () => {
    const lru = createLru<string, string>(100, { weigh: (v) => v.length, maxWeight: 10 });
    lru.set('a', 'xxxx');
    lru.set('b', 'yyyy');
    lru.set('c', 'zzzz');
    expect(lru.size).toBe(2);
    expect(lru.weight).toBe(8);
    expect(lru.get('a')).toBeUndefined();
    lru.set('huge', 'w'.repeat(11));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.weight).toBe(8);
  });

  it('shrinks on resize, empties on clear, and refuses a bad bound with ERR_CACHE_LIMIT', () => {
    const lru = createLru<number, number>(10);
    for (let i = 0; i < 10; i++) lru.set(i, i);
    lru.resize(3);
    expect(lru.size).toBe(3);
    expect(lru.get(9)).toBe(9);
    expect(lru.get(0)).toBeUndefined();
    lru.clear();
    expect(lru.size).toBe(0);
    expect(() => lru.resize(0)).toThrow(expect.objectContaining({ code: 'ERR_CACHE_LIMIT' }));
    expect(() => createLru(1.5)).toThrow(expect.objectContaining({ code: 'ERR_CACHE_LIMIT' }));
  });

  it('never evicts a key before min(limit, ceil(limit/2) + 1) other keys have been used since its last use', () => {
    const op = fc.record({ get: fc.boolean(), key: fc.integer({ min: 0, max: 12 }) });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(op, { maxLength: 200, size: 'large' }),
        (limit, ops) => {
          const lru = createLru<number, number>(limit);
          // For each key: the distinct other keys used (read with a hit, or set) since its last use.
          const since = new Map<number, Set<number>>();
          const use = (key: number) => {
            for (const [k, others] of since) if (k !== key) others.add(key);
            since.set(key, new Set());
          };
          for (const { get, key } of ops) {
            if (!get) {
              lru.set(key, key);
              use(key);
            } else if (lru.get(key) === key) use(key);
            else if (since.has(key)) {
              expect(since.get(key)!.size).toBeGreaterThanOrEqual(Math.min(limit, Math.ceil(limit / 2) + 1));
              since.delete(key);
            }
            expect(lru.size).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });
});
