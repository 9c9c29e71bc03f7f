import { parseOpensslSpeed } from '../../../bench/openssl';

const OUTPUT = `Doing 256 bits sign ecdsa's for 3s: 54321 256 bits ECDSA signs in 3.00s
version: 3.0.19
                              sign    verify    sign/s verify/s
 256 bits ecdsa (nistp256)   0.0000s   0.0001s  40123.4  18111.2
`;

describe('parseOpensslSpeed', () => {
  it('reads the sign and verify rates of the nistp256 line', () => {
    expect(parseOpensslSpeed(OUTPUT)).toEqual({ signPerSecond: 40123.4, verifyPerSecond: 18111.2 });
  });

  it('returns undefined when the line is missing', () => {
    expect(parseOpensslSpeed('Invalid command ecdsap256')).toBeUndefined();
  });
});
