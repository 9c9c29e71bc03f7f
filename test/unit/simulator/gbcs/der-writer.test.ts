import { derLength, tlv } from '../../../../simulator/gbcs/der-writer';

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

  it.each([-1, 1.5, 0x100000000, Number.NaN])('refuses the length %p with ERR_GBCS_ENCODE', (n) => {
    expect(() => derLength(n)).toThrow(expect.objectContaining({ code: 'ERR_GBCS_ENCODE' }));
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
