import { GbcsError } from './errors';
import type { GbcsFinding } from './findings';

/** One decoded DER element: its identifier octet and the bounds of its contents in the source. */
export interface Tlv {
  readonly tag: number;
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
  readonly content: Uint8Array;
  /** The whole element (identifier, length and contents). */
  readonly raw: Uint8Array;
}

const MAX_LENGTH_OCTETS = 4;

/**
 * Reads a DER definite length at `offset` within `limit`; rejects indefinite and over-long forms, and
 * non-minimal forms unless `findings` is given (then they are recorded there: GBCS data writes some
 * lengths long-form with leading zeros, see docs/gbcs-bytes.md).
 * @see X.690 10.1 (DER length rules)
 */
export function readDerLength(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  findings?: GbcsFinding[],
): { length: number; next: number } {
  if (offset >= limit) throw new GbcsError('ERR_GBCS_TRUNCATED', `length octet missing at ${offset}`);
  const first = bytes[offset]!;
  if (first < 0x80) return { length: first, next: offset + 1 };
  const count = first & 0x7f;
  if (count === 0) throw new GbcsError('ERR_GBCS_LENGTH', `indefinite length at ${offset}`);
  if (count > MAX_LENGTH_OCTETS)
    throw new GbcsError('ERR_GBCS_LENGTH', `length of ${count} octets at ${offset}`);
  if (offset + 1 + count > limit) throw new GbcsError('ERR_GBCS_TRUNCATED', `length octets cut at ${offset}`);
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 1 + i]!;
  if (bytes[offset + 1] === 0 || length < 0x80) {
    if (!findings) throw new GbcsError('ERR_GBCS_LENGTH', `non-minimal long-form length at ${offset}`);
    findings.push({ code: 'NON_MINIMAL_LENGTH', offset, detail: `${count}-octet long form for ${length}` });
  }
  return { length, next: offset + 1 + count };
}

/**
 * A strict forward-only DER reader over a byte range; every read checks bounds and tags. With
 * `findings`, non-minimal lengths are recorded there instead of refused.
 */
export class DerReader {
  private pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly limit = bytes.length,
    private readonly findings?: GbcsFinding[],
  ) {
    this.pos = start;
  }

  /** True when no bytes remain in this reader's range. */
  get done(): boolean {
    return this.pos >= this.limit;
  }

  /** The identifier octet of the next element, or undefined at the end. */
  peekTag(): number | undefined {
    return this.done ? undefined : this.bytes[this.pos];
  }

  /** Reads the next element whatever its tag. */
  readAny(): Tlv {
    const start = this.pos;
    if (start >= this.limit) throw new GbcsError('ERR_GBCS_TRUNCATED', `element expected at ${start}`);
    const tag = this.bytes[start]!;
    if ((tag & 0x1f) === 0x1f)
      throw new GbcsError('ERR_GBCS_TAG', `multi-byte tag 0x${hex(tag)} at ${start}`);
    const { length, next } = readDerLength(this.bytes, start + 1, this.limit, this.findings);
    if (length > this.limit - next) {
      throw new GbcsError(
        'ERR_GBCS_LENGTH',
        `length ${length} at ${start} exceeds the ${this.limit - next} bytes left`,
      );
    }
    this.pos = next + length;
    return {
      tag,
      start,
      contentStart: next,
      end: this.pos,
      content: this.bytes.subarray(next, this.pos),
      raw: this.bytes.subarray(start, this.pos),
    };
  }

  /** Reads the next element and checks its identifier octet. */
  read(tag: number, what: string): Tlv {
    const found = this.peekTag();
    if (found === undefined) throw new GbcsError('ERR_GBCS_TRUNCATED', `${what} missing`);
    if (found !== tag)
      throw new GbcsError('ERR_GBCS_TAG', `${what}: expected tag 0x${hex(tag)}, got 0x${hex(found)}`);
    return this.readAny();
  }

  /** Reads a constructed element and returns a reader over its contents. */
  enter(tag: number, what: string): DerReader {
    const tlv = this.read(tag, what);
    return new DerReader(this.bytes, tlv.contentStart, tlv.end, this.findings);
  }

  /** Reads an element if its tag matches, else returns undefined. */
  optional(tag: number): Tlv | undefined {
    return this.peekTag() === tag ? this.readAny() : undefined;
  }

  /** Fails unless the range has been consumed exactly. */
  end(what: string): void {
    if (!this.done)
      throw new GbcsError('ERR_GBCS_TRAILING', `${this.limit - this.pos} unexpected bytes after ${what}`);
  }
}

/**
 * Decodes DER INTEGER contents as a non-negative bigint no greater than `max`, rejecting non-minimal forms.
 * @see X.690 8.3.2
 */
export function derUnsigned(tlv: Tlv, max: bigint, what: string): bigint {
  const c = tlv.content;
  if (c.length === 0) throw new GbcsError('ERR_GBCS_DER', `${what}: empty INTEGER`);
  if (c.length > 1 && ((c[0] === 0 && c[1]! < 0x80) || (c[0] === 0xff && c[1]! >= 0x80))) {
    throw new GbcsError('ERR_GBCS_DER', `${what}: non-minimal INTEGER`);
  }
  if (c[0]! >= 0x80) throw new GbcsError('ERR_GBCS_FIELD_RANGE', `${what}: negative INTEGER`);
  if (c.length > 17) throw new GbcsError('ERR_GBCS_FIELD_RANGE', `${what}: INTEGER of ${c.length} bytes`);
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (v > max) throw new GbcsError('ERR_GBCS_FIELD_RANGE', `${what}: ${v} above ${max}`);
  return v;
}

/** Lower-case two-digit hex of one byte (for messages). */
function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
