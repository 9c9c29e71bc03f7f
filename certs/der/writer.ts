import { CertsError } from '../errors';

// Output arrays of 65 to 2,048 bytes are carved from shared 8 KiB chunks, each region handed out
// once (so it is zero, like a fresh array). Node gives every typed array over 64 bytes its own
// off-heap backing store, which the young-generation collector then sweeps one by one: on the
// estate's hot path (several such arrays a request) that sweep was a third of every scavenge.
// A view's `.buffer` is the chunk: read bytes through byteOffset/byteLength, never the whole buffer.
// A view keeps its whole chunk alive, so an output kept for long (a pending pre-command) may keep up
// to 8 KiB besides its own bytes: the trade-off (and the size) of node's own Buffer pool.
const CHUNK_BYTES = 8 * 1024;
const POOLED_MIN = 65;
const POOLED_MAX = 2048;
let chunk = new ArrayBuffer(CHUNK_BYTES);
let chunkUsed = 0;

/** A zeroed byte array of `size` (pooled when small, see above): the writers' one allocator. */
export function newBytes(size: number): Uint8Array {
  if (size < POOLED_MIN || size > POOLED_MAX) return new Uint8Array(size);
  if (chunkUsed + size > CHUNK_BYTES) {
    chunk = new ArrayBuffer(CHUNK_BYTES);
    chunkUsed = 0;
  }
  const out = new Uint8Array(chunk, chunkUsed, size);
  chunkUsed += (size + 7) & ~7;
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = newBytes(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** How many octets the minimal DER length of `length` takes (1 to 5); throws when out of range. */
export function derLengthSize(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) {
    throw new CertsError('ERR_DER_ENCODE', `length ${length} out of range`);
  }
  if (length < 0x80) return 1;
  let octets = 1;
  for (let v = length; v > 0xff; v = Math.floor(v / 256)) octets++;
  return 1 + octets;
}

/** Writes the minimal DER length of `length` (taking `size` octets) into `out` at `at`. */
export function writeDerLength(out: Uint8Array, at: number, length: number, size: number): void {
  if (size === 1) {
    out[at] = length;
    return;
  }
  out[at] = 0x80 | (size - 1);
  for (let i = size - 1, v = length; i >= 1; i--, v = Math.floor(v / 256)) out[at + i] = v % 256;
}

/** The minimal DER length octets for `length`. @see X.690 10.1 */
export function derLength(length: number): Uint8Array {
  const size = derLengthSize(length);
  const out = new Uint8Array(size);
  writeDerLength(out, 0, length, size);
  return out;
}

/** One DER element from its identifier octet and contents (written into one new buffer). */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const size = derLengthSize(content.length);
  const out = newBytes(1 + size + content.length);
  out[0] = tag;
  writeDerLength(out, 1, content.length, size);
  out.set(content, 1 + size);
  return out;
}

/** Minimal two's-complement contents of a non-negative INTEGER. @see X.690 8.3 */
export function unsignedContent(value: bigint, max: bigint, what: string): Uint8Array {
  if (value < 0n || value > max)
    throw new CertsError('ERR_DER_ENCODE', `${what} ${value} out of range 0..${max}`);
  if (value < 0x80n) return Uint8Array.of(Number(value));
  if (value <= 0xffffffffn) {
    // Up to four value octets (most counters, modes and statuses): no BigInt arithmetic.
    const n = Number(value);
    const size = n < 0x80 ? 1 : n < 0x8000 ? 2 : n < 0x800000 ? 3 : n < 0x80000000 ? 4 : 5;
    const out = new Uint8Array(size);
    for (let i = size - 1, v = n; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
    return out;
  }
  const octets: number[] = [];
  for (let v = value; v > 0n; v >>= 8n) octets.unshift(Number(v & 0xffn));
  if (octets.length === 0 || octets[0]! >= 0x80) octets.unshift(0);
  return Uint8Array.from(octets);
}

/**
 * A DER INTEGER (or implicitly tagged INTEGER with `tag`) of a non-negative value. The result may
 * be shared between calls: copy it into an encoding, do not change it.
 */
export function derUnsignedTlv(value: bigint | number, max: bigint, what: string, tag = 0x02): Uint8Array {
  const small = typeof value === 'number' ? value : value <= 0xffn && value >= 0n ? Number(value) : -1;
  if (small >= 0 && small <= 0xff && Number.isInteger(small) && (max >= 0xffn || BigInt(small) <= max)) {
    // Values 0-255 (roles, modes, statuses, small counters) are shared: the bytes are only ever
    // copied into a larger encoding, never changed.
    const byTag = (SMALL_TLVS[tag] ??= []);
    return (byTag[small] ??= tlv(tag, unsignedContent(BigInt(small), max, what)));
  }
  return tlv(tag, unsignedContent(BigInt(value), max, what));
}

const SMALL_TLVS: (Uint8Array | undefined)[][] = [];

/** A DER element not written yet: its tag and content pieces, sizes known up front. */
export interface DerNode {
  readonly tag: number;
  readonly pieces: readonly (Uint8Array | DerNode)[];
  readonly contentLength: number;
  /** Encoded size: tag, length octets and content. */
  readonly size: number;
}

/**
 * An element whose content is `pieces` (encoded bytes or further nodes), written only by
 * `writeDer`: nested elements cost one allocation and one copy of their bytes in all.
 */
export function derNode(tag: number, pieces: readonly (Uint8Array | DerNode)[]): DerNode {
  let contentLength = 0;
  for (const p of pieces) contentLength += p instanceof Uint8Array ? p.length : p.size;
  return { tag, pieces, contentLength, size: 1 + derLengthSize(contentLength) + contentLength };
}

/** The bytes of a node (the same bytes `tlv` over the concatenated pieces would give). */
export function writeDer(node: DerNode): Uint8Array {
  const out = newBytes(node.size);
  writeNode(out, 0, node);
  return out;
}

/** Writes `pieces` one after the other into `out` from `at`; returns the position after them. */
export function writeDerPieces(
  out: Uint8Array,
  at: number,
  pieces: readonly (Uint8Array | DerNode)[],
): number {
  for (const p of pieces) {
    if (p instanceof Uint8Array) {
      // A few bytes (tags, small INTEGERs, IDs) copy faster in a loop than through `set`.
      if (p.length <= 24) for (let i = 0; i < p.length; i++) out[at + i] = p[i]!;
      else out.set(p, at);
      at += p.length;
    } else at = writeNode(out, at, p);
  }
  return at;
}

function writeNode(out: Uint8Array, at: number, n: DerNode): number {
  out[at++] = n.tag;
  const lengthSize = derLengthSize(n.contentLength);
  writeDerLength(out, at, n.contentLength, lengthSize);
  return writeDerPieces(out, at + lengthSize, n.pieces);
}
