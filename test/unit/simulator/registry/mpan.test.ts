import {
  distributorIdOf,
  fuelOf,
  makeMpan,
  mpanCheckDigit,
  parseMpan,
  parseMprn,
  SimulatorError,
} from '../../../../simulator';

describe('MPAN core', () => {
  it('computes the check digit with the 3,5,7,13,...,43 weights (mod 11, mod 10)', () => {
    // 1*3+2*5+3*7+4*13+5*17+6*19+7*23+8*29+9*31+0*37+1*41+2*43 = 1084; 1084 mod 11 = 6
    expect(mpanCheckDigit('123456789012')).toBe(6);
  });

  it('accepts a valid MPAN and refuses a wrong check digit unless switched off', () => {
    expect(parseMpan('1234567890126', { checkDigit: true })).toBe('1234567890126');
    expect(() => parseMpan('1312345678111', { checkDigit: true })).toThrow(
      expect.objectContaining({ code: 'ERR_MPAN_CHECK_DIGIT' }),
    );
    expect(parseMpan('1312345678111', { checkDigit: false })).toBe('1312345678111');
  });

  it('refuses anything but 13 digits', () => {
    for (const bad of ['', '123', '12345678901234', '12345678901a3']) {
      expect(() => parseMpan(bad, { checkDigit: false })).toThrow(SimulatorError);
    }
  });

  it('makes MPANs that pass their own check digit and keep their area', () => {
    for (let area = 10; area <= 23; area += 1) {
      const mpan = makeMpan(area, 4242);
      expect(parseMpan(mpan, { checkDigit: true })).toBe(mpan);
      expect(distributorIdOf(mpan)).toBe(area);
      expect(fuelOf(mpan)).toBe('electricity');
    }
  });

  it('validates MPRNs by length', () => {
    expect(parseMprn('1234567890')).toBe('1234567890');
    expect(fuelOf('1234567890')).toBe('gas');
    expect(() => parseMprn('12345')).toThrow(expect.objectContaining({ code: 'ERR_MPRN_FORMAT' }));
  });
});
