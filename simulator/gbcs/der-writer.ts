import { GbcsError } from './errors';

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The minimal DER length octets for `length`. @see X.690 10.1 */
export function derLength(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new GbcsError('ERR_GBCS_ENCODE', `length ${length} out of range`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let v = length; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
  return Uint8Array.from([0x80 | octets.length, ...octets]);
}

/** One DER element from its identifier octet and contents. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), derLength(content.length), content);
}

/** Minimal two's-complement contents of a non-negative INTEGER. @see X.690 8.3 */
export function unsignedContent(value: bigint, max: bigint, what: string): Uint8Array {
  if (value < 0n || value > max)
    throw new GbcsError('ERR_GBCS_ENCODE', `${what} ${value} out of range 0..${max}`);
  const octets: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) octets.unshift(Number(v & 0xffn));
  if (octets.length === 0 || octets[0]! >= 0x80) octets.unshift(0);
  return Uint8Array.from(octets);
}

/** A DER INTEGER (or implicitly tagged INTEGER with `tag`) of a non-negative value. */
export function derUnsignedTlv(value: bigint | number, max: bigint, what: string, tag = 0x02): Uint8Array {
  return tlv(tag, unsignedContent(BigInt(value), max, what));
}
