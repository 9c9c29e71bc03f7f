import fc from 'fast-check';
import { CertsError } from '../../../certs';
import {
  DerReader,
  readSingle,
  readUnsigned,
  type DerElement,
  type DerFinding,
} from '../../../certs/der/reader';
import { derNode, unsignedContent, writeDer, type DerNode } from '../../../certs/der/writer';

/** A tree of DER nodes: primitive leaves of random contents under constructed SEQUENCE / [n] tags. */
const nodeArb: fc.Arbitrary<DerNode> = fc.letrec<{ node: DerNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom(0x02, 0x04, 0x05, 0x80, 0x81), fc.uint8Array({ maxLength: 300 }))
      .map(([tag, c]) => derNode(tag, [c])),
    fc
      .tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0xa2), fc.array(tie('node'), { maxLength: 4 }))
      .map(([tag, kids]) => derNode(tag, kids)),
  ),
})).node;

/** Reads every element below `el` (depth first) into the shape `derNode` was given. */
function shapeOf(el: DerElement, findings?: DerFinding[]): unknown {
  if ((el.tag & 0x20) === 0) return [el.tag, Buffer.from(el.content).toString('hex')];
  const r = new DerReader(el.bytes, el.contentStart, el.end, findings);
  const kids: unknown[] = [];
  while (!r.done) kids.push(shapeOf(r.readAny(), findings));
  return [el.tag, kids];
}

function shapeOfNode(n: DerNode): unknown {
  if ((n.tag & 0x20) === 0) return [n.tag, Buffer.from(n.pieces[0] as Uint8Array).toString('hex')];
  return [n.tag, n.pieces.map((p) => shapeOfNode(p as DerNode))];
}

/** The same encoding with the outer length rewritten as a 4-octet long form (leading zeros). */
function withLongOuterLength(bytes: Uint8Array): Uint8Array {
  const el = readSingle(bytes);
  const n = el.content.length;
  return Uint8Array.from([
    el.tag,
    0x84,
    n >>> 24,
    (n >>> 16) & 0xff,
    (n >>> 8) & 0xff,
    n & 0xff,
    ...el.content,
  ]);
}

describe('the DER codec (certs/der)', () => {
  it('random bytes read to an element or a coded ERR_DER_* error, in both modes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, lenient) => {
        try {
          const r = new DerReader(bytes, 0, bytes.length, lenient ? [] : undefined);
          while (!r.done) r.readAny();
        } catch (err) {
          if (!(err instanceof CertsError && err.code.startsWith('ERR_DER_'))) throw err;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the writer is one pass and the strict reader reads back exactly what it wrote', () => {
    fc.assert(
      fc.property(nodeArb, (node) => {
        const bytes = writeDer(node);
        expect(bytes.length).toBe(node.size);
        expect(shapeOf(readSingle(bytes))).toEqual(shapeOfNode(node));
      }),
      { numRuns: 300 },
    );
  });

  it('a non-minimal length is a refusal when strict and one finding when lenient, same content', () => {
    fc.assert(
      fc.property(nodeArb, (node) => {
        const bytes = withLongOuterLength(writeDer(node));
        expect(() => readSingle(bytes)).toThrow(expect.objectContaining({ code: 'ERR_DER_LENGTH' }));
        const findings: DerFinding[] = [];
        const el = new DerReader(bytes, 0, bytes.length, findings).readAny();
        expect(findings.map((f) => [f.code, f.offset])).toEqual([['NON_MINIMAL_LENGTH', 1]]);
        expect(Buffer.from(el.content).equals(Buffer.from(readSingle(writeDer(node)).content))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('INTEGER contents round-trip through the writer and the reader', () => {
    const max = (1n << 256n) - 1n;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max }), (v) => {
        expect(readUnsigned({ content: unsignedContent(v, max, 'v') }, max, 'v')).toBe(v);
      }),
      { numRuns: 300 },
    );
  });
});
