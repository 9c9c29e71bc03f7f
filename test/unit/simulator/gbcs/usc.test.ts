import {
  CredentialsReplacementMode,
  decodeUpdateSecurityCredentials,
  encodeUpdateSecurityCredentials,
  GbcsError,
  type UpdateSecurityCredentials,
} from '../../../../simulator/gbcs';

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Hand-assembled DER of a minimal networkOperatorByNetworkOperator USC (docs/domain.md §5).
const MINIMAL = `
  30 26
    30 10 020103  a2 07 020103 03020780  83 0204b0
    30 10 30 0e 3003020105  30 07 020103 03020308
    30 00`;

const minimal: UpdateSecurityCredentials = {
  mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
  authorisingCell: { role: 3, keyUsage: 'DS', cellUsage: 'management' },
  authorisingSeqNumber: 1200n,
  replacements: [
    { certificate: hex('3003020105'), targetCell: { role: 3, keyUsage: 'KA', cellUsage: 'management' } },
  ],
  certificationPath: [],
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

// The ACB's own 8.5 command as RTDS has it: no [2] authorisingRemotePartyTACellIdentifier.
const ACB_NO_CELL = `
  30 1d
    30 07 020104  83 0204b0
    30 10 30 0e 3003020105  30 07 020104 03020780
    30 00`;

// [6] other changes holding one change whose specialist floor list is 30 08 30 06 02 01 00 02 01 00.
const WITH_SPECIALIST = `
  30 3d
    30 27 020103  a2 07 020103 03020780  83 0204b0  840100
      a6 12 30 10 020102 020100  30 08 30 06 020100 020100
    30 10 30 0e 3003020105  30 07 020103 03020308
    30 00`;

describe('UpdateSecurityCredentials forms RTDS carries', () => {
  it('reads and writes the ACB 8.5 command without the authorising cell', () => {
    const v = decodeUpdateSecurityCredentials(hex(ACB_NO_CELL));
    expect(v.authorisingCell).toBeUndefined();
    expect(v.mode).toBe(CredentialsReplacementMode.accessControlBrokerByACB);
    expect(v.authorisingSeqNumber).toBe(1200n);
    expect(toHex(encodeUpdateSecurityCredentials(v))).toBe(toHex(hex(ACB_NO_CELL)));
  });

  it('reads and writes a sequence-number change carrying the specialist floor list', () => {
    const v = decodeUpdateSecurityCredentials(hex(WITH_SPECIALIST));
    expect(v.newFloorSeqNumber).toBe(0n);
    expect(v.otherSeqChanges).toEqual([{ role: 2, seq: 0n, specialistFloors: [{ usage: 0, seq: 0n }] }]);
    expect(toHex(encodeUpdateSecurityCredentials(v))).toBe(toHex(hex(WITH_SPECIALIST)));
  });

  it('still refuses bytes after the specialist list inside a change', () => {
    const bad = WITH_SPECIALIST.replace('30 3d', '30 40')
      .replace('30 27', '30 2a')
      .replace('a6 12 30 10', 'a6 15 30 13')
      .replace('020100 020100\n', '020100 020100 050100\n');
    expect(codeOf(() => decodeUpdateSecurityCredentials(hex(bad)))).toBe('ERR_GBCS_TRAILING');
  });
});

describe('UpdateSecurityCredentials DER', () => {
  it('encodes the minimal command to the expected DER', () => {
    expect(toHex(encodeUpdateSecurityCredentials(minimal))).toBe(toHex(hex(MINIMAL)));
  });

  it('decodes the minimal command', () => {
    expect(decodeUpdateSecurityCredentials(hex(MINIMAL))).toEqual(minimal);
  });

  it('carries every optional field with its implicit tag', () => {
    const full: UpdateSecurityCredentials = {
      ...minimal,
      mode: CredentialsReplacementMode.supplierBySupplier,
      plainTextSymmetricKey: new Uint8Array(16).fill(0x11),
      applyTimeBasedCpvChecks: 'disapply',
      authorisingCell: { role: 2, keyUsage: 'DS', cellUsage: 'management' },
      newFloorSeqNumber: 0n,
      specialistFloors: [{ usage: 2, seq: 5n }],
      otherSeqChanges: [{ role: 4, seq: 18446744073709551615n }],
      replacements: [
        { certificate: hex('3000'), targetCell: { role: 2, keyUsage: 'KA', cellUsage: 'prePaymentTopUp' } },
      ],
      certificationPath: [hex('3000'), hex('3001ff'.slice(0, 4) + '00')],
      executionDateTime: new Date('2030-01-15T00:00:00Z'),
    };
    const der = encodeUpdateSecurityCredentials(full);
    const h = toHex(der);
    expect(h).toContain('8010' + '11'.repeat(16));
    expect(h).toContain('810101');
    expect(h).toContain('840100');
    expect(h).toContain('a5083006020102020105');
    expect(h).toContain('3000' + '300a' + '020102' + '03020308' + '020101');
    expect(h.endsWith('180f' + Buffer.from('20300115000000Z').toString('hex'))).toBe(true);
    expect(decodeUpdateSecurityCredentials(der)).toEqual(full);
  });

  it.each([
    ['trailing byte after the outer SEQUENCE', MINIMAL + '00', 'ERR_GBCS_TRAILING'],
    ['outer length longer than the input', MINIMAL.replace('30 26', '30 27'), 'ERR_GBCS_LENGTH'],
    ['non-minimal long-form length', MINIMAL.replace('30 26', '30 81 26'), 'ERR_GBCS_LENGTH'],
    ['indefinite length', MINIMAL.replace('30 26', '30 80'), 'ERR_GBCS_LENGTH'],
    ['wrong tag for the authorising cell', MINIMAL.replace('a2 07', 'a3 07'), 'ERR_GBCS_TAG'],
    ['unknown mode 10', MINIMAL.replace('020103  a2', '02010a  a2'), 'ERR_GBCS_FIELD_RANGE'],
    ['negative sequence number', MINIMAL.replace('83 0204b0', '83 02 84b0'), 'ERR_GBCS_FIELD_RANGE'],
    [
      'non-minimal INTEGER',
      MINIMAL.replace('30 26', '30 27').replace('30 10 020103', '30 11 02020003'),
      'ERR_GBCS_DER',
    ],
    ['unknown role 9', MINIMAL.replace('a2 07 020103', 'a2 07 020109'), 'ERR_GBCS_FIELD_RANGE'],
    [
      'keyUsage with both bits',
      MINIMAL.replace('a2 07 020103 03020780', 'a2 07 020103 03020388'),
      'ERR_GBCS_FIELD_RANGE',
    ],
    [
      'no replacements',
      '30 16 30 10 020103 a2 07 020103 03020780 83 0204b0 3000 3000',
      'ERR_GBCS_FIELD_RANGE',
    ],
    ['multi-byte tag', MINIMAL.replace('30 00', '1f 00'), 'ERR_GBCS_TAG'],
  ])('rejects %s', (_name, h, code) => {
    expect(codeOf(() => decodeUpdateSecurityCredentials(hex(h)))).toBe(code);
  });

  it('rejects an explicitly encoded DEFAULT cellUsage (DER)', () => {
    const h = MINIMAL.replace('30 26', '30 29')
      .replace('30 10 30 0e', '30 13 30 11')
      .replace('30 07 020103 03020308', '30 0a 020103 03020308 020100');
    expect(codeOf(() => decodeUpdateSecurityCredentials(hex(h)))).toBe('ERR_GBCS_DER');
  });

  it('rejects a GeneralizedTime that is not a calendar instant', () => {
    const time = '180f' + Buffer.from('20300230000000Z').toString('hex');
    const h = MINIMAL.replace('30 26', '30 37') + time;
    expect(codeOf(() => decodeUpdateSecurityCredentials(hex(h)))).toBe('ERR_GBCS_FIELD_RANGE');
  });

  it('refuses to encode without the authorising sequence number or with sub-second execution time', () => {
    expect(
      codeOf(() => encodeUpdateSecurityCredentials({ ...minimal, authorisingSeqNumber: undefined })),
    ).toBe('ERR_GBCS_ENCODE');
    expect(
      codeOf(() => encodeUpdateSecurityCredentials({ ...minimal, executionDateTime: new Date(1500) })),
    ).toBe('ERR_GBCS_ENCODE');
  });
});
