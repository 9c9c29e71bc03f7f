import { deriveSigner, parseEui } from '../../../certs';
import { referencePki } from '../../../simulator';
import { signPreCommand } from '../../../simulator/critical';
import {
  buildCs02bCommand,
  CredentialsReplacementMode,
  decodeGeneralSigning,
  encodeGeneralSigning,
  signKrp,
  type GeneralSigningApdu,
} from '../../../simulator/gbcs';

const pki = referencePki('critical-test');
const nob = pki.parties.find((p) => p.name === 'NO-B')!;
const cell = { role: 3, keyUsage: 'DS', cellUsage: 'management' } as const;
const apdu: GeneralSigningApdu = buildCs02bCommand({
  originator: nob.eui,
  recipient: parseEui('00-DB-12-34-56-78-90-02'),
  counter: 7n,
  usc: {
    mode: CredentialsReplacementMode.networkOperatorByNetworkOperator,
    authorisingCell: cell,
    authorisingSeqNumber: 7n,
    replacements: [{ certificate: nob.ds.certificate.der, targetCell: cell }],
    certificationPath: [pki.ca.certificate.der],
  },
});
// RFC 6979 signatures: the same input gives the same bytes, so the two ways can be compared.
const signer = deriveSigner('critical-test', 'user');

/** The way of signing a pre-command that decodes, drops the signature and encodes it again. */
function reencodeAndSign(preCommand: Uint8Array): Uint8Array {
  const decoded = decodeGeneralSigning(preCommand);
  const unsigned: GeneralSigningApdu = {
    craFlag: decoded.craFlag,
    originatorCounter: decoded.originatorCounter,
    originator: decoded.originator,
    recipient: decoded.recipient,
    messageCode: decoded.messageCode,
    content: decoded.content,
    ...(decoded.dateTime ? { dateTime: decoded.dateTime } : {}),
    ...(decoded.supplementary ? { supplementary: decoded.supplementary } : {}),
  };
  return signKrp(unsigned, signer);
}

describe('signPreCommand', () => {
  it.each([
    ['pre-command', encodeGeneralSigning(apdu)],
    ['unsigned', Uint8Array.from([...encodeGeneralSigning(apdu), 0])],
    ['signed by someone else', signKrp(apdu, deriveSigner('critical-test', 'other'))],
  ])('signs a %s form exactly as re-encoding it would', (_form, preCommand) => {
    const signed = signPreCommand(preCommand, signer);
    expect(Buffer.from(signed).equals(Buffer.from(reencodeAndSign(preCommand)))).toBe(true);
    expect(decodeGeneralSigning(signed).form).toBe('signed');
  });

  it('re-encodes without a signature when no signer is given', () => {
    const pre = encodeGeneralSigning(apdu);
    expect(Buffer.from(signPreCommand(pre, undefined)).equals(Buffer.from(pre))).toBe(true);
  });
});
