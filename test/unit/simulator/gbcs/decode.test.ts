import {
  decodeGbcs,
  GbcsError,
  gbcsMessageCodes,
  gbcsUseCase,
  verifyGbcs,
  type GbcsKeystore,
} from '../../../../simulator/gbcs';
import {
  ACB,
  brokenCs02bCommand,
  DEVICE,
  formsKeystore,
  gbcsForms,
  NETWORK_OPERATOR,
  NO_BY_NO,
  OUTCOME,
  SUPPLIER,
} from '../../../support/gbcs-forms';

const forms = gbcsForms();
const byName = (name: string) => forms.find((f) => f.name === name)!;
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('decodeGbcs over every RTDS-like form built from our own keys', () => {
  it.each(forms.map((f) => [f.name, f] as const))('%s: header, use case and content', (_name, f) => {
    const d = decodeGbcs(f.bytes);
    expect(d.envelope).toBe(f.envelope);
    expect(d.form).toBe(f.form);
    expect(d.messageCode).toBe(f.messageCode);
    expect(d.useCase?.id).toBe(f.useCaseId);
    expect(d.content.kind).toBe(f.contentKind);
    expect(d.payloadError).toBeUndefined();
    expect(d.findings.filter((x) => x.code !== 'NON_MINIMAL_LENGTH')).toEqual([]);
    expect(d.mac === undefined).toBe(f.envelope === 'general-signing');
  });

  it('reads the CS02b command with the specialist floor list inside the [6] change', () => {
    const d = decodeGbcs(byName('cs02b-command-wrapped').bytes);
    expect(d.content).toEqual({ kind: 'cs02b-command', updateSecurityCredentials: NO_BY_NO });
    expect([d.cra, d.originator, d.recipient, d.counter]).toEqual([
      'command',
      NETWORK_OPERATOR,
      DEVICE,
      1200n,
    ]);
    expect(d.useCase?.name).toBe('Update Security Credentials (networkOperatorByNetworkOperator)');
  });

  it('reads the ACB 8.5 command without the authorising cell', () => {
    const d = decodeGbcs(byName('cs02b-acb-8.5-no-authorising-cell').bytes);
    if (d.content.kind !== 'cs02b-command') throw new Error(d.content.kind);
    expect(d.content.updateSecurityCredentials.authorisingCell).toBeUndefined();
    expect(d.content.updateSecurityCredentials.mode).toBe(4);
  });

  it('reads responses with and without executionOutcome, and the CS02b alert', () => {
    expect(decodeGbcs(byName('cs02b-response-wrapped').bytes).content).toEqual({
      kind: 'cs02b-response',
      response: { executionOutcome: OUTCOME },
    });
    expect(decodeGbcs(byName('cs02b-response-command-accepted-only').bytes).content).toEqual({
      kind: 'cs02b-response',
      response: {},
    });
    const alert = decodeGbcs(byName('cs02b-alert').bytes);
    expect(alert.useCase?.name).toBe('Future Dated Update Security Credentials Alert');
    expect(alert.content).toEqual({
      kind: 'cs02b-alert',
      alert: {
        alertCode: 0x8f70,
        executionDateTime: new Date('2026-02-01T00:00:00Z'),
        executionOutcome: OUTCOME,
      },
    });
  });

  it('names 0x010B DBCH02 (Read CHF Sub GHz Channel Log) and keeps its DLMS content as bytes', () => {
    const d = decodeGbcs(byName('dbch02-response').bytes);
    expect(d.useCase).toEqual({ code: 0x010b, id: 'DBCH02', name: 'Read CHF Sub GHz Channel Log' });
    expect(d.content).toEqual({ kind: 'bytes', bytes: d.generalSigning.content });
    expect(toHex(d.generalSigning.content).startsWith('da')).toBe(true);
  });

  it('keeps the header of a CS02b command whose content does not decode, with a finding', () => {
    const bytes = brokenCs02bCommand();
    const d = decodeGbcs(bytes);
    expect([d.originator, d.recipient, d.counter, d.messageCode]).toEqual([
      NETWORK_OPERATOR,
      DEVICE,
      5n,
      0x0103,
    ]);
    expect(d.payloadError?.code).toMatch(/^ERR_GBCS_/);
    expect(d.content).toEqual({ kind: 'bytes', bytes: d.generalSigning.content });
    expect(d.findings.map((f) => f.code)).toContain('PAYLOAD_UNDECODED');
  });

  it('reports a message code GBCS does not define', () => {
    const f = byName('dbch02-command');
    const d = decodeGbcs(f.bytes);
    // change the message code inside the inner header: 0x010B -> 0x7777 (the MAC no longer matters here)
    const at = toHex(f.bytes).indexOf('02010b') / 2;
    const changed = f.bytes.slice();
    changed.set([0x77, 0x77], at + 1);
    const u = decodeGbcs(changed);
    expect(d.findings).toEqual([]);
    expect(u.useCase).toBeUndefined();
    expect(u.findings.map((x) => x.code)).toEqual(['UNKNOWN_MESSAGE_CODE']);
  });

  it.each([
    ['empty', ''],
    ['another tag', 'e0000000'],
    ['a cut header', 'df0901000000'],
  ])('throws GbcsError for %s', (_n, h) => {
    expect(() => decodeGbcs(Uint8Array.from(Buffer.from(h, 'hex')))).toThrow(GbcsError);
  });

  it('has a message-code table where every CS02b code is 0x0100..0x0109 and 0x010B is not CS02b', () => {
    const cs02b = gbcsMessageCodes().filter((c) => gbcsUseCase(c)?.id === 'CS02b');
    expect(cs02b).toEqual([0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, 0x108, 0x109]);
    expect(gbcsUseCase(0x010b)?.id).toBe('DBCH02');
  });
});

