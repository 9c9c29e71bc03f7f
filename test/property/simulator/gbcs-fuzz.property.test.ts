import fc from 'fast-check';
import {
  decodeCs02bCommand,
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  encodeGeneralSigning,
  encodeUpdateSecurityCredentials,
  encodeUscResponse,
  GbcsError,
} from '../../../simulator/gbcs';
import { apduArb, uscArb, uscResponseArb } from './gbcs-arbitraries';

const DECODERS = [
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  decodeCs02bCommand,
] as const;

/** Runs a decoder and returns 'ok' or the GbcsError code; any other exception fails the property. */
function outcome(decode: (b: Uint8Array) => unknown, bytes: Uint8Array): string {
  try {
    decode(bytes);
    return 'ok';
  } catch (err) {
    if (err instanceof GbcsError && err.code.startsWith('ERR_GBCS_')) return err.code;
    throw err;
  }
}

/** Valid encodings of every GBCS structure, each paired with its decoder. */
const validArb = fc.oneof(
  apduArb.map((a) => [decodeGeneralSigning, encodeGeneralSigning(a)] as const),
  uscArb.map((u) => [decodeUpdateSecurityCredentials, encodeUpdateSecurityCredentials(u)] as const),
  uscResponseArb.map((r) => [decodeUscResponse, encodeUscResponse(r)] as const),
);

describe('GBCS decoders on hostile input', () => {
  it('random bytes give a value or a coded GbcsError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...DECODERS), (bytes, decode) => {
        outcome(decode, bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('every strict truncation of a valid encoding is rejected with a code (bar a signed APDU cut to its pre-command)', () => {
    fc.assert(
      fc.property(validArb, fc.nat(), ([decode, bytes], cut) => {
        const n = cut % bytes.length;
        const result = outcome(decode, bytes.subarray(0, n));
        if (result === 'ok' && decode === decodeGeneralSigning) {
          // A signed APDU without its `40` + signature is exactly the DCC's pre-command form.
          expect(decodeGeneralSigning(bytes).form).toBe('signed');
          expect(decodeGeneralSigning(bytes.subarray(0, n)).form).toBe('pre-command');
          expect(n).toBe(bytes.length - 65);
        } else expect(result).toMatch(/^ERR_GBCS_/);
      }),
    );
  });

  it('a trailing byte is rejected', () => {
    fc.assert(
      fc.property(validArb, fc.integer({ min: 0, max: 255 }), ([decode, bytes], extra) => {
        const longer = Uint8Array.from([...bytes, extra]);
        const result = outcome(decode, longer);
        if (result === 'ok' && decode === decodeGeneralSigning) {
          // A pre-command followed by `00` is the zero-length-signature form.
          expect([decodeGeneralSigning(bytes).form, extra]).toEqual(['pre-command', 0]);
          expect(decodeGeneralSigning(longer).form).toBe('unsigned');
        } else expect(result).toMatch(/^ERR_GBCS_/);
      }),
    );
  });

  it('byte mutations (length lies, wrong tags) never crash', () => {
    fc.assert(
      fc.property(
        validArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        ([decode, bytes], edits) => {
          const copy = bytes.slice();
          for (const [at, v] of edits) copy[at % copy.length] = v;
          outcome(decode, copy);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a DER length raised by one is rejected', () => {
    fc.assert(
      fc.property(uscArb, (usc) => {
        const der = encodeUpdateSecurityCredentials(usc).slice();
        if (der[1]! < 0x7f) {
          der[1]! += 1;
          expect(outcome(decodeUpdateSecurityCredentials, der)).toBe('ERR_GBCS_LENGTH');
        }
      }),
    );
  });

  it('a large declared length never hangs or allocates', () => {
    const lie = Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00);
    expect(outcome(decodeUpdateSecurityCredentials, lie)).toBe('ERR_GBCS_LENGTH');
    expect(outcome(decodeUpdateSecurityCredentials, Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1))).toBe(
      'ERR_GBCS_LENGTH',
    );
  });
});
