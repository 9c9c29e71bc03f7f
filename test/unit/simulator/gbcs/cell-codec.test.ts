import fc from 'fast-check';
import { isRoleCode, type CellId } from '../../../../certs/roles';
import { decodeCell, encodeCell } from '../../../../simulator/gbcs/cell-codec';
import { DerReader } from '../../../../certs/der/reader';

const cells = fc.record({
  role: fc.integer({ min: 0, max: 255 }).filter(isRoleCode),
  keyUsage: fc.constantFrom('DS' as const, 'KA' as const),
  cellUsage: fc.constantFrom('management' as const, 'prePaymentTopUp' as const),
}) as fc.Arbitrary<CellId>;

describe('TrustAnchorCellIdentifier codec', () => {
  it('decodes what it encodes under each tag, the same bytes on every call', () => {
    fc.assert(
      fc.property(cells, fc.constantFrom(0x30, 0xa2), (cell, tag) => {
        const first = encodeCell(cell, tag);
        expect([...encodeCell({ ...cell }, tag)]).toEqual([...first]);
        expect(first[0]).toBe(tag);
        const reader = new DerReader(first, 0, first.length, []);
        expect(decodeCell(reader, tag, 'cell')).toEqual(cell);
      }),
    );
  });

  it('refuses a role outside 0-255 every time (nothing is remembered for it)', () => {
    for (let i = 0; i < 2; i++)
      expect(() =>
        encodeCell({ role: 256, keyUsage: 'DS', cellUsage: 'management' } as unknown as CellId),
      ).toThrow(expect.objectContaining({ code: 'ERR_GBCS_ENCODE' }));
  });
});
