import { CertsError } from '../errors';

/**
 * One DER element: its identifier octet, its bounds in the source and views (never copies) of its
 * contents and of the whole encoding.
 */
export interface DerElement {
  readonly tag: number;
  /** Offset of the identifier octet in `bytes`. */
  readonly start: number;
  /** Offset of the first content octet in `bytes`. */
  readonly contentStart: number;
  /** Offset just past the element in `bytes`. */
  readonly end: number;
  /** The source buffer the offsets point into. */
  readonly bytes: Uint8Array;
  /** The contents (a view). */
  readonly content: Uint8Array;
  /** The whole element: identifier, length and contents (a view). */
  readonly raw: Uint8Array;
}

/** Codes of tolerated non-canonical forms the lenient reader reports as data (never errors). */
export type DerFindingCode = 'NON_MINIMAL_LENGTH';

/** A non-canonical form the lenient reader accepted, with the offset of its length octets. */
export interface DerFinding {
  readonly code: DerFindingCode;
  /** Byte offset of the length octets in the decoded input. */
  readonly offset: number;
  readonly detail: string;
}

const MAX_LENGTH_OCTETS = 4;
/** Widest INTEGER contents read: a 256-bit value and its sign octet. */
const MAX_INTEGER_OCTETS = 33;

/**
 * Reads a DER definite length at `offset` within `limit`, refusing indefinite and over-long forms.
 * Strict unless a `findings` sink is given: then non-minimal long forms (which real GBCS data
 * writes, docs/gbcs-bytes.md) are recorded there instead of refused (lenient mode).
 * @see X.690 10.1 (DER length rules)
 */
export function readDerLength(
  bytes: Uint8Array,
  offset: number,
  limit: number,
  findings?: DerFinding[],
): { length: number; next: number } {
  if (offset >= limit) throw new CertsError('ERR_DER_TRUNCATED', `length octet missing at ${offset}`);
  const first = bytes[offset]!;
  if (first < 0x80) return { length: first, next: offset + 1 };
  const count = first & 0x7f;
  if (count === 0) throw new CertsError('ERR_DER_LENGTH', `indefinite length at ${offset}`);
  if (count > MAX_LENGTH_OCTETS)
    throw new CertsError('ERR_DER_LENGTH', `length of ${count} octets at ${offset}`);
  if (offset + 1 + count > limit) throw new CertsError('ERR_DER_TRUNCATED', `length octets cut at ${offset}`);
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 1 + i]!;
  if (bytes[offset + 1] === 0 || length < 0x80) {
    if (!findings) throw new CertsError('ERR_DER_LENGTH', `non-minimal long-form length at ${offset}`);
    findings.push({ code: 'NON_MINIMAL_LENGTH', offset, detail: `${count}-octet long form for ${length}` });
  }
  return { length, next: offset + 1 + count };
}

/**
 * The one DER reader: forward-only over a byte range, every read checks bounds and tags and throws
 * CertsError with an ERR_DER_* code. Strict (certificates) unless a `findings` sink is given, then
 * lenient about non-minimal lengths (GBCS), see `readDerLength`.
 */
export class DerReader {
  private pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly limit = bytes.length,
    private readonly findings?: DerFinding[],
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
  readAny(): DerElement {
    const start = this.pos;
    if (start >= this.limit) throw new CertsError('ERR_DER_TRUNCATED', `element expected at ${start}`);
    const tag = this.bytes[start]!;
    if ((tag & 0x1f) === 0x1f)
      throw new CertsError('ERR_DER_TAG', `multi-byte tag 0x${hex(tag)} at ${start}`);
    const { length, next } = readDerLength(this.bytes, start + 1, this.limit, this.findings);
    if (length > this.limit - next) {
      throw new CertsError(
        'ERR_DER_LENGTH',
        `length ${length} at ${start} exceeds the ${this.limit - next} bytes left`,
      );
    }
    this.pos = next + length;
    return {
      tag,
      start,
      contentStart: next,
      end: this.pos,
      bytes: this.bytes,
      content: this.bytes.subarray(next, this.pos),
      raw: this.bytes.subarray(start, this.pos),
    };
  }

