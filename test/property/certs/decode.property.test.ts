import fc from 'fast-check';
import { CertsError, decodeCertificate, issueTestPki, parseEui } from '../../../certs';

const pki = issueTestPki({
  seed: 'fuzz',
  parties: [{ name: 'NO-A', eui: parseEui('90B3D51F30030001'), role: 3 }],
});
const samples = [pki.root, pki.ca, pki.parties[0]!.ds, pki.parties[0]!.ka].map((p) => p.certificate.der);

function decodesOrCodedError(input: Uint8Array | string): boolean {
  try {
    decodeCertificate(input);
    return true;
  } catch (error) {
    return error instanceof CertsError && error.code === 'ERR_CERT_DECODE';
  }
}

describe('decodeCertificate under fuzzing', () => {
  it('random bytes give a certificate or ERR_CERT_DECODE, nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => decodesOrCodedError(bytes)));
  });

  it('random text gives a certificate or ERR_CERT_DECODE', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (text) => decodesOrCodedError(text)));
  });

  it('truncated certificates are always refused with ERR_CERT_DECODE', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), (der, cut) => {
        const length = cut % der.length;
        expect(() => decodeCertificate(der.subarray(0, length))).toThrow(
          expect.objectContaining({ code: 'ERR_CERT_DECODE' }) as CertsError,
        );
      }),
    );
  });

  it('bit-flipped certificates decode or fail with ERR_CERT_DECODE, quickly', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        (der, flips) => {
          const mutated = Uint8Array.from(der);
          for (const f of flips) mutated[f % mutated.length]! ^= 1 << (f % 8);
          const start = process.hrtime.bigint();
          const ok = decodesOrCodedError(mutated);
          return ok && process.hrtime.bigint() - start < 200_000_000n;
        },
      ),
      { numRuns: 300 },
    );
  });
});
