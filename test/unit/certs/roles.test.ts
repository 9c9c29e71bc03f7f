import fc from 'fast-check';
import { cellKey, parseCellKey, type CellId } from '../../../certs';

describe('cellKey', () => {
  it('names a cell role/keyUsage/cellUsage, the same key on every call, and parseCellKey inverts it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom('DS', 'KA'),
        fc.constantFrom('management', 'prePaymentTopUp'),
        (role, keyUsage, cellUsage) => {
          const cell = { role, keyUsage, cellUsage } as CellId;
          const key = `${role}/${keyUsage}/${cellUsage}`;
          expect(cellKey(cell)).toBe(key);
          expect(cellKey({ ...cell })).toBe(key);
          expect(parseCellKey(key)).toEqual(cell);
        },
      ),
    );
  });

  it('writes out cells outside the usual shapes instead of giving them another cell key', () => {
    const odd = [
      { role: 3, keyUsage: 'XX', cellUsage: 'management' },
      { role: 3, keyUsage: 'DS', cellUsage: 'other' },
      { role: -1, keyUsage: 'DS', cellUsage: 'management' },
      { role: 2.5, keyUsage: 'KA', cellUsage: 'management' },
    ] as unknown as CellId[];
    for (const c of odd) expect(cellKey(c)).toBe(`${c.role}/${c.keyUsage}/${c.cellUsage}`);
    expect(cellKey({ role: 3, keyUsage: 'DS', cellUsage: 'management' })).toBe('3/DS/management');
  });
});
