import {
  decodeCs02bAlert,
  decodeCs02bResponse,
  encodeCs02bAlert,
  decodeGbcsDateTime,
  decodeGeneralSigning,
  decodeUscResponse,
  encodeGbcsDateTime,
  encodeGeneralSigning,
  encodeUscResponse,
  gbcsDateTimeToDate,
  GbcsError,
  type GbcsFinding,
  type UscResponse,
} from '../../../../simulator/gbcs';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// A CS02b response laid out as the DCC's reference test data has it (docs/gbcs-bytes.md): the 6.15.1
// NO-by-NO command of counter 1200 answered by device 00DB1234567890A0. Assembled by hand from the
// documented layout; the subject key IDs and the signature are placeholders (the real device key is
// not public), every other value is the documented one.
const DEVICE = '00db1234567890a0';
const NO = '90b3d51f30020000';
const SKI_OLD_DS = '1111111111111111';
const SKI_OLD_KA = '2222222222222222';
const SKI_NEW_DS = '3333333333333333';
const SKI_NEW_KA = '4444444444444444';
const OUTCOME = (cell: string, oldSki: string, newSki: string) => `
      30 34
        ${cell}
        0a 01 00
        04 08 ${NO}
        04 08 ${oldSki}
        04 08 ${NO}
        04 08 ${newSki}`;
const CONTENT = `
  30 82 00 83
    05 00
    30 7f
      02 02 04 b0
      02 01 03
      30 08 30 06 02 01 03 02 01 00
      30 6c
        ${OUTCOME('30 07 02 01 03 03 02 07 80', SKI_OLD_DS, SKI_NEW_DS)}
        ${OUTCOME('30 07 02 01 03 03 02 03 08', SKI_OLD_KA, SKI_NEW_KA)}`;
const DATE_TIME = '07df0101ff000000008000ff';
const SIGNATURE = 'ab'.repeat(64);
const RTDS_RESPONSE = hex(`
  df 09 02 00000000000004b0
  08 ${DEVICE}
  08 ${NO}
  0c ${DATE_TIME}
  02 0103
  81 87 ${CONTENT}
  40 ${SIGNATURE}`);

