import fc from 'fast-check';
import { parseEui } from '../../../../certs/eui';
import {
  decodeGeneralSigning,
  encodeGeneralSigning,
  GbcsError,
  type GeneralSigningApdu,
} from '../../../../simulator/gbcs';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Hand-assembled from the GBCS layout: DF | 09 | CRA | counter | 08 EUI | 08 EUI | date-time | other info | content
// (| signature). A pre-command as the DCC returns it ends right after the content.
const UNSIGNED = hex(`
  df 09 01 0000000000001200
  08 90b3d51f30020000
  08 00db1234567890a0
  00
  02 0103
  03 300100`);

const apdu: GeneralSigningApdu = {
  craFlag: 1,
  originatorCounter: 0x1200n,
  originator: parseEui('90B3D51F30020000'),
  recipient: parseEui('00DB1234567890A0'),
  messageCode: 0x0103,
  content: hex('300100'),
};

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GbcsError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('General-Signing APDU', () => {
  it('encodes an unsigned pre-command to the GBCS byte layout (no signature-length byte)', () => {
    expect(toHex(encodeGeneralSigning(apdu))).toBe(toHex(UNSIGNED));
  });

  it('says which form it read: pre-command, signed, or a zero-length signature', () => {
    expect(decodeGeneralSigning(UNSIGNED).form).toBe('pre-command');
    const zero = decodeGeneralSigning(hex(toHex(UNSIGNED) + '00'));
    expect([zero.form, zero.signature, toHex(zero.signedBytes)]).toEqual([
      'unsigned',
      undefined,
      toHex(UNSIGNED.subarray(1)),
    ]);
    const signed = decodeGeneralSigning(
      encodeGeneralSigning({ ...apdu, signature: new Uint8Array(64).fill(9) }),
    );
    expect(signed.form).toBe('signed');
  });

  it('accepts a long-form length with a leading zero and reports it as a finding', () => {
    const d = decodeGeneralSigning(hex(toHex(UNSIGNED).replace('03300100', '820003300100')));
    expect(toHex(d.content)).toBe('300100');
    expect(d.findings).toEqual([
      { code: 'NON_MINIMAL_LENGTH', offset: 33, detail: '2-octet long form for 3' },
    ]);
    expect(decodeGeneralSigning(UNSIGNED).findings).toBeUndefined();
  });

  it('decodes every field and the signed range from after DF to the end of the content', () => {
    const d = decodeGeneralSigning(UNSIGNED);
    expect(d.craFlag).toBe(1);
    expect(d.originatorCounter).toBe(4608n);
    expect(d.originator).toBe('90B3D51F30020000');
    expect(d.recipient).toBe('00DB1234567890A0');
    expect(d.messageCode).toBe(0x0103);
    expect(d.dateTime).toBeUndefined();
    expect(d.supplementary).toBeUndefined();
    expect(d.signature).toBeUndefined();
    expect(toHex(d.signedBytes)).toBe(toHex(UNSIGNED.subarray(1)));
  });

  it('carries a date-time, supplementary other-information and a 64-byte signature', () => {
    const full = {
      ...apdu,
      dateTime: new Uint8Array(12).fill(7),
      supplementary: hex('aabb'),
      signature: new Uint8Array(64).fill(1),
    };
    const bytes = encodeGeneralSigning(full);
    expect(bytes[29]).toBe(0x0c);
    expect(toHex(bytes.subarray(42, 47))).toBe('040103aabb');
    expect(bytes[bytes.length - 65]).toBe(0x40);
    const { signedBytes, form, ...back } = decodeGeneralSigning(bytes);
    expect(back).toEqual(full);
    expect(form).toBe('signed');
    expect(signedBytes.length).toBe(bytes.length - 1 - 65);
  });

  it('uses the long length form for content of 128 bytes or more', () => {
    const bytes = encodeGeneralSigning({ ...apdu, content: new Uint8Array(200) });
    expect(toHex(bytes.subarray(33, 36))).toBe('81c800');
    expect(bytes.length).toBe(35 + 200);
    expect(decodeGeneralSigning(bytes).content.length).toBe(200);
  });

  it.each([
    ['wrong leading tag', 'dd' + toHex(UNSIGNED).slice(2), 'ERR_GBCS_TAG'],
    ['transaction-id length', toHex(UNSIGNED).replace(/^df09/, 'df08'), 'ERR_GBCS_LENGTH'],
    ['CRA flag 4', toHex(UNSIGNED).replace(/^df0901/, 'df0904'), 'ERR_GBCS_CRA_FLAG'],
    [
      'date-time length 5',
      toHex(UNSIGNED).replace('00db1234567890a000', '00db1234567890a005'),
      'ERR_GBCS_LENGTH',
    ],
    ['trailing byte after a zero signature length', toHex(UNSIGNED) + '0000', 'ERR_GBCS_TRAILING'],
    ['signature length 3', toHex(UNSIGNED) + '03', 'ERR_GBCS_LENGTH'],
    ['signature cut short', toHex(UNSIGNED) + '40' + '11'.repeat(63), 'ERR_GBCS_TRUNCATED'],
    ['content length lies', toHex(UNSIGNED).replace('03300100', '09300100'), 'ERR_GBCS_LENGTH'],
    ['indefinite length', toHex(UNSIGNED).replace('03300100', '80300100'), 'ERR_GBCS_LENGTH'],
    ['other information without message code', toHex(UNSIGNED).replace('020103', '0101'), 'ERR_GBCS_LENGTH'],
    ['empty input', '', 'ERR_GBCS_TRUNCATED'],
  ])('rejects %s', (_name, h, code) => {
    expect(codeOf(() => decodeGeneralSigning(hex(h)))).toBe(code);
  });

  it('rejects every truncation with a GbcsError', () => {
    for (let n = 0; n < UNSIGNED.length; n++) {
      expect(codeOf(() => decodeGeneralSigning(UNSIGNED.subarray(0, n)))).toMatch(/^ERR_GBCS_/);
    }
  });

  it('reads back every counter (0 to 2^64 - 1) and system title it wrote, from any offset', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.uint8Array({ minLength: 8, maxLength: 8 }),
        fc.nat(7),
        (counter, from, to, pad) => {
          const written = {
            ...apdu,
            originatorCounter: counter,
            originator: parseEui(from),
            recipient: parseEui(to),
          };
          const bytes = encodeGeneralSigning(written);
          // The same bytes inside a larger buffer: decoding must use the view's offset.
          const framed = new Uint8Array(pad + bytes.length);
          framed.set(bytes, pad);
          const read = decodeGeneralSigning(framed.subarray(pad));
          expect(read.originatorCounter).toBe(counter);
          expect(read.originator).toBe(Buffer.from(from).toString('hex').toUpperCase());
          expect(read.recipient).toBe(Buffer.from(to).toString('hex').toUpperCase());
        },
      ),
    );
  });

  it('refuses to encode out-of-range fields', () => {
    expect(codeOf(() => encodeGeneralSigning({ ...apdu, originatorCounter: 1n << 64n }))).toBe(
      'ERR_GBCS_ENCODE',
    );
    expect(codeOf(() => encodeGeneralSigning({ ...apdu, signature: new Uint8Array(63) }))).toBe(
      'ERR_GBCS_ENCODE',
    );
    expect(codeOf(() => encodeGeneralSigning({ ...apdu, dateTime: new Uint8Array(11) }))).toBe(
      'ERR_GBCS_ENCODE',
    );
  });
});
