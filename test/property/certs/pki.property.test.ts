import fc from 'fast-check';
import {
  checkCaProfile,
  checkOrgProfile,
  clearPathCache,
  issueTestPki,
  parseEui,
  validatePath,
} from '../../../certs';

describe('generated PKIs for random seeds', () => {
  it('are profile-valid and path-valid to the CA and the root', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 24 }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom(1, 2, 3, 4),
        (seed, low, role) => {
          clearPathCache();
          const eui = parseEui(`90B3D51F3003${low.toString(16).padStart(4, '0')}`);
          const pki = issueTestPki({ seed, parties: [{ name: 'P', eui, role }] });
          const party = pki.party(eui);
          expect([...checkCaProfile(pki.root.certificate), ...checkCaProfile(pki.ca.certificate)]).toEqual(
            [],
          );
          for (const leaf of [party.ds.certificate, party.ka.certificate]) {
            expect(checkOrgProfile(leaf)).toEqual([]);
            expect([leaf.eui, leaf.role]).toEqual([eui, role]);
            expect(
              validatePath(leaf, { anchor: pki.ca.certificate, at: new Date('2020-01-01T00:00:00Z') }).ok,
            ).toBe(true);
            expect(
              validatePath(leaf, { anchor: pki.root.certificate, intermediates: [pki.ca.certificate] }).ok,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