const expected: UscResponse = {
  authorisingSeqNumber: 1200n,
  mode: 3,
  seqNumberChanges: [{ role: 3, seq: 0n }],
  outcomes: [
    {
      cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
      status: 0,
      existingSubjectUniqueId: hex(NO),
      existingSubjectKeyId: hex(SKI_OLD_DS),
      replacingSubjectUniqueId: hex(NO),
      replacingSubjectKeyId: hex(SKI_NEW_DS),
    },
    {
      cell: { role: 3, keyUsage: 'KA', cellUsage: 'management' },
      status: 0,
      existingSubjectUniqueId: hex(NO),
      existingSubjectKeyId: hex(SKI_OLD_KA),
      replacingSubjectUniqueId: hex(NO),
      replacingSubjectKeyId: hex(SKI_NEW_KA),
    },
  ],
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

describe('CS02b response as the DCC reference data has it', () => {
  it('decodes the header: CRA response, counter 1200, device -> NO, the 12-byte date-time, a signature', () => {
    const d = decodeGeneralSigning(RTDS_RESPONSE);
    expect(d.form).toBe('signed');
    expect(d.craFlag).toBe(2);
    expect(d.originatorCounter).toBe(1200n);
    expect(d.originator).toBe(DEVICE.toUpperCase());
    expect(d.recipient).toBe(NO.toUpperCase());
    expect(toHex(d.dateTime!)).toBe(DATE_TIME);
    expect(d.messageCode).toBe(0x0103);
    expect(toHex(d.signature!)).toBe(SIGNATURE);
    expect(d.content).toHaveLength(0x87);
  });

  it('decodes the content field for field: ENUMERATED status 0, untagged IDs, seq-number change role 3', () => {
    const findings: GbcsFinding[] = [];
    expect(decodeUscResponse(hex(CONTENT), findings)).toEqual(expected);
    expect(findings).toEqual([
      { code: 'NON_MINIMAL_LENGTH', offset: 1, detail: '2-octet long form for 131' },
    ]);
  });

  it('encodes the same values to the same bytes (outer length 30 82 00 83 included)', () => {
    expect(toHex(encodeUscResponse(expected))).toBe(toHex(hex(CONTENT)));
    const { signedBytes, form, ...apdu } = decodeGeneralSigning(RTDS_RESPONSE);
    expect(signedBytes).toEqual(RTDS_RESPONSE.subarray(1, RTDS_RESPONSE.length - 65));
    expect(form).toBe('signed');
    expect(toHex(encodeGeneralSigning(apdu))).toBe(toHex(RTDS_RESPONSE));
  });

  it('reads the minimal outer length as well, without a finding', () => {
    const minimal = hex(toHex(hex(CONTENT)).replace(/^30820083/, '308183'));
    const findings: GbcsFinding[] = [];
    expect(decodeUscResponse(minimal, findings)).toEqual(expected);
    expect(findings).toEqual([]);
  });

  it('encodes an absent ID as an empty OCTET STRING and decodes it back to absent', () => {
    const r: UscResponse = {
      ...expected,
      outcomes: [{ cell: { role: 3, keyUsage: 'DS', cellUsage: 'management' }, status: 5 }],
    };
    const der = encodeUscResponse(r);
    expect(toHex(der)).toContain('0a0105' + '0400'.repeat(4));
    expect(decodeUscResponse(der)).toEqual(r);
  });

  it.each([
    ['status as INTEGER', (h: string) => h.replace(/0a0100/g, '020100'), 'ERR_GBCS_TAG'],
    ['IDs context-tagged', (h: string) => h.replace(`0408${NO}`, `8008${NO}`), 'ERR_GBCS_TAG'],
    ['negative status', (h: string) => h.replace('0a0100', '0a0180'), 'ERR_GBCS_FIELD_RANGE'],
    ['indefinite outer length', (h: string) => h.replace(/^30820083/, '3080'), 'ERR_GBCS_LENGTH'],
    ['outer length lies', (h: string) => h.replace(/^30820083/, '30820084'), 'ERR_GBCS_LENGTH'],
  ])('refuses %s with a coded error', (_name, edit, code) => {
    expect(codeOf(() => decodeUscResponse(hex(edit(toHex(hex(CONTENT))))))).toBe(code);
  });
});

describe('GBCS date-time', () => {
  it('decodes the reference value field by field', () => {
    const dt = decodeGbcsDateTime(hex(DATE_TIME));
    expect(dt).toEqual({ year: 2015, month: 1, day: 1, hour: 0, minute: 0, second: 0, hundredths: 0 });
    expect(gbcsDateTimeToDate(dt)?.toISOString()).toBe('2015-01-01T00:00:00.000Z');
  });

  it('encodes an instant in the same form and reads it back', () => {
    const at = new Date('2024-06-01T12:34:56Z');
    expect(toHex(encodeGbcsDateTime(at))).toBe('07e80601ff0c2238008000ff');
    expect(encodeGbcsDateTime(new Date('2015-01-01T00:00:00Z'))).toEqual(hex(DATE_TIME));
    expect(gbcsDateTimeToDate(decodeGbcsDateTime(encodeGbcsDateTime(at)))).toEqual(at);
  });

  it('refuses out-of-range fields and wrong lengths with coded errors', () => {
    expect(codeOf(() => decodeGbcsDateTime(hex('07df0101ff180000008000ff')))).toBe('ERR_GBCS_FIELD_RANGE');
    expect(codeOf(() => decodeGbcsDateTime(hex('07df0101ff0000000080')))).toBe('ERR_GBCS_LENGTH');
    expect(codeOf(() => encodeGbcsDateTime(new Date(Number.NaN)))).toBe('ERR_GBCS_ENCODE');
  });
});

describe('CS02b response and alert forms RTDS carries', () => {
  it('reads a change whose specialist floor list follows the floor (30 08 30 06 02 01 00 02 01 00)', () => {
    // the sequence-number changes of CONTENT with the specialist list appended inside the one change
    const withList = CONTENT.replace('30 82 00 83', '30 82 00 8e')
      .replace('30 7f', '30 81 89')
      .replace(
        '30 08 30 06 02 01 03 02 01 00',
        '30 12 30 10 02 01 03 02 01 00 30 08 30 06 02 01 00 02 01 00',
      );
    const findings: GbcsFinding[] = [];
    const r = decodeCs02bResponse(hex(withList), findings);
    expect(r.executionOutcome?.seqNumberChanges).toEqual([
      { role: 3, seq: 0n, specialistFloors: [{ usage: 0, seq: 0n }] },
    ]);
    expect(r.executionOutcome?.outcomes).toHaveLength(2);
    expect(findings.map((f) => f.code)).toEqual(['NON_MINIMAL_LENGTH']);
    // and the encoder writes the same list back
    expect(toHex(encodeUscResponse(r.executionOutcome!))).toBe(toHex(hex(withList)));
  });

  it('reads a cancellation or future-dated response holding commandAccepted only (30 02 05 00)', () => {
    expect(decodeCs02bResponse(hex('30 02 05 00'))).toEqual({});
    expect(() => decodeUscResponse(hex('30 02 05 00'))).toThrow('executionOutcome missing');
    expect(() => decodeCs02bResponse(hex('30 04 05 00 05 00'))).toThrow(GbcsError);
  });

  it('reads and writes the CS02b alert: alert code, execution date-time, execution outcome', () => {
    const alert = {
      alertCode: 0x8f70,
      executionDateTime: new Date('2030-01-15T00:00:00Z'),
      executionOutcome: expected,
    };
    const der = encodeCs02bAlert(alert);
    const outcome = toHex(encodeUscResponse(expected)).slice(12);
    expect(toHex(der)).toBe(
      `3081${(5 + 17 + outcome.length / 2).toString(16)}0203008f70180f${Buffer.from('20300115000000Z').toString('hex')}${outcome}`,
    );
    expect(decodeCs02bAlert(der)).toEqual(alert);
  });
});

describe('the CS02b alert code', () => {
  const alert = {
    alertCode: 0x8f70,
    executionDateTime: new Date('2030-01-15T00:00:00Z'),
    executionOutcome: expected,
  };
  it('reads 8F70 written as DER (02 03 00 8F 70) or as its two bytes (02 02 8F 70)', () => {
    const der = toHex(encodeCs02bAlert(alert));
    const twoBytes = der.replace('0203008f70', '02028f70');
    const outer = parseInt(twoBytes.slice(4, 6), 16) - 1;
    const fixed = `${twoBytes.slice(0, 4)}${outer.toString(16)}${twoBytes.slice(6)}`;
    expect(decodeCs02bAlert(hex(fixed))).toEqual(alert);
    expect(decodeCs02bAlert(hex(der))).toEqual(alert);
  });

  it('refuses a code longer than 16 bits or non-minimal', () => {
    const der = toHex(encodeCs02bAlert(alert));
    const long = der.replace('0203008f70', '0203018f70');
    expect(() => decodeCs02bAlert(hex(long))).toThrow(GbcsError);
    const padded = der.replace('0203008f70', '0203000070');
    expect(() => decodeCs02bAlert(hex(padded))).toThrow(GbcsError);
  });
});
