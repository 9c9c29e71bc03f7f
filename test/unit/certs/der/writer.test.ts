import fc from 'fast-check';
import {
  derLength,
  derNode,
  derUnsignedTlv,
  newBytes,
  tlv,
  unsignedContent,
  writeDer,
} from '../../../../certs/der/writer';

/** X.690 10.1 minimal length octets, written independently of the writer under test. */
function expectedLength(n: number): number[] {
  if (n < 0x80) return [n];
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
  return [0x80 | octets.length, ...octets];
}

describe('DER writer', () => {
  it.each([0, 1, 0x7f, 0x80, 0xff, 0x100, 0x1234, 0xffff, 0x10000, 0xffffff, 0x1000000, 0xffffffff])(
    'writes the minimal length octets of %i',
    (n) => {
      expect([...derLength(n)]).toEqual(expectedLength(n));
    },
  );

  it.each([-1, 1.5, 0x100000000, Number.NaN])('refuses the length %p with ERR_DER_ENCODE', (n) => {
    expect(() => derLength(n)).toThrow(expect.objectContaining({ code: 'ERR_DER_ENCODE' }));
  });

  it.each([0, 5, 0x7f, 0x80, 0x1ff, 0x10001])(
    'writes tag, length and %i content octets in one element',
    (n) => {
      const content = Uint8Array.from({ length: n }, (_, i) => i & 0xff);
      const out = tlv(0x30, content);
      expect([...out.subarray(0, 1 + expectedLength(n).length)]).toEqual([0x30, ...expectedLength(n)]);
      expect(Buffer.from(out.subarray(1 + expectedLength(n).length)).equals(Buffer.from(content))).toBe(true);
    },
  );
});

describe('DER unsigned INTEGER contents', () => {
  /** X.690 8.3 minimal two's complement of a non-negative value, written independently. */
  const expected = (v: bigint): number[] => {
    const hex = v.toString(16);
    const octets = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    return octets[0]! >= 0x80 ? [0, ...octets] : [...octets];
  };

  it.each([
    0n,
    1n,
    0x7fn,
    0x80n,
    0xffn,
    0x100n,
    0x7fffn,
    0x8000n,
    0x7fffffn,
    0x800000n,
    0x7fffffffn,
    0x80000000n,
    0xffffffffn,
    0x100000000n,
    (1n << 64n) - 1n,
  ])('encodes %p minimally', (v) => {
    expect([...unsignedContent(v, (1n << 64n) - 1n, 'v')]).toEqual(expected(v));
    expect([...derUnsignedTlv(v, (1n << 64n) - 1n, 'v')].slice(0, 1)).toEqual([0x02]);
  });

  it('encodes every value up to 2^64 - 1 as the independent encoding does', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.bigInt({ min: 0n, max: 1n << 33n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
        (v) => {
          expect([...unsignedContent(v, (1n << 64n) - 1n, 'v')]).toEqual(expected(v));
        },
      ),
    );
  });

  it('gives small values (shared between calls) the same bytes as any other value, under every tag', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0x02, 0x0a, 0x83), (v, tag) => {
        const expectedTlv = [...tlv(tag, Uint8Array.from(expected(BigInt(v))))];
        expect([...derUnsignedTlv(v, 1000n, 'v', tag)]).toEqual(expectedTlv);
        expect([...derUnsignedTlv(BigInt(v), 1000n, 'v', tag)]).toEqual(expectedTlv);
      }),
    );
    expect(() => derUnsignedTlv(5, 4n, 'v')).toThrow(expect.objectContaining({ code: 'ERR_DER_ENCODE' }));
  });

  it('refuses a value above its maximum or below zero with ERR_DER_ENCODE', () => {
    expect(() => unsignedContent(256n, 255n, 'role')).toThrow(
      expect.objectContaining({ code: 'ERR_DER_ENCODE' }),
    );
    expect(() => unsignedContent(-1n, 255n, 'role')).toThrow(
      expect.objectContaining({ code: 'ERR_DER_ENCODE' }),
    );
  });
});

describe('DER nodes', () => {
  it('write the same bytes as nested tlv over concatenated pieces, at every length form', () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    const small = Uint8Array.of(1, 2, 3);
    const inner = derNode(0x30, [big, small]);
    const node = derNode(0xa2, [small, inner, derNode(0x04, []), big]);
    const expected = tlv(
      0xa2,
      Uint8Array.from([...small, ...tlv(0x30, Uint8Array.from([...big, ...small])), 0x04, 0x00, ...big]),
    );
    expect(Buffer.from(writeDer(node)).equals(Buffer.from(expected))).toBe(true);
    expect(node.size).toBe(expected.length);
  });
});

describe("newBytes (the writers' allocator)", () => {
  it('hands out zeroed arrays of the asked size that never share bytes, pooled or not', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 60 }), (sizes) => {
        const arrays = sizes.map((n) => newBytes(n));
        arrays.forEach((a, i) => {
          expect(a).toBeInstanceOf(Uint8Array);
          expect(a.length).toBe(sizes[i]);
          expect(a.every((b) => b === 0)).toBe(true);
        });
        // Writing every array in full changes no other array.
        arrays.forEach((a, i) => a.fill((i % 255) + 1));
        arrays.forEach((a, i) => expect(a.every((b) => b === (i % 255) + 1)).toBe(true));
      }),
    );
  });

  it('shares one backing buffer between small outputs and gives large ones their own', () => {
    let a = newBytes(100);
    let b = newBytes(100);
    // The first pair may straddle the end of a chunk; the one after a fresh chunk cannot.
    if (a.buffer !== b.buffer) [a, b] = [b, newBytes(100)];
    expect(a.buffer).toBe(b.buffer);
    expect(a.byteOffset).not.toBe(b.byteOffset);
    expect(newBytes(10).buffer.byteLength).toBe(10);
    expect(newBytes(4096).buffer.byteLength).toBe(4096);
  });
});
