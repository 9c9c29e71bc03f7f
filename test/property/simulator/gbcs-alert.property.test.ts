/** The GBCS device alert codec: round trip, and hostile bytes give coded errors (no crash, no hang). */
import fc from 'fast-check';
import { parseEui } from '../../../certs/eui';
import {
  buildAlertApdu,
  decodeAlertContent,
  decodeGbcsAlert,
  encodeAlertContent,
  type GbcsAlert,
} from '../../../simulator/gbcs/alert';
import { encodeGeneralCiphering, encodeGeneralSigning, GbcsError } from '../../../simulator/gbcs';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const eui = fc.uint8Array({ minLength: 8, maxLength: 8 }).map((b) => parseEui(b));
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
/** Whole DLMS data elements: long-unsigned, octet string, structure of unsigned. */
const dlmsElementArb = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((v) => Uint8Array.of(0x12, v >> 8, v & 0xff)),
  fc.uint8Array({ maxLength: 40 }).map((s) => Uint8Array.of(0x09, s.length, ...s)),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 5 })
    .map((xs) => Uint8Array.of(0x02, xs.length, ...xs.flatMap((x) => [0x11, x]))),
);

/** Any encodable alert. */
const alertArb: fc.Arbitrary<GbcsAlert> = fc.record(
  {
    alertCode: fc.oneof(fc.constantFrom(0x8f70, 0x8f3d, 0x8f30, 0x8f1e), fc.integer({ min: 0, max: 0xffff })),
    originatorCounter: u64,
    originator: eui,
    recipient: eui,
    dateTime: bytes(12),
    headerDateTime: bytes(12),
    messageCode: fc.integer({ min: 0, max: 0xffff }),
    payload: fc.array(dlmsElementArb, { maxLength: 4 }),
  },
  { requiredKeys: ['alertCode', 'originatorCounter', 'originator', 'recipient', 'dateTime'] },
);

const signedAlertArb = fc
  .tuple(alertArb, bytes(64))
  .map(([a, signature]) => encodeGeneralSigning({ ...buildAlertApdu(a), signature }));

function outcome(decode: (b: Uint8Array) => unknown, input: Uint8Array): string {
  try {
    decode(input);
    return 'ok';
  } catch (err) {
    if (err instanceof GbcsError && err.code.startsWith('ERR_GBCS_')) return err.code;
    throw err;
  }
}

/** What decoding gives back for an encoded alert (absent optional fields stay absent). */
function expected(a: GbcsAlert): GbcsAlert {
  const { payload, ...rest } = a;
  return {
    ...rest,
    messageCode: a.messageCode ?? a.alertCode,
    ...(payload && payload.length > 0 ? { payload } : {}),
  };
}

describe('GBCS alert codec', () => {
  it('decode(encode(a)) = a, deterministically, bare and General-Ciphering-wrapped', () => {
    fc.assert(
      fc.property(alertArb, bytes(64), bytes(12), (a, signature, mac) => {
        const signed = encodeGeneralSigning({ ...buildAlertApdu(a), signature });
        expect(encodeGeneralSigning({ ...buildAlertApdu(a), signature })).toEqual(signed);
        const d = decodeGbcsAlert(signed);
        expect(d.alert).toEqual(expected(a));
        expect(d.apdu.craFlag).toBe(3);
        expect(d.findings.map((f) => f.code)).toEqual(
          (a.messageCode ?? a.alertCode) === a.alertCode ? [] : ['ALERT_MESSAGE_CODE'],
        );
        const wrapped = decodeGbcsAlert(encodeGeneralCiphering(signed, mac));
        expect(wrapped.alert).toEqual(expected(a));
        expect(wrapped.mac).toEqual(mac);
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes (bare, and behind a General-Signing alert header) give a value or a coded GbcsError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        outcome(decodeGbcsAlert, b);
        outcome(decodeAlertContent, b);
        outcome(decodeGbcsAlert, Uint8Array.from([0xdf, 0x09, 0x03, ...b]));
        outcome(decodeAlertContent, Uint8Array.from([0x0f, 0x20, 0, 0, 1, 0, 0x02, ...b]));
      }),
      { numRuns: 500 },
    );
  });

  it('every strict truncation of an alert is refused with a code (bar a signed one cut to its pre-command)', () => {
    fc.assert(
      fc.property(signedAlertArb, fc.nat(), (b, cut) => {
        const n = cut % b.length;
        const result = outcome(decodeGbcsAlert, b.subarray(0, n));
        if (result === 'ok') expect(n).toBe(b.length - 65);
        else expect(result).toMatch(/^ERR_GBCS_/);
      }),
    );
  });

  it('byte mutations and lying lengths never crash; a lying body count or date-time length is refused', () => {
    fc.assert(
      fc.property(
        signedAlertArb,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (b, edits) => {
          const copy = b.slice();
          for (const [at, v] of edits) copy[at % copy.length] = v;
          outcome(decodeGbcsAlert, copy);
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(alertArb, fc.integer({ min: 1, max: 200 }), (a, delta) => {
        const content = encodeAlertContent(a).slice();
        content[7] = (content[7]! + delta) & 0x7f; // the structure's element count
        if (content[7] !== 2 + (a.payload?.length ?? 0))
          expect(outcome(decodeAlertContent, content)).toMatch(/^ERR_GBCS_/);
        const dt = encodeAlertContent(a).slice();
        dt[12] = 13 + (delta % 100); // the alert date-time's length
        expect(outcome(decodeAlertContent, dt)).toMatch(/^ERR_GBCS_/);
      }),
    );
  });

  it('a huge declared length or deep nesting never hangs or allocates', () => {
    const head = [
      0x0f,
      0x20,
      0,
      0,
      1,
      0x00,
      0x02,
      0x03,
      0x12,
      0x8f,
      0x70,
      0x09,
      0x0c,
      ...new Array(12).fill(0),
    ];
    expect(outcome(decodeAlertContent, Uint8Array.from([...head, 0x09, 0x84, 0x7f, 0xff, 0xff, 0xff]))).toBe(
      'ERR_GBCS_LENGTH',
    );
    expect(
      outcome(decodeAlertContent, Uint8Array.from([...head, 0x01, 0x84, 0x7f, 0xff, 0xff, 0xff])),
    ).toMatch(/^ERR_GBCS_/);
    const deep = Uint8Array.from([...head, ...new Array(50).fill([0x02, 0x01]).flat(), 0x00]);
    expect(outcome(decodeAlertContent, deep)).toBe('ERR_GBCS_DER');
  });
});