describe('verifyGbcs with a keystore', () => {
  const keystore = formsKeystore();

  it.each(forms.map((f) => [f.name, f] as const))('%s: signature and MAC', (_name, f) => {
    const v = verifyGbcs(f.bytes, keystore);
    expect(v.signature.status).toBe(f.form === 'signed' ? 'valid' : 'unsigned');
    expect(v.mac.status).toBe(f.envelope === 'general-ciphering' ? 'valid' : 'absent');
  });

  it('finds the ACB by its role-4 KA certificate for a command, the device and recipient otherwise', () => {
    expect(verifyGbcs(byName('cs02b-command-wrapped').bytes, keystore).mac.keys).toEqual({
      private: ACB,
      public: DEVICE,
    });
    expect(verifyGbcs(byName('dlms-alert-8f70').bytes, keystore).mac.keys).toEqual({
      private: DEVICE,
      public: SUPPLIER,
    });
  });

  it('says no-key when the store lacks the keys, and invalid after one changed bit', () => {
    const empty: GbcsKeystore = new Map();
    const f = byName('cs02b-response-wrapped');
    expect(verifyGbcs(f.bytes, empty)).toMatchObject({
      signature: { status: 'no-key' },
      mac: { status: 'no-key' },
    });
    const macFlipped = f.bytes.slice();
    macFlipped[macFlipped.length - 1]! ^= 1;
    expect(verifyGbcs(macFlipped, keystore)).toMatchObject({
      signature: { status: 'valid' },
      mac: { status: 'invalid', tried: 1 },
    });
    const sigFlipped = f.bytes.slice();
    sigFlipped[sigFlipped.length - 13]! ^= 1;
    const v = verifyGbcs(sigFlipped, keystore);
    expect([v.signature.status, v.mac.status]).toEqual(['invalid', 'invalid']);
  });

  it('checks with only the public keys of one end and the private key of the other', () => {
    const f = byName('cs02b-response-wrapped');
    const only: GbcsKeystore = new Map([
      [DEVICE, { ka: keystore.get(DEVICE)!.ka!, ds: keystore.get(DEVICE)!.ds! }],
      [NETWORK_OPERATOR, { kaPrivate: keystore.get(NETWORK_OPERATOR)!.kaPrivate! }],
    ]);
    expect(verifyGbcs(f.bytes, only)).toMatchObject({
      signature: { status: 'valid' },
      mac: { status: 'valid' },
    });
  });
});