  /** Reads the next element and checks its identifier octet. */
  read(tag: number, what: string): DerElement {
    const found = this.peekTag();
    if (found !== tag) refuseTag(found, tag, what);
    return this.readAny();
  }

  /** Reads a constructed element and returns a reader over its contents. */
  enter(tag: number, what: string): DerReader {
    const element = this.read(tag, what);
    return new DerReader(this.bytes, element.contentStart, element.end, this.findings);
  }

  /** Reads an element if its tag matches, else returns undefined. */
  optional(tag: number): DerElement | undefined {
    return this.peekTag() === tag ? this.readAny() : undefined;
  }

  /** Fails unless the range has been consumed exactly. */
  end(what: string): void {
    if (!this.done)
      throw new CertsError('ERR_DER_TRAILING', `${this.limit - this.pos} unexpected bytes after ${what}`);
  }
}

/** Reads a whole buffer strictly as exactly one element (no trailing bytes). */
export function readSingle(bytes: Uint8Array): DerElement {
  const reader = new DerReader(bytes);
  const element = reader.readAny();
  reader.end('DER element');
  return element;
}

/** The child elements (read strictly) of a constructed element, which must exactly fill its content. */
export function children(parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0)
    throw new CertsError('ERR_DER_TAG', `tag 0x${hex(parent.tag)} is not constructed`);
  const reader = new DerReader(parent.bytes, parent.contentStart, parent.end);
  const out: DerElement[] = [];
  while (!reader.done) out.push(reader.readAny());
  return out;
}

/** Asserts the tag of an element (missing: ERR_DER_TRUNCATED, other tag: ERR_DER_TAG) and returns it. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element?.tag !== tag) refuseTag(element?.tag, tag, what);
  return element;
}

function refuseTag(found: number | undefined, tag: number, what: string): never {
  if (found === undefined) throw new CertsError('ERR_DER_TRUNCATED', `${what} missing`);
  throw new CertsError('ERR_DER_TAG', `${what}: expected tag 0x${hex(tag)}, got 0x${hex(found)}`);
}

/**
 * Decodes INTEGER contents as a non-negative bigint no greater than `max`: empty or non-minimal
 * contents are ERR_DER_INTEGER, negative or too large values ERR_DER_RANGE.
 * @see X.690 8.3.2
 */
export function readUnsigned(element: Pick<DerElement, 'content'>, max: bigint, what: string): bigint {
  const c = element.content;
  if (c.length === 0) throw new CertsError('ERR_DER_INTEGER', `${what}: empty INTEGER`);
  if (c.length > 1 && ((c[0] === 0 && c[1]! < 0x80) || (c[0] === 0xff && c[1]! >= 0x80))) {
    throw new CertsError('ERR_DER_INTEGER', `${what}: non-minimal INTEGER`);
  }
  if (c[0]! >= 0x80) throw new CertsError('ERR_DER_RANGE', `${what}: negative INTEGER`);
  if (c.length > MAX_INTEGER_OCTETS)
    throw new CertsError('ERR_DER_RANGE', `${what}: INTEGER of ${c.length} bytes`);
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (v > max) throw new CertsError('ERR_DER_RANGE', `${what}: ${v} above ${max}`);
  return v;
}

/** Decodes an OBJECT IDENTIFIER element to dotted form. */
export function decodeOid(element: DerElement): string {
  const c = expectTag(element, 0x06, 'OBJECT IDENTIFIER').content;
  if (c.length === 0 || c[c.length - 1]! & 0x80) throw new CertsError('ERR_DER_FORMAT', 'bad OID encoding');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (value === 0 && b === 0x80) throw new CertsError('ERR_DER_FORMAT', 'non-minimal OID arc');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new CertsError('ERR_DER_FORMAT', 'OID arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const head = arcs[0]!;
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...arcs.slice(1)].join('.');
}

/** Lower-case two-digit hex of one byte (for messages). */
function hex(b: number): string {
  return b.toString(16).padStart(2, '0');
}
