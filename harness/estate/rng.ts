import { sha256 } from '../../certs';

/** A seeded pseudo-random source: uniform floats in [0, 1) and integers in [0, n). */
export interface Rng {
  next(): number;
  int(n: number): number;
}

/**
 * xoshiro128** seeded from SHA-256 of a text seed: deterministic, fast, no global state, so an
 * estate is a pure function of its seed.
 */
export function seededRng(seed: string): Rng {
  const h = sha256(Buffer.from(`estate\u0000${seed}`, 'utf8'));
  const view = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const s = Uint32Array.of(view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12) | 1);
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  return {
    next: () => nextU32() / 0x1_0000_0000,
    int: (n) => Math.floor((nextU32() / 0x1_0000_0000) * n),
  };
}
