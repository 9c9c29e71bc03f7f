import { CodedError } from './coded-error';

/** A DER TLV element located inside a byte buffer (no copies: offsets into `bytes`). */
export interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the element. */
  readonly end: number;
  readonly bytes: Uint8Array;
}

/** Thrown by the DER reader on malformed input (ERR_DER_FORMAT); callers may map it to their own coded error. */
export class DerFormatError extends CodedError<'ERR_DER_FORMAT'> {
  override readonly name = 'DerFormatError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_DER_FORMAT', message, options);
  }
}

/** Reads one DER element at `offset`, refusing indefinite, non-minimal or overlong lengths. */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  if (offset + 2 > limit) throw new DerFormatError('truncated TLV header');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerFormatError('multi-byte tags are not used in this profile');
  const first = bytes[offset + 1]!;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new DerFormatError('indefinite or oversized length');
    if (offset + 2 + count > limit) throw new DerFormatError('truncated length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    if (length < 0x80 || (count > 1 && bytes[offset + 2]! === 0))
      throw new DerFormatError('non-minimal length');
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerFormatError('content runs past its container');
  return { tag, start: offset, contentStart, end, bytes };
}

/** Reads a whole buffer as exactly one element (no trailing bytes). */
export function readSingle(bytes: Uint8Array): DerElement {
  const element = readElement(bytes, 0);
  if (element.end !== bytes.length) throw new DerFormatError('trailing bytes after DER element');
  return element;
}

/** The child elements of a constructed element, which must exactly fill its content. */
export function children(parent: DerElement): DerElement[] {
  if ((parent.tag & 0x20) === 0)
    throw new DerFormatError(`tag 0x${parent.tag.toString(16)} is not constructed`);
  const out: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    const child = readElement(parent.bytes, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** The content bytes of an element (a view, not a copy). */
export function content(element: DerElement): Uint8Array {
  return element.bytes.subarray(element.contentStart, element.end);
}

/** The full encoding (tag, length, content) of an element (a view). */
export function encoding(element: DerElement): Uint8Array {
  return element.bytes.subarray(element.start, element.end);
}

/** Asserts the tag of an element and returns it. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (!element) throw new DerFormatError(`${what} missing`);
  if (element.tag !== tag)
    throw new DerFormatError(
      `${what}: expected tag 0x${tag.toString(16)}, got 0x${element.tag.toString(16)}`,
    );
  return element;
}

/** Decodes an OBJECT IDENTIFIER element to dotted form. */
export function decodeOid(element: DerElement): string {
  const c = content(expectTag(element, 0x06, 'OBJECT IDENTIFIER'));
  if (c.length === 0 || c[c.length - 1]! & 0x80) throw new DerFormatError('bad OID encoding');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < c.length; i++) {
    const b = c[i]!;
    if (value === 0 && b === 0x80) throw new DerFormatError('non-minimal OID arc');
    value = value * 128 + (b & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerFormatError('OID arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  const head = arcs[0]!;
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...arcs.slice(1)].join('.');
}

/** Encodes a DER length prefix. */
function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n % 256);
  return [0x80 | out.length, ...out];
}

/** Encodes one DER TLV from a tag and content. */
export function encodeTlv(tag: number, body: Uint8Array): Uint8Array {
  const head = [tag, ...lengthBytes(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}
