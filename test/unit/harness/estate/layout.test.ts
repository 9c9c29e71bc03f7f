import { buildEstateLayout, ESTATE_NETWORK_OPERATORS, isMisplaced } from '../../../../harness/estate';
import { GB_DISTRIBUTION_AREAS } from '../../../../simulator';

describe('buildEstateLayout', () => {
  const layout = buildEstateLayout({ meters: 20_000, misplacedRate: 0.1, seed: 'layout-test' });

  it('is a pure function of its seed and differs between seeds', () => {
    const again = buildEstateLayout({ meters: 20_000, misplacedRate: 0.1, seed: 'layout-test' });
    const other = buildEstateLayout({ meters: 20_000, misplacedRate: 0.1, seed: 'other' });
    expect(Buffer.from(again.cellNo).equals(Buffer.from(layout.cellNo))).toBe(true);
    expect(Buffer.from(again.area).equals(Buffer.from(layout.area))).toBe(true);
    expect(Buffer.from(other.area).equals(Buffer.from(layout.area))).toBe(false);
  });

  it('keeps one byte per meter per field on shared memory', () => {
    for (const field of [layout.area, layout.registeredNo, layout.cellNo, layout.supplier]) {
      expect(field).toBeInstanceOf(Uint8Array);
      expect(field.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(field.length).toBe(20_000);
    }
  });

  it('covers all 14 areas and registers each electricity meter to the NO serving its area', () => {
    const seen = new Set<number>();
    for (let i = 0; i < layout.meters; i++) {
      const area = layout.area[i]!;
      const no = ESTATE_NETWORK_OPERATORS[layout.registeredNo[i]!]!;
      if (area === 0) expect(no.fuel).toBe('gas');
      else {
        seen.add(area);
        expect(no.distributorIds).toContain(area);
      }
    }
    expect([...seen].sort()).toEqual([...GB_DISTRIBUTION_AREAS.keys()].sort());
  });

  it('misplaces about the requested share, always with another NO of the same fuel', () => {
    let misplaced = 0;
    for (let i = 0; i < layout.meters; i++) {
      if (!isMisplaced(layout, i)) continue;
      misplaced += 1;
      expect(ESTATE_NETWORK_OPERATORS[layout.cellNo[i]!]!.fuel).toBe(
        ESTATE_NETWORK_OPERATORS[layout.registeredNo[i]!]!.fuel,
      );
    }
    expect(misplaced / layout.meters).toBeGreaterThan(0.09);
    expect(misplaced / layout.meters).toBeLessThan(0.11);
  });

  it('misplaces nothing at rate 0 and everything at rate 1', () => {
    const none = buildEstateLayout({ meters: 500, misplacedRate: 0, seed: 's' });
    const all = buildEstateLayout({ meters: 500, misplacedRate: 1, seed: 's' });
    expect(Array.from({ length: 500 }, (_, i) => isMisplaced(none, i)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 500 }, (_, i) => isMisplaced(all, i)).every(Boolean)).toBe(true);
  });

  it('rejects a rate outside [0, 1] and a negative meter count', () => {
    expect(() => buildEstateLayout({ meters: 10, misplacedRate: 1.5, seed: 's' })).toThrow(RangeError);
    expect(() => buildEstateLayout({ meters: -1, misplacedRate: 0.1, seed: 's' })).toThrow(RangeError);
  });
});
