import fc from 'fast-check';
import {
  decodeCs02bCommand,
  decodeGbcsDateTime,
  decodeGeneralCiphering,
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  encodeGeneralSigning,
  encodeUpdateSecurityCredentials,
  encodeGeneralCiphering,
  encodeUscResponse,
  GbcsError,
} from '../../../simulator/gbcs';
import { apduArb, uscArb, uscResponseArb } from './gbcs-arbitraries';

const DECODERS = [
  decodeGeneralSigning,
  decodeUpdateSecurityCredentials,
  decodeUscResponse,
  decodeCs02bCommand,
  decodeGeneralCiphering,
  decodeGbcsDateTime,
] as const;

/** A General-Ciphering APDU around any General-Signing APDU. */
const generalCipheringArb = fc
  .tuple(apduArb, fc.uint8Array({ minLength: 12, maxLength: 12 }))
  .map(([a, mac]) => encodeGeneralCiphering(encodeGeneralSigning(a), mac));

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
  generalCipheringArb.map((b) => [decodeGeneralCiphering, b] as const),
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

  it('random bytes behind a General-Ciphering or General-Signing header give a value or a coded GbcsError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(Uint8Array.of(0xdd, 0, 0, 0, 0, 0, 0), Uint8Array.of(0xdf, 0x09)),
        fc.uint8Array({ maxLength: 300 }),
        (head, tail) => {
          const bytes = Uint8Array.from([...head, ...tail]);
          outcome(decodeGeneralCiphering, bytes);
          outcome(decodeGeneralSigning, bytes);
        },
      ),
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

  it('a General-Ciphering length that lies (any other value) is rejected with a code', () => {
    fc.assert(
      fc.property(generalCipheringArb, fc.integer({ min: 1, max: 0xffff }), (bytes, delta) => {
        const d = decodeGeneralCiphering(bytes);
        const actual = bytes.length - 7 - (bytes[7]! < 0x80 ? 1 : 1 + (bytes[7]! & 0x7f));
        const lie = (actual + delta) % 0x10000;
        const body = bytes.subarray(bytes.length - actual);
        const relabelled = Uint8Array.from([...bytes.subarray(0, 7), 0x82, lie >> 8, lie & 0xff, ...body]);
        expect(d.generalSigningBytes.length + 17).toBe(actual);
        expect(outcome(decodeGeneralCiphering, relabelled)).toMatch(/^ERR_GBCS_/);
      }),
    );
  });

  it('a large declared length never hangs or allocates', () => {
    expect(
      outcome(
        decodeGeneralCiphering,
        Uint8Array.of(0xdd, 0, 0, 0, 0, 0, 0, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x11),
      ),
    ).toBe('ERR_GBCS_LENGTH');
    const lie = Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0x30, 0x00);
    expect(outcome(decodeUpdateSecurityCredentials, lie)).toBe('ERR_GBCS_LENGTH');
    expect(outcome(decodeUpdateSecurityCredentials, Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1))).toBe(
      'ERR_GBCS_LENGTH',
    );
  });
});
