import { CertsError } from '../../../../certs';
import {
  children,
  decodeOid,
  DerReader,
  expectTag,
  readDerLength,
  readSingle,
  readUnsigned,
  type DerFinding,
} from '../../../../certs/der/reader';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

/** The ERR_DER_* code `run` throws (any other exception fails the test). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof CertsError && err.code.startsWith('ERR_DER_')) return err.code;
    throw err;
  }
  return 'ok';
}

describe('DER reader, strict mode', () => {
  it('reads a nested element as views into the source, with absolute offsets', () => {
    const bytes = hex('30 06 02 01 05 04 01 aa');
    const outer = readSingle(bytes);
    expect(outer).toMatchObject({ tag: 0x30, start: 0, contentStart: 2, end: 8 });
    expect(outer.content.buffer).toBe(bytes.buffer);
    expect(outer.raw.byteOffset).toBe(bytes.byteOffset);
    const [int, octets] = children(outer);
    expect(int).toMatchObject({ tag: 0x02, start: 2, contentStart: 4, end: 5 });
    expect([...octets!.content]).toEqual([0xaa]);
    expect(octets!.content.buffer).toBe(bytes.buffer);
    expect(readUnsigned(int!, 255n, 'n')).toBe(5n);
  });

  it.each([
    ['empty input', '', 'ERR_DER_TRUNCATED'],
    ['a tag without length', '30', 'ERR_DER_TRUNCATED'],
    ['length octets cut short', '30 82 01', 'ERR_DER_TRUNCATED'],
    ['indefinite length', '30 80 00 00', 'ERR_DER_LENGTH'],
    ['five length octets', '04 85 00 00 00 00 01 00', 'ERR_DER_LENGTH'],
    ['non-minimal long form', '04 81 01 aa', 'ERR_DER_LENGTH'],
    ['leading zero length octet', '04 82 00 80' + ' aa'.repeat(0x80), 'ERR_DER_LENGTH'],
    ['content past the end', '04 03 aa', 'ERR_DER_LENGTH'],
    ['multi-byte tag', '1f 01 00', 'ERR_DER_TAG'],
    ['trailing byte', '05 00 00', 'ERR_DER_TRAILING'],
  ])('refuses %s with a code', (_what, input, code) => {
    expect(codeOf(() => readSingle(hex(input)))).toBe(code);
  });

  it('refuses children of a primitive element and a child running past its parent', () => {
    expect(codeOf(() => children(readSingle(hex('04 02 05 00'))))).toBe('ERR_DER_TAG');
    expect(codeOf(() => children(readSingle(hex('30 03 04 02 aa'))))).toBe('ERR_DER_LENGTH');
  });

  it('expectTag tells a missing element from a wrong one', () => {
    const el = readSingle(hex('05 00'));
    expect(expectTag(el, 0x05, 'NULL')).toBe(el);
    expect(codeOf(() => expectTag(el, 0x30, 'SEQUENCE'))).toBe('ERR_DER_TAG');
    expect(codeOf(() => expectTag(undefined, 0x30, 'SEQUENCE'))).toBe('ERR_DER_TRUNCATED');
  });

  it('the cursor checks tags, reads optional elements and refuses leftovers', () => {
    const r = new DerReader(hex('30 05 80 01 07 05 00'));
    const inner = r.enter(0x30, 'outer');
    r.end('outer');
    expect(inner.optional(0x81)).toBeUndefined();
    expect(inner.optional(0x80)?.content[0]).toBe(7);
    expect(codeOf(() => inner.end('inner'))).toBe('ERR_DER_TRAILING');
    expect(codeOf(() => inner.read(0x04, 'octets'))).toBe('ERR_DER_TAG');
    inner.read(0x05, 'null');
    expect(inner.done).toBe(true);
    expect(codeOf(() => inner.read(0x05, 'null'))).toBe('ERR_DER_TRUNCATED');
  });
});

describe('DER reader, lenient mode', () => {
  it('accepts a non-minimal long-form length and reports it as a finding', () => {
    const findings: DerFinding[] = [];
    const r = new DerReader(hex('30 82 00 03 02 01 09'), 0, 7, findings);
    const seq = r.enter(0x30, 'seq');
    expect(readUnsigned(seq.read(0x02, 'n'), 255n, 'n')).toBe(9n);
    expect(findings).toEqual([{ code: 'NON_MINIMAL_LENGTH', offset: 1, detail: '2-octet long form for 3' }]);
  });

  it('still refuses indefinite, over-long and lying lengths', () => {
    for (const input of ['30 80 00 00', '04 85 00 00 00 00 01 00', '04 81 05 aa']) {
      expect(codeOf(() => new DerReader(hex(input), 0, hex(input).length, []).readAny())).toBe(
        'ERR_DER_LENGTH',
      );
    }
  });

  it('readDerLength reads short and long forms alike in both modes', () => {
    expect(readDerLength(hex('7f'), 0, 1)).toEqual({ length: 0x7f, next: 1 });
    expect(readDerLength(hex('82 01 00'), 0, 3)).toEqual({ length: 256, next: 3 });
    expect(readDerLength(hex('82 01 00'), 0, 3, [])).toEqual({ length: 256, next: 3 });
  });
});

describe('DER INTEGER and OBJECT IDENTIFIER contents', () => {
  const int = (h: string) => ({ content: hex(h) });
  it.each([
    ['00', 0n],
    ['7f', 127n],
    ['00 80', 128n],
    ['01 00', 256n],
  ])('reads %s as %p', (h, v) => {
    expect(readUnsigned(int(h), 1000n, 'v')).toBe(v);
  });

  it.each([
    ['', 'ERR_DER_INTEGER'],
    ['00 7f', 'ERR_DER_INTEGER'],
    ['ff 80', 'ERR_DER_INTEGER'],
    ['80', 'ERR_DER_RANGE'],
    ['03 e9', 'ERR_DER_RANGE'],
    ['01' + '00'.repeat(33), 'ERR_DER_RANGE'],
  ])('refuses INTEGER contents %p with %s', (h, code) => {
    expect(codeOf(() => readUnsigned(int(h), 1000n, 'v'))).toBe(code);
  });

  it('decodes OIDs and refuses malformed arcs', () => {
    expect(decodeOid(readSingle(hex('06 08 2a 86 48 ce 3d 04 03 02')))).toBe('1.2.840.10045.4.3.2');
    expect(codeOf(() => decodeOid(readSingle(hex('06 00'))))).toBe('ERR_DER_FORMAT');
    expect(codeOf(() => decodeOid(readSingle(hex('06 02 2a 86'))))).toBe('ERR_DER_FORMAT');
    expect(codeOf(() => decodeOid(readSingle(hex('06 02 80 01'))))).toBe('ERR_DER_FORMAT');
    expect(codeOf(() => decodeOid(readSingle(hex('05 00'))))).toBe('ERR_DER_TAG');
  });
});
